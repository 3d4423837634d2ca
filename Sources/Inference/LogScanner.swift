import Foundation
import KnowledgeBase

/// Finds mail failures in an Odoo server log and groups them by cause.
///
/// Odoo writes `2024-03-05 10:15:22,123 4321 ERROR mydb odoo.addons.mail.models.mail_mail:
/// message`, with tracebacks on the lines after. A record is a header line plus those lines.
/// Feed lines in order with `consume`; call `finish` at the end. Lines are examined as bytes:
/// only the records of mail loggers ever become strings, so a log of gigabytes costs about a
/// byte comparison per line. Memory stays flat: the current record, one sample per group and a
/// cache keyed by what the signatures found.
package final class LogScanner {
    /// One group of failures that share a cause.
    package struct Group: Sendable {
        /// The cause id, or nil for failures the rules do not recognise.
        package var cause: String?
        package var count: Int
        package var first: String
        package var last: String
        package var sample: String
        package var probability: Double
    }

    package private(set) var lines = 0
    package private(set) var records = 0
    package private(set) var failures = 0
    private var groups: [String: Group] = [:]
    private var order: [String] = []
    /// The current record, kept only when its header is a mail failure candidate.
    private var header: [UInt8]?
    private var body: [[UInt8]] = []
    private var cache: [String: (cause: String?, probability: Double)] = [:]
    private let engine: Engine

    /// Lines kept per record: a traceback is short; a runaway record must not grow without bound.
    static let maximumRecordLines = 200
    /// Bytes kept per line of a record.
    static let maximumLineBytes = 16_384

    package init(engine: Engine) {
        self.engine = engine
    }

    package func consume(_ line: Substring) {
        var copy = line
        copy.withUTF8 { consume(UnsafeRawBufferPointer($0)) }
    }

    package func consume(_ line: UnsafeRawBufferPointer) {
        lines += 1
        if LogScanner.isHeader(line) {
            flush()
            records += 1
            if LogScanner.isMailCandidate(line) { header = Array(line.prefix(Self.maximumLineBytes)) }
        } else if header != nil && body.count < LogScanner.maximumRecordLines {
            body.append(Array(line.prefix(Self.maximumLineBytes)))
        }
    }

    /// Groups, most frequent first.
    package func finish() -> [Group] {
        flush()
        return order.compactMap { groups[$0] }.sorted { $0.count > $1.count }
    }

    /// `YYYY-MM-DD HH:MM:SS` at the start of the line.
    static func isHeader(_ line: UnsafeRawBufferPointer) -> Bool {
        guard line.count >= 19 else { return false }
        for position in 0..<19 {
            let byte = line[position]
            switch position {
            case 4, 7: if byte != UInt8(ascii: "-") { return false }
            case 10: if byte != UInt8(ascii: " ") { return false }
            case 13, 16: if byte != UInt8(ascii: ":") { return false }
            default: if byte < UInt8(ascii: "0") || byte > UInt8(ascii: "9") { return false }
            }
        }
        return true
    }

    /// A record worth reading: a mail logger (its fifth field mentions `mail`: `odoo.addons.mail...`,
    /// `...ir_mail_server`) at WARNING or above, or at INFO saying "delivery failed" (Odoo logs
    /// delivery failures at INFO). Decided on bytes: the common case is a quick "no".
    static func isMailCandidate(_ line: UnsafeRawBufferPointer) -> Bool {
        // Field boundaries: date, time, pid, level, database, logger (no allocation: this runs
        // for every record of a log of gigabytes).
        var field = 0
        var levelStart = 0
        var logger = 0
        var index = 0
        let count = line.count
        while index < count && field < 5 {
            if line[index] == 0x20 {
                while index + 1 < count && line[index + 1] == 0x20 { index += 1 }
                field += 1
                if field == 3 { levelStart = index + 1 }
                if field == 5 { logger = index + 1 }
            }
            index += 1
        }
        guard field == 5, logger < count else { return false }
        var sawMail = false
        var position = logger
        while position + 3 < count && line[position] != 0x3A /* : */ {
            if line[position] == 0x6D && line[position + 1] == 0x61 && line[position + 2] == 0x69
                && line[position + 3] == 0x6C
            {
                sawMail = true
                break
            }
            position += 1
        }
        guard sawMail else { return false }
        let level = line[levelStart]
        // ERROR, CRITICAL, WARNING.
        if level == 0x45 || level == 0x43 || level == 0x57 { return true }
        return contains(line, "elivery failed") || contains(line, "elivery Failed")
    }

    static func contains(_ line: UnsafeRawBufferPointer, _ needle: StaticString) -> Bool {
        PatternTrigger.occurs(
            UnsafeRawBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount),
            in: line)
    }

    /// The parts of a header: time, level, logger and message.
    static func fields(
        of header: Substring
    ) -> (
        time: String, level: Substring, logger: Substring,
        message: Substring
    )? {
        let parts = header.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
        guard parts.count == 6 else { return nil }
        let time = String(header.prefix(19))
        let level = parts[3]
        let rest = parts[5]
        guard let colon = rest.firstIndex(of: ":") else { return nil }
        return (time, level, rest[rest.startIndex..<colon], rest[rest.index(after: colon)...])
    }

    /// A mail failure: a record from a mail logger that reports a failure.
    static func isMailFailure(
        level: Substring, logger: Substring, message: Substring,
        hasTraceback: Bool
    ) -> Bool {
        guard logger.contains("mail") else { return false }
        if level == "ERROR" || level == "CRITICAL" { return true }
        if level == "WARNING" {
            return message.contains("fail") || message.contains("rror") || hasTraceback
        }
        // ir_mail_server logs delivery failures at INFO.
        return message.contains("delivery failed") || message.contains("Delivery Failed")
    }

    private func flush() {
        defer {
            header = nil
            body.removeAll(keepingCapacity: true)
        }
        guard let headerBytes = header else { return }
        let headerText = Substring(String(decoding: headerBytes, as: UTF8.self))
        guard let fields = LogScanner.fields(of: headerText),
            LogScanner.isMailFailure(
                level: fields.level, logger: fields.logger,
                message: fields.message, hasTraceback: !body.isEmpty)
        else { return }
        failures += 1
        var text = String(fields.message)
        for line in body { text += "\n" + String(decoding: line, as: UTF8.self) }
        let reading = engine.reader.read(text)
        // Failures that read the same (same signatures, same facts) have the same cause.
        let key =
            reading.facts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            .joined(separator: "|") + "#" + reading.matchedIDs.sorted().joined(separator: ",")
        let verdict: (cause: String?, probability: Double)
        if let cached = cache[key] {
            verdict = cached
        } else {
            // The text was read once above; the beliefs come from that reading.
            let beliefs = engine.beliefs(for: engine.facts(reading: reading, text: text))
            if reading.matches.isEmpty || beliefs.other >= (beliefs.top?.probability ?? 0) {
                verdict = (nil, beliefs.other)
            } else {
                verdict = (beliefs.top?.cause, beliefs.top?.probability ?? 0)
            }
            cache[key] = verdict
        }
        let groupKey = verdict.cause ?? ""
        if var group = groups[groupKey] {
            group.count += 1
            // The earliest and latest times, not the first and last seen: logs of several
            // workers, or concatenated rotations, are not in time order. `YYYY-MM-DD HH:MM:SS`
            // sorts as text.
            if fields.time < group.first { group.first = fields.time }
            if fields.time > group.last { group.last = fields.time }
            groups[groupKey] = group
        } else {
            groups[groupKey] = Group(
                cause: verdict.cause, count: 1, first: fields.time,
                last: fields.time,
                sample: LogScanner.sample(text, keyAt: LogScanner.keyOffset(reading)),
                probability: verdict.probability)
            order.append(groupKey)
        }
    }

    /// Where the signature that decided the error kind matched (else the last match: the
    /// exception comes after the header that announces it).
    static func keyOffset(_ reading: ErrorTextReader.Reading) -> Int? {
        if let decisive = reading.factOrigins["error.kind"],
            let match = reading.matches.first(where: { $0.signature == decisive })
        {
            return match.offset
        }
        return reading.matches.last?.offset
    }

    /// The header line, the line at `offset` (the one that says what failed, wherever it sits
    /// in the traceback) and the last line. Secrets a log line holds (smtplib debug output, a
    /// logged URL) are masked.
    static func sample(_ text: String, keyAt offset: Int? = nil) -> String {
        let lines = text.lineSlices.filter { !$0.isEmpty }
        guard let first = lines.first else { return "" }
        var picked: [Substring] = [first]
        // Lines are slices of `text`: the same line is the same start index.
        func add(_ line: Substring) {
            if !picked.contains(where: { $0.startIndex == line.startIndex }) { picked.append(line) }
        }
        if let offset,
            let index = Range(NSRange(location: min(offset, text.utf16.count), length: 0), in: text)?.lowerBound,
            let key = lines.first(where: { $0.startIndex <= index && index <= $0.endIndex })
        {
            add(key)
        }
        if let last = lines.last { add(last) }
        let joined =
            picked.count < lines.count && picked.count > 1
            ? picked.dropLast().map(String.init).joined(separator: "\n") + "\n…\n" + String(picked.last!)
            : picked.map(String.init).joined(separator: "\n")
        return SecretRedactor.redact(joined)
    }
}

import Foundation
import KnowledgeBase

/// Finds mail failures in an Odoo server log and groups them by cause.
///
/// Odoo writes `2024-03-05 10:15:22,123 4321 ERROR mydb odoo.addons.mail.models.mail_mail:
/// message`, with tracebacks on the lines after. A record is a header line plus those lines.
/// Feed whole lines with `consume(lines:)` (a buffer of them) or `consume(_:)` (one line);
/// call `finish` at the end. Lines are examined as bytes: only the records of mail loggers
/// ever become strings, so a log of gigabytes costs about a `memchr` and a few byte comparisons
/// per line, and no allocation. Memory stays flat: the current record, one sample per group
/// and two caches of verdicts.
///
/// A failure's verdict is cached by its text with the volatile tokens masked
/// (`VolatileTokens`: Odoo's mail id, Gmail's session token, ...), so a failure that repeats
/// is read once. Scanners of consecutive parts of one log combine with `merge`, in file order,
/// to the same result a single scanner gives for the whole log.
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

    /// What a failure's text comes to: its cause and how probable.
    package struct Verdict: Sendable {
        var cause: String?
        var probability: Double
    }

    /// The verdicts already reached, shared by the scanners of the parts of one log (each
    /// text is read once, on whichever core meets it first): by the failure's text with its
    /// volatile tokens masked (`VolatileTokens`), and by what a reading found (same signatures,
    /// same facts: same cause).
    package final class Verdicts: @unchecked Sendable {
        private let lock = NSLock()
        private var byText: [String: Verdict] = [:]
        private var byReading: [String: Verdict] = [:]

        package init() {}

        /// How many texts were read (one per masked text, unless two cores met it at once).
        package var texts: Int { lock.withLock { byText.count } }

        func verdict(text key: String) -> Verdict? { lock.withLock { byText[key] } }
        func set(text key: String, _ verdict: Verdict) { lock.withLock { byText[key] = verdict } }
        func verdict(reading key: String) -> Verdict? { lock.withLock { byReading[key] } }
        func set(reading key: String, _ verdict: Verdict) { lock.withLock { byReading[key] = verdict } }
    }

    /// A group while scanning: its sample is made from `sampleText` at the end, unless it
    /// was made already (when the text had just been read).
    private struct Entry {
        var group: Group
        var sampleText: String?
    }

    package private(set) var lines = 0
    package private(set) var records = 0
    package private(set) var failures = 0
    private var groups: [String: Entry] = [:]
    private var order: [String] = []
    /// Whether the current record's header is a mail failure candidate; only then are its
    /// header and lines kept.
    private var keeping = false
    private var header: [UInt8] = []
    /// The record's lines after the header, each after a newline but the first.
    private var body: [UInt8] = []
    private var bodyLines = 0
    package let verdicts: Verdicts
    /// Where "elivery failed" or "elivery Failed" starts in the buffer being read.
    private var deliveryWords: [Int] = []
    private let engine: Engine

    /// Lines kept per record: a traceback is short; a runaway record must not grow without bound.
    static let maximumRecordLines = 200
    /// Bytes kept per line of a record.
    static let maximumLineBytes = 16_384

    /// A scanner; the scanners of one log's parts share `verdicts`.
    package init(engine: Engine, verdicts: Verdicts = Verdicts()) {
        self.engine = engine
        self.verdicts = verdicts
        header.reserveCapacity(1024)
        body.reserveCapacity(4096)
    }

    package func consume(_ line: Substring) {
        var copy = line
        copy.withUTF8 { consume(UnsafeRawBufferPointer($0)) }
    }

    /// One line, without its newline (a trailing carriage return is dropped).
    package func consume(_ line: UnsafeRawBufferPointer) {
        lines += 1
        guard let base = line.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            if keeping { keep(UnsafeBufferPointer(start: nil, count: 0)) }
            return
        }
        var count = line.count
        if count > 0 && base[count - 1] == 0x0D { count -= 1 }
        if Self.isHeader(base, count) {
            records += 1
            flush()
            if Self.isMailCandidate(base, count, deliveryFailed: nil) { begin(base, count) }
        } else if keeping {
            keep(UnsafeBufferPointer(start: base, count: count))
        }
    }

    /// Every line of `buffer`: whole lines, each ending in a newline except perhaps the last
    /// (the end of the input). Lines end at `\n`; a `\r` before it is dropped.
    ///
    /// The literal pre-filter: a header is a candidate only at WARNING or above, or when it
    /// says "delivery failed"; those words are found once in the whole buffer (`memchr` for
    /// their rare `v`) rather than looked for in each line, and the level is read at its place
    /// in the header. Every line start is still visited (one `memchr` and a 19-byte check),
    /// since `lines` and `records` count them all.
    package func consume(lines buffer: UnsafeRawBufferPointer) {
        guard let base = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), buffer.count > 0 else {
            return
        }
        let count = buffer.count
        findDeliveryWords(base, count)
        var word = 0
        var lineCount = 0
        var recordCount = 0
        var start = 0
        while start < count {
            let end: Int
            if let newline = memchr(base + start, 0x0A, count - start) {
                end = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(newline))
            } else {
                end = count
            }
            var length = end - start
            if length > 0 && base[end - 1] == 0x0D { length -= 1 }
            lineCount += 1
            let line = base + start
            if Self.isHeader(line, length) {
                recordCount += 1
                if keeping { flush() }
                while word < deliveryWords.count && deliveryWords[word] < start { word += 1 }
                let deliveryFailed =
                    word < deliveryWords.count && deliveryWords[word] + Self.deliveryFailed.count <= start + length
                if Self.isMailCandidate(line, length, deliveryFailed: deliveryFailed) { begin(line, length) }
            } else if keeping {
                keep(UnsafeBufferPointer(start: line, count: length))
            }
            start = end + 1
        }
        lines += lineCount
        records += recordCount
    }

    /// Groups, most frequent first.
    package func finish() -> [Group] {
        flush()
        for key in order {
            guard var entry = groups[key], let text = entry.sampleText else { continue }
            entry.group.sample = LogScanner.sample(text, keyAt: LogScanner.keyOffset(engine.reader.read(text)))
            entry.sampleText = nil
            groups[key] = entry
        }
        return order.compactMap { groups[$0]?.group }.sorted { $0.count > $1.count }
    }

    /// Adds what `later` found in the part of the log that follows this scanner's part (from
    /// the header line where this part's last record ended): counts add, times widen, and a
    /// group's sample and probability stay those of its earliest failure in the file.
    package func merge(_ later: LogScanner) {
        flush()
        later.flush()
        lines += later.lines
        records += later.records
        failures += later.failures
        for key in later.order {
            guard let theirs = later.groups[key] else { continue }
            if var ours = groups[key] {
                ours.group.count += theirs.group.count
                if theirs.group.first < ours.group.first { ours.group.first = theirs.group.first }
                if theirs.group.last > ours.group.last { ours.group.last = theirs.group.last }
                groups[key] = ours
            } else {
                groups[key] = theirs
                order.append(key)
            }
        }
    }

    private func begin(_ line: UnsafePointer<UInt8>, _ count: Int) {
        header.removeAll(keepingCapacity: true)
        header.append(contentsOf: UnsafeBufferPointer(start: line, count: min(count, Self.maximumLineBytes)))
        body.removeAll(keepingCapacity: true)
        bodyLines = 0
        keeping = true
    }

    private func keep(_ line: UnsafeBufferPointer<UInt8>) {
        guard bodyLines < Self.maximumRecordLines else { return }
        if bodyLines > 0 { body.append(0x0A) }
        body.append(contentsOf: line.prefix(Self.maximumLineBytes))
        bodyLines += 1
    }

    static let deliveryFailed = Array("elivery failed".utf8)

    /// The offsets in `base` where "elivery failed" or "elivery Failed" starts, in order. Found
    /// by its `v` (rare in logs: `memchr` skips most of the buffer), then compared.
    private func findDeliveryWords(_ base: UnsafePointer<UInt8>, _ count: Int) {
        deliveryWords.removeAll(keepingCapacity: true)
        let needle = Self.deliveryFailed.count
        // "elivery failed": the v is the fourth byte.
        var offset = 3
        while offset + needle - 3 <= count {
            guard let hit = memchr(base + offset, 0x76, count - (needle - 3) + 1 - offset) else { return }
            let v = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
            let at = base + v - 3
            if at[0] == 0x65, at[1] == 0x6C, at[2] == 0x69, at[4] == 0x65, at[5] == 0x72, at[6] == 0x79,
                at[7] == 0x20, at[8] == 0x66 || at[8] == 0x46, at[9] == 0x61, at[10] == 0x69, at[11] == 0x6C,
                at[12] == 0x65, at[13] == 0x64
            {
                deliveryWords.append(v - 3)
            }
            offset = v + 1
        }
    }

    /// `YYYY-MM-DD HH:MM:SS` at the start of the line.
    static func isHeader(_ line: UnsafeRawBufferPointer) -> Bool {
        guard let base = line.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return false }
        return isHeader(base, line.count)
    }

    /// `YYYY-MM-DD HH:MM:SS` at the start of the `count` bytes at `line`.
    @inline(__always)
    package static func isHeader(_ line: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        guard count >= 19, line[0] &- 0x30 < 10 else { return false }
        guard line[4] == 0x2D, line[7] == 0x2D, line[10] == 0x20, line[13] == 0x3A, line[16] == 0x3A else {
            return false
        }
        return digit(line, 1) && digit(line, 2) && digit(line, 3) && digit(line, 5) && digit(line, 6)
            && digit(line, 8) && digit(line, 9) && digit(line, 11) && digit(line, 12) && digit(line, 14)
            && digit(line, 15) && digit(line, 17) && digit(line, 18)
    }

    @inline(__always)
    private static func digit(_ line: UnsafePointer<UInt8>, _ position: Int) -> Bool {
        line[position] &- 0x30 < 10
    }

    /// A record worth reading: a mail logger (its fifth field mentions `mail`: `odoo.addons.mail...`,
    /// `...ir_mail_server`) at WARNING or above, or at INFO saying "delivery failed" (Odoo logs
    /// delivery failures at INFO). Decided on bytes: the common case is a quick "no".
    static func isMailCandidate(_ line: UnsafeRawBufferPointer) -> Bool {
        guard let base = line.baseAddress?.assumingMemoryBound(to: UInt8.self), isHeader(base, line.count) else {
            return false
        }
        return isMailCandidate(base, line.count, deliveryFailed: nil)
    }

    /// The same on the `count` bytes at `line`, a header (`isHeader`); `deliveryFailed` says
    /// whether the line holds "elivery failed" or "elivery Failed" (nil: look).
    @inline(__always)
    static func isMailCandidate(_ line: UnsafePointer<UInt8>, _ count: Int, deliveryFailed: Bool?) -> Bool {
        // Field boundaries: date, time, pid, level, database, logger (no allocation: this runs
        // for every record of a log of gigabytes). The level first: most records are INFO.
        // The caller saw a header: `YYYY-MM-DD HH:MM:SS`, one space in it.
        var field = 1
        var levelStart = 0
        var logger = 0
        var index = 19
        while index < count && field < 3 {
            if line[index] == 0x20 {
                while index + 1 < count && line[index + 1] == 0x20 { index += 1 }
                field += 1
                if field == 3 { levelStart = index + 1 }
            }
            index += 1
        }
        guard field == 3, levelStart < count else { return false }
        let level = line[levelStart]
        // ERROR, CRITICAL, WARNING.
        let severe = level == 0x45 || level == 0x43 || level == 0x57
        if !severe {
            let raw = UnsafeRawBufferPointer(start: line, count: count)
            guard deliveryFailed ?? (contains(raw, "elivery failed") || contains(raw, "elivery Failed")) else {
                return false
            }
        }
        while index < count && field < 5 {
            if line[index] == 0x20 {
                while index + 1 < count && line[index + 1] == 0x20 { index += 1 }
                field += 1
                if field == 5 { logger = index + 1 }
            }
            index += 1
        }
        guard field == 5, logger < count else { return false }
        var position = logger
        while position + 3 < count && line[position] != 0x3A /* : */ {
            if line[position] == 0x6D && line[position + 1] == 0x61 && line[position + 2] == 0x69
                && line[position + 3] == 0x6C
            {
                return true
            }
            position += 1
        }
        return false
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
        // Literal byte comparisons (Foundation's `contains` costs more than the whole scan of
        // the lines around it).
        guard contains(logger, "mail") else { return false }
        if level == "ERROR" || level == "CRITICAL" { return true }
        if level == "WARNING" {
            return hasTraceback || contains(message, "fail") || contains(message, "rror")
        }
        // ir_mail_server logs delivery failures at INFO.
        return contains(message, "delivery failed") || contains(message, "Delivery Failed")
    }

    static func contains(_ text: Substring, _ needle: StaticString) -> Bool {
        var text = text
        return text.withUTF8 { contains(UnsafeRawBufferPointer($0), needle) }
    }

    private func flush() {
        guard keeping else { return }
        keeping = false
        let headerText = Substring(String(decoding: header, as: UTF8.self))
        guard let fields = LogScanner.fields(of: headerText),
            LogScanner.isMailFailure(
                level: fields.level, logger: fields.logger,
                message: fields.message, hasTraceback: bodyLines > 0)
        else { return }
        failures += 1
        var text = String(fields.message)
        if bodyLines > 0 {
            text += "\n"
            text += String(decoding: body, as: UTF8.self)
        }
        let key = VolatileTokens.masked(text)
        var reading: ErrorTextReader.Reading?
        let verdict: Verdict
        if let known = verdicts.verdict(text: key) {
            verdict = known
        } else {
            // A text not seen before (masked): read the real one.
            let read = engine.reader.read(text)
            reading = read
            verdict = self.verdict(read, text: text)
            verdicts.set(text: key, verdict)
        }
        let groupKey = verdict.cause ?? ""
        if var entry = groups[groupKey] {
            entry.group.count += 1
            // The earliest and latest times, not the first and last seen: logs of several
            // workers, or concatenated rotations, are not in time order. `YYYY-MM-DD HH:MM:SS`
            // sorts as text.
            if fields.time < entry.group.first { entry.group.first = fields.time }
            if fields.time > entry.group.last { entry.group.last = fields.time }
            groups[groupKey] = entry
        } else {
            // The reading says which line of the record to show; when this text was not read
            // here (another part's scanner read it), it is read at the end, and only if this
            // group is still the earliest of its cause.
            var entry = Entry(
                group: Group(
                    cause: verdict.cause, count: 1, first: fields.time, last: fields.time, sample: "",
                    probability: verdict.probability),
                sampleText: text)
            if let reading {
                entry.group.sample = LogScanner.sample(text, keyAt: LogScanner.keyOffset(reading))
                entry.sampleText = nil
            }
            groups[groupKey] = entry
            order.append(groupKey)
        }
    }

    /// The cause a reading points to, or nil when the rules do not recognise it.
    private func verdict(_ reading: ErrorTextReader.Reading, text: String) -> Verdict {
        // Failures that read the same (same signatures, same facts) have the same cause.
        let key =
            reading.facts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            .joined(separator: "|") + "#" + reading.matchedIDs.sorted().joined(separator: ",")
        if let known = verdicts.verdict(reading: key) { return known }
        let beliefs = engine.beliefs(for: engine.facts(reading: reading, text: text))
        let verdict =
            reading.matches.isEmpty || beliefs.other >= (beliefs.top?.probability ?? 0)
            ? Verdict(cause: nil, probability: beliefs.other)
            : Verdict(cause: beliefs.top?.cause, probability: beliefs.top?.probability ?? 0)
        verdicts.set(reading: key, verdict)
        return verdict
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

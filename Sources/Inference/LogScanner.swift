import KnowledgeBase

/// Finds mail failures in an Odoo server log and groups them by cause.
///
/// Odoo writes `2024-03-05 10:15:22,123 4321 ERROR mydb odoo.addons.mail.models.mail_mail:
/// message`, with tracebacks on the lines after. A record is a header line plus those lines.
/// Feed lines in order with `consume`; call `finish` at the end. Memory stays flat: only the
/// current record, one sample per group and a cache keyed by what the signatures found.
public final class LogScanner {
    /// One group of failures that share a cause.
    public struct Group: Sendable {
        /// The cause id, or nil for failures the rules do not recognise.
        public var cause: String?
        public var count: Int
        public var first: String
        public var last: String
        public var sample: String
        public var probability: Double
    }

    public private(set) var lines = 0
    public private(set) var records = 0
    public private(set) var failures = 0
    private var groups: [String: Group] = [:]
    private var order: [String] = []
    private var header: Substring?
    private var body: [Substring] = []
    private var cache: [String: (cause: String?, probability: Double)] = [:]
    private let engine: Engine

    /// Lines kept per record: a traceback is short; a runaway record must not grow without bound.
    static let maximumRecordLines = 200

    public init(engine: Engine) {
        self.engine = engine
    }

    public func consume(_ line: Substring) {
        lines += 1
        if LogScanner.isHeader(line) {
            flush()
            header = line
            records += 1
        } else if header != nil && body.count < LogScanner.maximumRecordLines {
            body.append(line)
        }
    }

    /// Groups, most frequent first.
    public func finish() -> [Group] {
        flush()
        return order.compactMap { groups[$0] }.sorted { $0.count > $1.count }
    }

    /// `YYYY-MM-DD HH:MM:SS` at the start of the line.
    static func isHeader(_ line: Substring) -> Bool {
        let utf8 = line.utf8
        guard utf8.count >= 19 else { return false }
        var index = utf8.startIndex
        for position in 0..<19 {
            let byte = utf8[index]
            switch position {
            case 4, 7: if byte != UInt8(ascii: "-") { return false }
            case 10: if byte != UInt8(ascii: " ") { return false }
            case 13, 16: if byte != UInt8(ascii: ":") { return false }
            default: if byte < UInt8(ascii: "0") || byte > UInt8(ascii: "9") { return false }
            }
            index = utf8.index(after: index)
        }
        return true
    }

    /// The parts of a header: time, level, logger and message.
    static func fields(of header: Substring) -> (time: String, level: Substring, logger: Substring,
                                                 message: Substring)? {
        let parts = header.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
        guard parts.count == 6 else { return nil }
        let time = String(header.prefix(19))
        let level = parts[3]
        let rest = parts[5]
        guard let colon = rest.firstIndex(of: ":") else { return nil }
        return (time, level, rest[rest.startIndex..<colon], rest[rest.index(after: colon)...])
    }

    /// A mail failure: a record from a mail logger that reports a failure.
    static func isMailFailure(level: Substring, logger: Substring, message: Substring,
                              hasTraceback: Bool) -> Bool {
        guard logger.contains("mail") else { return false }
        if level == "ERROR" || level == "CRITICAL" { return true }
        if level == "WARNING" {
            return message.contains("fail") || message.contains("rror") || hasTraceback
        }
        // ir_mail_server logs delivery failures at INFO.
        return message.contains("delivery failed") || message.contains("Delivery Failed")
    }

    private func flush() {
        defer { header = nil; body.removeAll(keepingCapacity: true) }
        guard let header, let fields = LogScanner.fields(of: header),
              LogScanner.isMailFailure(level: fields.level, logger: fields.logger,
                                       message: fields.message, hasTraceback: !body.isEmpty)
        else { return }
        failures += 1
        var text = String(fields.message)
        for line in body { text += "\n" + line }
        let reading = engine.reader.read(text)
        // Failures that read the same (same signatures, same facts) have the same cause.
        let key = reading.facts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            .joined(separator: "|") + "#" + reading.matchedIDs.sorted().joined(separator: ",")
        let verdict: (cause: String?, probability: Double)
        if let cached = cache[key] {
            verdict = cached
        } else {
            var session = Session(errorText: text)
            session.errorText = text
            let beliefs = engine.evaluate(session).beliefs
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
            group.last = fields.time
            groups[groupKey] = group
        } else {
            let sample = text.split(separator: "\n").prefix(6).joined(separator: "\n")
            groups[groupKey] = Group(cause: verdict.cause, count: 1, first: fields.time,
                                     last: fields.time, sample: sample,
                                     probability: verdict.probability)
            order.append(groupKey)
        }
    }
}

import KnowledgeBase
import Yams

/// Typed reading of a YAML mapping with positioned diagnostics. Every key read is remembered,
/// so `finish()` can report the keys nobody asked for: unknown keys are errors, because a typo
/// such as `prior_probability` must not pass silently.
final class NodeReader {
    let node: Node
    let file: String
    let sink: DiagnosticSink
    /// What the mapping is, for messages: "cause 'port-blocked'".
    let what: String
    private let pairs: [(key: String, keyNode: Node, value: Node)]
    private var used: Set<String> = []

    init?(_ node: Node, what: String, file: String, sink: DiagnosticSink) {
        self.node = node
        self.file = file
        self.sink = sink
        self.what = what
        guard let mapping = node.mapping else {
            sink.error(
                "\(what) must be a mapping of keys to values, found \(node.kindName)",
                at: NodeReader.location(of: node, in: file))
            return nil
        }
        var pairs: [(String, Node, Node)] = []
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                sink.error(
                    "keys in \(what) must be plain words, found \(key.kindName)",
                    at: NodeReader.location(of: key, in: file))
                continue
            }
            pairs.append((name, key, value))
        }
        self.pairs = pairs
    }

    var location: SourceLocation { NodeReader.location(of: node, in: file) }

    static func location(of node: Node, in file: String) -> SourceLocation {
        let mark = node.mark
        return SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    func location(of node: Node) -> SourceLocation { NodeReader.location(of: node, in: file) }

    /// The value node of `key`, marking the key as known.
    func value(_ key: String, required: Bool = true) -> Node? {
        used.insert(key)
        guard let pair = pairs.first(where: { $0.key == key }) else {
            if required { sink.error("\(what) is missing the required key '\(key)'", at: location) }
            return nil
        }
        if pair.value.isNull {
            sink.error("'\(key)' in \(what) has no value", at: location(of: pair.keyNode))
            return nil
        }
        return pair.value
    }

    func has(_ key: String) -> Bool { pairs.contains { $0.key == key } }

    /// A non-empty string.
    func string(_ key: String, required: Bool = true) -> String? {
        guard let node = value(key, required: required) else { return nil }
        return scalarString(node, key: key)
    }

    func scalarString(_ node: Node, key: String) -> String? {
        guard let scalar = node.scalar else {
            sink.error(
                "'\(key)' in \(what) must be a single value, found \(node.kindName)",
                at: location(of: node))
            return nil
        }
        let text = scalar.string.trimmingWhitespace
        if text.isEmpty {
            sink.error("'\(key)' in \(what) is empty", at: location(of: node))
            return nil
        }
        return text
    }

    /// An id: lowercase letters, digits, `-`, `.` and `_`.
    func id(_ key: String = "id") -> String? {
        guard let node = value(key), let text = scalarString(node, key: key) else { return nil }
        guard NodeReader.isValidID(text) else {
            sink.error(
                "'\(text)' is not a valid id: use lowercase letters, digits, '-' and '.'",
                at: location(of: node))
            return nil
        }
        return text
    }

    static func isValidID(_ text: String) -> Bool {
        !text.isEmpty
            && text.unicodeScalars.allSatisfy { scalar in
                ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-"
                    || scalar == "." || scalar == "_" || scalar == "~"
            }
    }

    func number(
        _ key: String, required: Bool = true, range: ClosedRange<Double>? = nil,
        rangeText: String = ""
    ) -> Double? {
        guard let node = value(key, required: required) else { return nil }
        return number(node, key: key, range: range, rangeText: rangeText)
    }

    func number(
        _ node: Node, key: String, range: ClosedRange<Double>? = nil,
        rangeText: String = ""
    ) -> Double? {
        guard let scalar = node.scalar else {
            sink.error(
                "'\(key)' in \(what) must be a number, found \(node.kindName)",
                at: location(of: node))
            return nil
        }
        guard let number = Double(scalar.string.trimmingWhitespace), number.isFinite else {
            sink.error(
                "'\(key)' in \(what) must be a number, found '\(scalar.string)'",
                at: location(of: node))
            return nil
        }
        if let range, !range.contains(number) {
            sink.error(
                "'\(key)' in \(what) must be \(rangeText), found \(scalar.string)",
                at: location(of: node))
            return nil
        }
        return number
    }

    /// Only `true` and `false`: `yes`, `no`, `on` and `off` are strings in these rules.
    func bool(_ key: String, required: Bool = true) -> Bool? {
        guard let node = value(key, required: required) else { return nil }
        guard let scalar = node.scalar, scalar.style == .plain,
            scalar.string == "true" || scalar.string == "false"
        else {
            sink.error(
                "'\(key)' in \(what) must be true or false, found "
                    + "'\(node.scalar?.string ?? node.kindName)'", at: location(of: node))
            return nil
        }
        return scalar.string == "true"
    }

    /// A `{en: ..., ar: ...}` pair with both texts present and non-empty.
    func text(_ key: String, required: Bool = true) -> LocalizedText? {
        guard let node = value(key, required: required) else { return nil }
        return NodeReader.text(node, what: "'\(key)' in \(what)", file: file, sink: sink)
    }

    static func text(
        _ node: Node, what: String, file: String,
        sink: DiagnosticSink
    ) -> LocalizedText? {
        guard let reader = NodeReader(node, what: what, file: file, sink: sink) else { return nil }
        let en = reader.languageText("en")
        let ar = reader.languageText("ar")
        reader.finish()
        guard let en, let ar else { return nil }
        return LocalizedText(en: en, ar: ar)
    }

    private func languageText(_ language: String) -> String? {
        used.insert(language)
        guard let pair = pairs.first(where: { $0.key == language }) else {
            sink.error(
                "\(what) has no '\(language)' text; every text needs both en and ar",
                at: location)
            return nil
        }
        guard let scalar = pair.value.scalar else {
            sink.error(
                "the '\(language)' text of \(what) must be text, found "
                    + pair.value.kindName, at: location(of: pair.value))
            return nil
        }
        let text = scalar.string.trimmingWhitespace
        if text.isEmpty || pair.value.isNull {
            sink.error("the '\(language)' text of \(what) is empty", at: location(of: pair.keyNode))
            return nil
        }
        return text
    }

    /// A list; a single scalar is accepted as a list of one only when `allowSingle`.
    func list(_ key: String, required: Bool = true) -> [Node]? {
        guard let node = value(key, required: required) else { return nil }
        guard let sequence = node.sequence else {
            sink.error(
                "'\(key)' in \(what) must be a list, found \(node.kindName)",
                at: location(of: node))
            return nil
        }
        return Array(sequence)
    }

    func stringList(_ key: String, required: Bool = true) -> [String]? {
        guard let nodes = list(key, required: required) else { return nil }
        return nodes.compactMap { scalarString($0, key: key) }
    }

    /// Reports every key that was never read.
    func finish() {
        for pair in pairs where !used.contains(pair.key) {
            let known = used.sorted().joined(separator: ", ")
            sink.error(
                "unknown key '\(pair.key)' in \(what) (known keys: \(known))",
                at: location(of: pair.keyNode))
        }
    }
}

extension Node {
    var kindName: String {
        switch self {
        case .scalar(let scalar): return isNull ? "nothing" : "the value '\(scalar.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    var isNull: Bool {
        guard case .scalar(let scalar) = self else { return false }
        return scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }
}

extension String {
    var trimmingWhitespace: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}

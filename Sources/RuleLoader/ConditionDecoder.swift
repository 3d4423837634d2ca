import KnowledgeBase
import Yams

/// Decodes the condition forms of the rule format (see rules/README.md):
/// `{fact, is|in|above|below|matches|known}`, `{signature}`, `{all}`, `{any}`, `{not}`.
struct ConditionDecoder {
    let file: String
    let sink: DiagnosticSink
    /// Patterns with the node that wrote them, so lint can point at a pattern that does not compile.
    var patterns: PatternRegistry

    func decode(_ node: Node, what: String) -> Condition? {
        guard
            let reader = NodeReader(
                node, what: "the condition of \(what)", file: file,
                sink: sink)
        else { return nil }
        defer { reader.finish() }
        if reader.has("all") || reader.has("any") {
            let key = reader.has("all") ? "all" : "any"
            guard let items = reader.list(key) else { return nil }
            if items.isEmpty {
                sink.error(
                    "'\(key)' in the condition of \(what) needs at least one condition",
                    at: reader.location)
                return nil
            }
            let conditions = items.compactMap { decode($0, what: what) }
            guard conditions.count == items.count else { return nil }
            return key == "all" ? .all(conditions) : .any(conditions)
        }
        if reader.has("not") {
            guard let inner = reader.value("not"), let condition = decode(inner, what: what)
            else { return nil }
            return .not(condition)
        }
        if reader.has("signature") {
            guard let id = reader.id("signature") else { return nil }
            return .signature(id)
        }
        guard reader.has("fact") else {
            sink.error(
                "the condition of \(what) needs 'fact' (with is, in, above, below, "
                    + "matches or known), 'signature', 'all', 'any' or 'not'", at: reader.location)
            return nil
        }
        guard let fact = reader.id("fact") else { return nil }
        let tests = ["is", "in", "above", "below", "matches", "known"].filter(reader.has)
        guard tests.count == 1, let test = tests.first else {
            sink.error(
                "the condition on '\(fact)' in \(what) needs exactly one of is, in, "
                    + "above, below, matches, known", at: reader.location)
            return nil
        }
        switch test {
        case "is":
            guard let value = reader.string("is") else { return nil }
            return .equals(fact: fact, value: value)
        case "in":
            guard let values = reader.stringList("in") else { return nil }
            if values.isEmpty {
                sink.error(
                    "'in' on '\(fact)' in \(what) needs at least one value",
                    at: reader.location)
                return nil
            }
            return .oneOf(fact: fact, values: values)
        case "above":
            return reader.number("above").map { .above(fact: fact, $0) }
        case "below":
            return reader.number("below").map { .below(fact: fact, $0) }
        case "matches":
            guard let node = reader.value("matches"),
                let source = reader.scalarString(node, key: "matches")
            else { return nil }
            let pattern = Pattern(source)
            patterns.add(pattern, at: reader.location(of: node))
            return .matches(fact: fact, pattern)
        default:
            return reader.bool("known").map { .known(fact: fact, $0) }
        }
    }
}

/// Every pattern the rules wrote, with where it was written, for lint.
final class PatternRegistry {
    private(set) var entries: [(pattern: Pattern, location: SourceLocation)] = []

    func add(_ pattern: Pattern, at location: SourceLocation) {
        entries.append((pattern, location))
    }

    func absorb(_ other: PatternRegistry) { entries += other.entries }
}

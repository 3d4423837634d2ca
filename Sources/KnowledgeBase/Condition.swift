import Foundation

/// A test over the known facts, used by evidence, fixes, questions and fix steps.
/// A condition about a fact that is not known is false, and so is its negation: an unknown
/// is never evidence either way.
package indirect enum Condition: Hashable, Sendable {
    case equals(fact: String, value: String)
    case oneOf(fact: String, values: [String])
    case above(fact: String, Double)
    case below(fact: String, Double)
    case matches(fact: String, Pattern)
    case known(fact: String, Bool)
    case signature(String)
    case all([Condition])
    case any([Condition])
    case not(Condition)

    /// Whether the condition holds for `facts`.
    package func holds(for facts: Facts) -> Bool {
        switch self {
        case .equals(let fact, let value):
            guard let known = facts.value(fact) else { return false }
            return Condition.same(known, value)
        case .oneOf(let fact, let values):
            guard let known = facts.value(fact) else { return false }
            return values.contains { Condition.same(known, $0) }
        case .above(let fact, let limit):
            guard let number = facts.number(fact) else { return false }
            return number > limit
        case .below(let fact, let limit):
            guard let number = facts.number(fact) else { return false }
            return number < limit
        case .matches(let fact, let pattern):
            guard let known = facts.value(fact) else { return false }
            return pattern.matches(known)
        case .known(let fact, let expected):
            return (facts.value(fact) != nil) == expected
        case .signature(let id):
            return facts.matchedSignatures.contains(id)
        case .all(let conditions):
            return conditions.allSatisfy { $0.holds(for: facts) }
        case .any(let conditions):
            return conditions.contains { $0.holds(for: facts) }
        case .not(let condition):
            // Unknown stays unknown under negation: `not` of a condition over an unknown
            // fact is false too, so a missing answer never counts as evidence.
            guard condition.facts.allSatisfy({ facts.value($0) != nil }) else { return false }
            return !condition.holds(for: facts)
        }
    }

    /// Every fact the condition reads.
    package var facts: Set<String> {
        switch self {
        case .equals(let fact, _), .oneOf(let fact, _), .above(let fact, _), .below(let fact, _),
            .matches(let fact, _):
            return [fact]
        case .known:
            return []
        case .signature:
            return ["error.text"]
        case .all(let conditions), .any(let conditions):
            return conditions.reduce(into: Set<String>()) { $0.formUnion($1.facts) }
        case .not(let condition):
            return condition.facts
        }
    }

    /// The one fact a simple condition reads (`facts` without building a set), else nil.
    package var singleFact: String? {
        switch self {
        case .equals(let fact, _), .oneOf(let fact, _), .above(let fact, _), .below(let fact, _),
            .matches(let fact, _):
            return fact
        case .not(let condition): return condition.singleFact
        default: return nil
        }
    }

    /// Every fact the condition reads, including those of `known` (for reference checks).
    package var referencedFacts: Set<String> {
        switch self {
        case .known(let fact, _): return [fact]
        case .all(let conditions), .any(let conditions):
            return conditions.reduce(into: Set<String>()) { $0.formUnion($1.referencedFacts) }
        case .not(let condition): return condition.referencedFacts
        default: return facts
        }
    }

    /// Values compare as numbers when both are numbers (`587` equals `587.0`), otherwise as
    /// text without regard to ASCII case. This runs for every condition of every cause on every
    /// turn, so it avoids allocating: most comparisons fail on the first byte.
    package static func same(_ known: String, _ expected: String) -> Bool {
        if known == expected { return true }
        var a = known
        var b = expected
        let folded = a.withUTF8 { x in
            b.withUTF8 { y -> Bool? in
                if let first = x.first, let other = y.first, isDigit(first) && isDigit(other) {
                    return nil  // maybe numbers: decide below
                }
                guard x.count == y.count else { return false }
                for index in 0..<x.count where lower(x[index]) != lower(y[index]) { return false }
                return true
            }
        }
        if let folded { return folded }
        if let left = Double(known), let right = Double(expected) { return left == right }
        return known.caseInsensitiveCompare(expected) == .orderedSame
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private static func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte }
}

import Foundation
import KnowledgeBase

/// Finds the shapes of regular expression that make ICU's backtracking matcher take
/// polynomial or exponential time on a hostile text, so that `lint` refuses them before they
/// ship. A chat turn reads whatever a stranger pastes: one `\s*:?\s*` once kept a `step`
/// process busy for 22 minutes on a 4 MiB request full of spaces.
///
/// Two shapes are reported (the ones behind every catastrophic case in the literature):
/// - **nested** repetition: an unbounded quantifier over a group that itself holds an unbounded
///   quantifier or alternatives that can match the same character, as in `(a+)+` or `(\w|\d)*`;
/// - **adjacent** repetition: two unbounded quantifiers in sequence whose characters overlap,
///   with nothing between them that must consume a character outside that overlap, as in
///   `\s*:?\s*` or `\w+\d*` (a run of spaces can be split between them in n² ways, and each
///   split is retried at every starting position).
///
/// Possessive quantifiers (`*+`) and atomic groups (`(?>…)`) never backtrack and are safe.
/// Which characters an atom matches is decided by ICU itself, on a sample alphabet, so classes,
/// escapes and Unicode properties need no second implementation here.
enum PatternHazard {
    /// Quantifiers above this bound count as unbounded: `{0,5000}` backtracks like `*`.
    static let largeBound = 1_000

    /// A sentence saying what is dangerous in `pattern`, or nil when it is safe.
    static func problem(in pattern: String) -> String? {
        var parser = Parser(scalars: Array(pattern.unicodeScalars))
        guard let tree = parser.parseAlternation(), parser.index == parser.scalars.count else {
            return nil  // Not ours to judge: the compile check reports syntax errors.
        }
        return check(tree) ?? leadingProblem(tree) ?? parser.lookarounds.lazy.compactMap(check).first
    }

    /// ICU tries a pattern at every position of the text, so one that starts with an unbounded
    /// repetition re-reads a long run of its characters from each of them: quadratic time.
    static func leadingProblem(_ tree: Node) -> String? {
        let branches: [Node]
        if case .alternation(let list) = tree { branches = list } else { branches = [tree] }
        for branch in branches {
            if case .sequence(let items) = branch, case .start? = items.first { continue }
            if !leadingRepeat(of: branch).isEmpty {
                return "it starts with an unbounded repetition, which is retried from every "
                    + "position of a long run; start it with a required word or bound it ({1,10})"
            }
        }
        return nil
    }

    // MARK: - The tree

    /// A parsed piece of a pattern, with what the checks need to know about it.
    indirect enum Node {
        /// One character from a set: a literal, `.`, an escape or a bracketed class.
        case atom(CharacterSample)
        /// Matches the empty string only: anchors, `\b`, lookarounds, flag groups.
        case empty
        /// `^` or `\A`: the start of the text (the rules never use multi-line mode).
        case start
        case sequence([Node])
        case alternation([Node])
        case repeated(Node, min: Int, max: Int?, backtracks: Bool)
        /// `(?>…)`: what it matched is never given back.
        case atomic(Node)

        var canBeEmpty: Bool {
            switch self {
            case .atom: return false
            case .empty, .start: return true
            case .sequence(let items): return items.allSatisfy(\.canBeEmpty)
            case .alternation(let branches): return branches.contains { $0.canBeEmpty }
            case .repeated(let inner, let min, _, _): return min == 0 || inner.canBeEmpty
            case .atomic(let inner): return inner.canBeEmpty
            }
        }

        /// Every character the node can consume.
        var characters: CharacterSample {
            switch self {
            case .atom(let set): return set
            case .empty, .start: return .none
            case .sequence(let items), .alternation(let items):
                return items.reduce(.none) { $0.union($1.characters) }
            case .repeated(let inner, _, _, _), .atomic(let inner): return inner.characters
            }
        }

        /// Whether the node holds a backtracking repetition without a (small) upper bound.
        var repeatsUnboundedly: Bool {
            switch self {
            case .atom, .empty, .start, .atomic: return false
            case .sequence(let items), .alternation(let items): return items.contains { $0.repeatsUnboundedly }
            case .repeated(let inner, _, let max, let backtracks):
                return (backtracks && PatternHazard.isUnbounded(max)) || inner.repeatsUnboundedly
            }
        }
    }

    static func isUnbounded(_ max: Int?) -> Bool { max.map { $0 > largeBound } ?? true }

    // MARK: - The checks

    static func check(_ node: Node) -> String? {
        switch node {
        case .atom, .empty, .start:
            return nil
        case .atomic:
            return nil  // Whatever is inside cannot be retried from outside.
        case .alternation(let branches):
            return branches.lazy.compactMap(check).first
        case .repeated(let inner, _, let max, let backtracks):
            if backtracks && isUnbounded(max) {
                // One pass of the body followed by the next: if those two can share a run of
                // characters, every split of the run is another way to match (as in (a+)+).
                let twice = flatten(inner) + flatten(inner)
                if inner.repeatsUnboundedly, adjacentRepetition(in: twice) != nil {
                    return "it repeats a repetition that can match the same characters in two "
                        + "passes (nested unbounded quantifiers, as in (a+)+)"
                }
                if case .alternation(let branches) = inner, overlappingBranches(branches) {
                    return "it repeats alternatives that can match the same character (as in (a|ab)*)"
                }
            }
            return check(inner)
        case .sequence(let items):
            if let problem = adjacentRepetition(in: items) { return problem }
            return items.lazy.compactMap(check).first
        }
    }

    /// Two unbounded repetitions in one sequence that can share the same run of characters:
    /// one that `a` can end with, and one that a later item can start with.
    static func adjacentRepetition(in items: [Node]) -> String? {
        let flat = items.flatMap(flatten)
        for (first, a) in flat.enumerated() {
            let open = trailingRepeat(of: a)
            if open.isEmpty { continue }
            // The required items met since `a`: each must take one character of a shared run.
            var required: [CharacterSample] = []
            for b in flat[(first + 1)...] {
                let shared = open.intersection(leadingRepeat(of: b))
                if !shared.isEmpty && required.allSatisfy({ !$0.intersection(open).isEmpty }) {
                    return "two unbounded quantifiers in a row can match the same characters "
                        + "(as in \\s*:?\\s*); bound one ({0,20}), make it possessive (*+), "
                        + "or put a required character between them"
                }
                // An item that must consume a character `a` cannot separates the two for good.
                if !b.canBeEmpty {
                    if b.characters.intersection(open).isEmpty { break }
                    required.append(b.characters)
                }
            }
        }
        return nil
    }

    /// The characters of the unbounded repetitions a node can end with (where a match of it
    /// can be cut shorter and the rest given to what follows).
    static func trailingRepeat(of node: Node) -> CharacterSample {
        edgeRepeat(of: node, fromEnd: true)
    }

    /// The characters of the unbounded repetitions a node can start with.
    static func leadingRepeat(of node: Node) -> CharacterSample {
        edgeRepeat(of: node, fromEnd: false)
    }

    private static func edgeRepeat(of node: Node, fromEnd: Bool) -> CharacterSample {
        switch node {
        case .atom, .empty, .start, .atomic:
            return .none
        case .repeated(let inner, _, let max, let backtracks):
            let inside = edgeRepeat(of: inner, fromEnd: fromEnd)
            // The repetition can give back (or take) as much as one pass of `inner` begins
            // or ends with.
            let edge = edgeCharacters(of: inner, fromEnd: fromEnd)
            return backtracks && isUnbounded(max) ? inside.union(edge) : inside
        case .alternation(let branches):
            return branches.reduce(.none) { $0.union(edgeRepeat(of: $1, fromEnd: fromEnd)) }
        case .sequence(let items):
            return alongEdge(of: items, fromEnd: fromEnd) { edgeRepeat(of: $0, fromEnd: fromEnd) }
        }
    }

    /// A sequence item seen through plain groups: `(\s*)(\s*)` is as bad as `\s*\s*`.
    static func flatten(_ node: Node) -> [Node] {
        if case .sequence(let items) = node { return items.flatMap(flatten) }
        return [node]
    }

    static func overlappingBranches(_ branches: [Node]) -> Bool {
        var seen = CharacterSample.none
        for branch in branches {
            let first = edgeCharacters(of: branch)
            if !seen.intersection(first).isEmpty { return true }
            seen = seen.union(first)
        }
        return false
    }

    /// The characters a node can start with (or, from the end, end with).
    static func edgeCharacters(of node: Node, fromEnd: Bool = false) -> CharacterSample {
        switch node {
        case .atom(let set): return set
        case .empty, .start: return .none
        case .alternation(let branches):
            return branches.reduce(.none) { $0.union(edgeCharacters(of: $1, fromEnd: fromEnd)) }
        case .repeated(let inner, _, _, _), .atomic(let inner): return edgeCharacters(of: inner, fromEnd: fromEnd)
        case .sequence(let items):
            return alongEdge(of: items, fromEnd: fromEnd) { edgeCharacters(of: $0, fromEnd: fromEnd) }
        }
    }

    /// What `part` gives for the items of a sequence that can stand at its start (or end): up
    /// to and including the first one that cannot match empty.
    private static func alongEdge(
        of items: [Node], fromEnd: Bool,
        _ part: (Node) -> CharacterSample
    ) -> CharacterSample {
        var result = CharacterSample.none
        for item in fromEnd ? items.reversed() : items {
            result = result.union(part(item))
            if !item.canBeEmpty { break }
        }
        return result
    }
}

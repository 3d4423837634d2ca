import Foundation

/// Literal text a pattern cannot match without: for each top-level alternative, its longest run
/// of required characters. If the (ASCII-lowercased) text contains none of them, the regular
/// expression cannot match, and it need not even be compiled. A chat turn reads a pasted error
/// against 200 signatures; this keeps that to the few whose words are actually there.
///
/// An alternative with no such run may still require a group (plain, `(?:` or named, and not
/// made optional by `?`, `*` or `{0,`): then it needs one of the group's own literals, found the
/// same way. Most Arabic phrasings are such groups, `(الباسورد|كلمه (السر|المرور))`, and without
/// this every chat turn compiled all of them whatever the text.
///
/// The analysis is conservative: anything it does not fully understand (classes, lookarounds,
/// inline flags, optional characters, letters with case outside ASCII, `\Q`) ends a run, and an
/// alternative that requires neither a run of three or more bytes nor such a group means
/// "no trigger: always run the pattern".
package enum PatternTrigger {
    static let minimumLength = 3

    static func literals(of pattern: String) -> [String]? {
        if pattern.contains("\\Q") { return nil }
        return literals(Array(pattern.unicodeScalars))
    }

    /// One of these occurs in every match of `scalars`: each alternative's requirement, together.
    static func literals(_ scalars: [Unicode.Scalar]) -> [String]? {
        var literals: [String] = []
        for alternative in topLevelAlternatives(scalars) {
            guard let required = requirement(alternative) else { return nil }
            literals += required
        }
        return literals.isEmpty ? nil : literals
    }

    /// What one alternative cannot match without: its longest run when that is long enough,
    /// else the literals of the required group that filters best (the fewest, then the longest
    /// shortest literal).
    static func requirement(_ alternative: [Unicode.Scalar]) -> [String]? {
        // Long enough in bytes: two Arabic letters (four bytes) are as rare in a text as three
        // Latin ones, and `فج[أا][ةه]` (فجأة, "suddenly") then needs its «فج».
        if let run = longestRun(alternative), run.utf8.count >= minimumLength { return [run] }
        func rank(_ literals: [String]) -> (Int, Int) {
            (-literals.count, literals.map(\.unicodeScalars.count).min() ?? 0)
        }
        var best: [String]?
        for group in requiredGroups(alternative) {
            guard let inner = literals(group) else { continue }
            if best.map({ rank(inner) > rank($0) }) ?? true { best = inner }
        }
        return best
    }

    /// The contents of the groups an alternative requires: at its own level, capturing,
    /// non-capturing or named, without a quantifier that allows zero times.
    static func requiredGroups(_ scalars: [Unicode.Scalar]) -> [[Unicode.Scalar]] {
        var groups: [[Unicode.Scalar]] = []
        var index = 0
        while index < scalars.count {
            switch scalars[index] {
            case "\\":
                index += 2
            case "[":
                index = skipClass(scalars, from: index)
            case "(":
                let end = skipGroup(scalars, from: index)
                var start = index + 1
                if start < scalars.count, scalars[start] == "?" {
                    let kind = start + 1 < scalars.count ? scalars[start + 1] : "?"
                    if kind == ":" {
                        start += 2
                    } else if kind == "<", start + 2 < scalars.count, scalars[start + 2].properties.isAlphabetic,
                        let close = scalars[start...].firstIndex(of: ">")
                    {
                        start = close + 1
                    } else {
                        // A lookaround, inline flags, an atomic group: not read.
                        start = end
                    }
                }
                let optional =
                    end < scalars.count
                    && ("?*".unicodeScalars.contains(scalars[end])
                        || (scalars[end] == "{" && isOptionalBrace(scalars, from: end)))
                if !optional, start < end - 1, end <= scalars.count, scalars[end - 1] == ")" {
                    groups.append(Array(scalars[start..<(end - 1)]))
                }
                index = skipQuantifier(scalars, from: end)
            default:
                index += 1
            }
        }
        return groups
    }

    /// Splits on `|` outside groups, classes and escapes.
    static func topLevelAlternatives(_ scalars: [Unicode.Scalar]) -> [[Unicode.Scalar]] {
        var parts: [[Unicode.Scalar]] = [[]]
        var depth = 0
        var inClass = false
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\\" && index + 1 < scalars.count {
                parts[parts.count - 1] += [scalar, scalars[index + 1]]
                index += 2
                continue
            }
            if inClass {
                if scalar == "]" { inClass = false }
            } else if scalar == "[" {
                inClass = true
            } else if scalar == "(" {
                depth += 1
            } else if scalar == ")" {
                depth -= 1
            } else if scalar == "|" && depth == 0 {
                parts.append([])
                index += 1
                continue
            }
            parts[parts.count - 1].append(scalar)
            index += 1
        }
        return parts
    }

    /// The longest run of characters the alternative requires, lowercased (ASCII).
    static func longestRun(_ scalars: [Unicode.Scalar]) -> String? {
        var best: [Unicode.Scalar] = []
        var run: [Unicode.Scalar] = []
        func end() {
            if run.count > best.count { best = run }
            run = []
        }
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            var literal: Unicode.Scalar?
            var width = 1
            switch scalar {
            case "\\":
                guard index + 1 < scalars.count else {
                    end()
                    index += 1
                    continue
                }
                let next = scalars[index + 1]
                width = 2
                if "dDwWsSbBnrtfvAZzGpPkuxhHRXaecNQE0123456789".unicodeScalars.contains(next) {
                    literal = nil
                } else {
                    literal = next
                }
            case "[":
                end()
                index = skipClass(scalars, from: index)
                index = skipQuantifier(scalars, from: index)
                continue
            case "(":
                end()
                index = skipGroup(scalars, from: index)
                index = skipQuantifier(scalars, from: index)
                continue
            case ".", "^", "$", ")", "|":
                literal = nil
            case "?", "*", "+", "{":
                literal = nil
            default:
                // Case-insensitive ICU also matches another case of a non-ASCII letter (É, é),
                // which the ASCII fold of the text would not find.
                literal = scalar.value >= 0x80 && scalar.properties.changesWhenCaseMapped ? nil : scalar
            }
            guard let character = literal else {
                end()
                index += width
                index = skipQuantifier(scalars, from: index)
                continue
            }
            // A quantifier after the character decides whether it is required.
            let after = index + width
            if after < scalars.count,
                "?*".unicodeScalars.contains(scalars[after])
                    || (scalars[after] == "{" && isOptionalBrace(scalars, from: after))
            {
                end()
                index = skipQuantifier(scalars, from: after)
                continue
            }
            run.append(lowered(character))
            if after < scalars.count, scalars[after] == "+" || scalars[after] == "{" {
                end()
                index = skipQuantifier(scalars, from: after)
                continue
            }
            index = after
        }
        end()
        return best.isEmpty ? nil : String(String.UnicodeScalarView(best))
    }

    static func lowered(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        (0x41...0x5A).contains(scalar.value) ? Unicode.Scalar(scalar.value + 32)! : scalar
    }

    static func skipClass(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        var index = start + 1
        if index < scalars.count, scalars[index] == "^" { index += 1 }
        if index < scalars.count, scalars[index] == "]" { index += 1 }
        while index < scalars.count {
            if scalars[index] == "\\" {
                index += 2
                continue
            }
            if scalars[index] == "[" {
                index = skipClass(scalars, from: index)
                continue
            }
            if scalars[index] == "]" { return index + 1 }
            index += 1
        }
        return index
    }

    static func skipGroup(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        var depth = 0
        var index = start
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\\" {
                index += 2
                continue
            }
            if scalar == "[" {
                index = skipClass(scalars, from: index)
                continue
            }
            if scalar == "(" { depth += 1 }
            if scalar == ")" {
                depth -= 1
                if depth == 0 { return index + 1 }
            }
            index += 1
        }
        return index
    }

    static func skipQuantifier(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        var index = start
        guard index < scalars.count else { return index }
        if "?*+".unicodeScalars.contains(scalars[index]) {
            index += 1
        } else if scalars[index] == "{", let close = scalars[index...].firstIndex(of: "}") {
            index = close + 1
        } else {
            return index
        }
        // Lazy or possessive suffix.
        if index < scalars.count, scalars[index] == "?" || scalars[index] == "+" { index += 1 }
        return index
    }

    /// `{0}`, `{0,n}` and `{,n}` make the previous atom optional.
    static func isOptionalBrace(_ scalars: [Unicode.Scalar], from start: Int) -> Bool {
        guard let close = scalars[start...].firstIndex(of: "}") else { return true }
        let inside = String(String.UnicodeScalarView(scalars[(start + 1)..<close]))
        return inside.hasPrefix("0") || inside.hasPrefix(",")
    }

    /// Whether `needle` occurs in `haystack` (bytes).
    package static func occurs(_ needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer) -> Bool {
        needle.isEmpty || firstOffset(of: needle, in: haystack) != nil
    }

    /// Where `needle` first occurs in `haystack` at or after `start` (bytes): memchr for the
    /// first byte, memcmp for the rest. The byte search every layer shares (triggers, provider
    /// markers, the volatile tokens of a log).
    package static func firstOffset(
        of needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer, from start: Int = 0
    ) -> Int? {
        guard let first = needle.first, needle.count <= haystack.count, let base = haystack.baseAddress,
            let pattern = needle.baseAddress
        else { return nil }
        var offset = max(start, 0)
        let last = haystack.count - needle.count
        while offset <= last {
            guard let hit = memchr(base + offset, Int32(first), last - offset + 1) else { return nil }
            let at = base.distance(to: UnsafeRawPointer(hit))
            if memcmp(base + at, pattern, needle.count) == 0 { return at }
            offset = at + 1
        }
        return nil
    }

    /// ASCII-lowercases `text` for the trigger check (other scripts have no case here).
    package static func fold(_ text: String) -> String {
        var result = text
        if text.utf8.contains(where: { (0x41...0x5A).contains($0) }) {
            result = String(decoding: text.utf8.map { (0x41...0x5A).contains($0) ? $0 + 32 : $0 }, as: UTF8.self)
        }
        return result
    }
}

import Foundation

/// Literal text a pattern cannot match without: for each top-level alternative, its longest run
/// of required characters. If the (ASCII-lowercased) text contains none of them, the regular
/// expression cannot match, and it need not even be compiled. A chat turn reads a pasted error
/// against 200 signatures; this keeps that to the few whose words are actually there.
///
/// The analysis is conservative: anything it does not fully understand (classes, groups,
/// optional characters, `\Q`) ends a run, and an alternative without a run of three or more
/// characters means "no trigger: always run the pattern".
package enum PatternTrigger {
    static let minimumLength = 3

    static func literals(of pattern: String) -> [String]? {
        if pattern.contains("\\Q") { return nil }
        var alternatives: [String] = []
        for alternative in topLevelAlternatives(Array(pattern.unicodeScalars)) {
            guard let run = longestRun(alternative), run.unicodeScalars.count >= minimumLength else { return nil }
            alternatives.append(run)
        }
        return alternatives.isEmpty ? nil : alternatives
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
                literal = scalar
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

    /// Whether `needle` occurs in `haystack` (bytes): memchr for the first byte, memcmp for the rest.
    package static func occurs(_ needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer) -> Bool {
        guard let first = needle.first, needle.count <= haystack.count, let base = haystack.baseAddress,
            let pattern = needle.baseAddress
        else { return needle.isEmpty }
        var offset = 0
        let last = haystack.count - needle.count
        while offset <= last {
            guard let hit = memchr(base + offset, Int32(first), last - offset + 1) else { return false }
            let at = base.distance(to: UnsafeRawPointer(hit))
            if memcmp(base + at, pattern, needle.count) == 0 { return true }
            offset = at + 1
        }
        return false
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

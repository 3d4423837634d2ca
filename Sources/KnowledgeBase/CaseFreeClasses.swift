/// Marks the bracket classes of a case-insensitive pattern that case cannot change as
/// case-sensitive: `[\w.-]` becomes `(?-i:[\w.-])`.
///
/// ICU compiles a class under case-insensitive matching by closing it over case, character by
/// character: a class holding `\w` took ten times as long to compile as the same class
/// without the flag, and a chat turn compiles every pattern its text might match. The
/// marking changes no match: it applies only to a class made of word, digit and space
/// escapes and of characters without case (no letter with another case, no range that could
/// hold one, no property or code-point escape), and every case of a word character is a word
/// character. A non-capturing group numbers no group.
package enum CaseFreeClasses {
    package static func marked(_ pattern: String) -> String {
        // Most patterns hold no `\w` at all (a byte scan: Foundation's `contains` costs more
        // than the compile it would spare).
        let utf8 = Array(pattern.utf8)
        guard utf8.contains(UInt8(ascii: "[")),
            zip(utf8, utf8.dropFirst()).contains(where: { $0 == UInt8(ascii: "\\") && ($1 | 0x20) == UInt8(ascii: "w") }
            )
        else { return pattern }
        let scalars = Array(pattern.unicodeScalars)
        var result = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\\", index + 1 < scalars.count {
                // \Q…\E quotes literally: copied as it stands, brackets and all.
                if scalars[index + 1] == "Q" {
                    let end = quoteEnd(scalars, from: index + 2)
                    result.append(contentsOf: scalars[index..<end])
                    index = end
                    continue
                }
                result.append(contentsOf: scalars[index...(index + 1)])
                index += 2
                continue
            }
            guard scalar == "[", let end = classEnd(scalars, from: index) else {
                result.append(scalar)
                index += 1
                continue
            }
            let body = scalars[index..<end]
            if caseCannotChange(Array(body.dropFirst().dropLast())), body.contains("\\") {
                result.append(contentsOf: "(?-i:".unicodeScalars)
                result.append(contentsOf: body)
                result.append(")")
            } else {
                result.append(contentsOf: body)
            }
            index = end
        }
        return String(result)
    }

    /// The index after `\E`, or the end.
    static func quoteEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        var index = start
        while index + 1 < scalars.count {
            if scalars[index] == "\\" && scalars[index + 1] == "E" { return index + 2 }
            index += 1
        }
        return scalars.count
    }

    /// The index after a simple class's closing bracket, or nil for a class holding another
    /// (set operations) or one left open.
    static func classEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var index = start + 1
        if index < scalars.count, scalars[index] == "^" { index += 1 }
        if index < scalars.count, scalars[index] == "]" { index += 1 }
        while index < scalars.count {
            switch scalars[index] {
            case "\\": index += 2
            case "[": return nil
            case "]": return index + 1
            default: index += 1
            }
        }
        return nil
    }

    /// Whether the class's members are all without case: `\w`, `\W`, `\d`, `\D`, `\s`, `\S`,
    /// control escapes, escaped punctuation, characters without case, and ranges of digits.
    static func caseCannotChange(_ members: [Unicode.Scalar]) -> Bool {
        var index = members.first == "^" ? 1 : 0
        while index < members.count {
            let scalar = members[index]
            if scalar == "\\" {
                guard index + 1 < members.count else { return false }
                let escaped = members[index + 1]
                let classOrControl = "wWdDsSntrfv".unicodeScalars.contains(escaped)
                let punctuation = escaped.isASCII && !escaped.properties.isAlphabetic && !("0"..."9").contains(escaped)
                guard classOrControl || punctuation else { return false }
                index += 2
                continue
            }
            // A range: only of ASCII digits (others may hold letters with case).
            if scalar == "-", index > 0, index + 1 < members.count, members[index - 1] != "\\" {
                guard ("0"..."9").contains(members[index - 1]), ("0"..."9").contains(members[index + 1]) else {
                    return false
                }
            }
            if scalar.properties.changesWhenCaseMapped || scalar.properties.changesWhenCaseFolded { return false }
            index += 1
        }
        return true
    }
}

import Foundation

/// An SPF macro-string (RFC 7208 §7.1): literal text and `%{...}` expansions, parsed once so
/// that a malformed macro is a syntax error of the record (permerror) before anything is
/// looked up, as §4.6 requires.
struct SPFMacro: Sendable, Equatable {
    enum Part: Sendable, Equatable {
        case literal(String)
        /// `%{letter digits r delimiters}`; an upper-case letter means URL-escape the result.
        case expand(letter: Character, escape: Bool, keep: Int?, reverse: Bool, delimiters: [Character])
    }

    /// What is wrong, in English (`message`) and Arabic (`arabic`).
    struct SyntaxError: Error, Equatable {
        var message: String
        var arabic: String
    }

    let parts: [Part]
    let text: String

    /// Whether the expansion depends on the client's address (`i`, `c`, `p`, `v`): without an
    /// address such a name cannot be known, and the check must say "unknown", not "missing".
    var needsAddress: Bool {
        parts.contains {
            if case .expand(let letter, _, _, _, _) = $0 { return "icpv".contains(letter) }
            return false
        }
    }

    /// Whether the string ends with an expansion (the `macro-expand` form of `domain-end`).
    var endsWithExpansion: Bool {
        if case .expand = parts.last { return true }
        return false
    }

    /// Parses `text`. `explanation` allows the letters only an explanation may use (`c`, `r`,
    /// `t`, §7.2) and spaces (the `explain-string` of §6.2).
    init(_ text: String, explanation: Bool = false) throws(SyntaxError) {
        self.text = text
        var parts: [Part] = []
        var literal = ""
        var index = text.startIndex
        func fail(_ why: String, _ arabic: String) -> SyntaxError {
            SyntaxError(message: "'\(text)': \(why)", arabic: "'\(text)': \(arabic)")
        }
        while index < text.endIndex {
            let character = text[index]
            guard let ascii = character.asciiValue, ascii >= 0x20, ascii <= 0x7E,
                ascii != 0x20 || explanation
            else {
                throw fail(
                    "a character SPF does not allow (visible ASCII only, §7.1)",
                    "حرف لا يقبله SPF (المسموح حروف ASCII المرئية فقط، §7.1)")
            }
            guard character == "%" else {
                literal.append(character)
                index = text.index(after: index)
                continue
            }
            let next = text.index(after: index)
            guard next < text.endIndex else {
                throw fail("'%' at the end (write %% for a percent sign)", "'%' في النهاية (اكتب %% لعلامة النسبة)")
            }
            switch text[next] {
            case "%":
                literal.append("%")
                index = text.index(after: next)
            case "_":
                literal.append(" ")
                index = text.index(after: next)
            case "-":
                literal.append("%20")
                index = text.index(after: next)
            case "{":
                guard let close = text[next...].firstIndex(of: "}") else {
                    throw fail("'%{' is not closed", "'%{' بلا قوس إغلاق")
                }
                var body = text[text.index(after: next)..<close]
                guard let letter = body.first, letter.isLetter, letter.isASCII else {
                    throw fail("a macro needs a letter after '%{'", "الماكرو يحتاج حرفاً بعد '%{'")
                }
                let lower = Character(letter.lowercased())
                let letters = explanation ? "slodiphvcrt" : "slodiphv"
                guard letters.contains(lower) else {
                    throw fail("unknown macro letter '\(letter)'", "حرف ماكرو غير معروف '\(letter)'")
                }
                body.removeFirst()
                let digits = body.prefix { $0.isASCIIDigit }
                body.removeFirst(digits.count)
                var keep: Int?
                if !digits.isEmpty {
                    // A transformer of 0 would keep nothing: refused, as the reference
                    // implementations do.
                    guard let value = Int(digits), value > 0 else {
                        throw fail("a macro cannot keep 0 labels", "لا يمكن للماكرو أن يُبقي 0 أجزاء")
                    }
                    keep = min(value, 128)
                }
                var reverse = false
                if body.first == "r" || body.first == "R" {
                    reverse = true
                    body.removeFirst()
                }
                guard body.allSatisfy({ ".-+,/_=".contains($0) }) else {
                    throw fail(
                        "'\(body)' are not macro delimiters (. - + , / _ =)",
                        "'\(body)' ليست فواصل ماكرو (. - + , / _ =)")
                }
                if !literal.isEmpty {
                    parts.append(.literal(literal))
                    literal = ""
                }
                parts.append(
                    .expand(
                        letter: lower, escape: letter.isUppercase, keep: keep, reverse: reverse,
                        delimiters: Array(body)))
                index = text.index(after: close)
            default:
                throw fail(
                    "'%\(text[next])' is not a macro (%{x}, %%, %_ or %-)",
                    "'%\(text[next])' ليس ماكرو (%{x} أو %% أو %_ أو %-)")
            }
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        self.parts = parts
    }

    /// The values the letters stand for.
    struct Values: Sendable {
        var sender: String
        var domain: String
        var address: IPAddress?
        var helo: String
        var receiver = "unknown"
        /// `%{p}`, computed only when asked (it costs DNS lookups).
        var validatedName: (@Sendable () async -> String)?
    }

    /// The text with every macro expanded (§7.3).
    func expand(_ values: Values) async -> String {
        var out = ""
        for part in parts {
            switch part {
            case .literal(let text): out += text
            case .expand(let letter, let escape, let keep, let reverse, let delimiters):
                let value = await Self.value(of: letter, values)
                var labels = value.split(
                    omittingEmptySubsequences: false,
                    whereSeparator: { (delimiters.isEmpty ? ["."] : delimiters).contains($0) }
                ).map(String.init)
                if reverse { labels.reverse() }
                if let keep, keep < labels.count { labels = Array(labels.suffix(keep)) }
                let joined = labels.joined(separator: ".")
                out += escape ? Self.urlEscaped(joined) : joined
            }
        }
        return out
    }

    static func value(of letter: Character, _ values: Values) async -> String {
        let localPart = values.sender.lastIndex(of: "@").map { String(values.sender[..<$0]) } ?? "postmaster"
        let senderDomain =
            values.sender.lastIndex(of: "@").map { String(values.sender[values.sender.index(after: $0)...]) }
            ?? values.sender
        switch letter {
        case "s": return values.sender
        case "l": return localPart.isEmpty ? "postmaster" : localPart
        case "o": return senderDomain
        case "d": return values.domain
        case "h": return values.helo
        case "r": return values.receiver
        case "t": return String(Int(Date().timeIntervalSince1970))
        case "i": return values.address?.macroForm ?? ""
        case "c": return values.address?.description ?? ""
        case "v": return values.address.map { $0.isV4 ? "in-addr" : "ip6" } ?? "in-addr"
        case "p": return await values.validatedName?() ?? "unknown"
        default: return ""
        }
    }

    /// RFC 3986 percent-encoding of everything but the unreserved characters (§7.3).
    static func urlEscaped(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            let scalar = Character(Unicode.Scalar(byte))
            if scalar.isASCII && (scalar.isLetter || scalar.isNumber || "-._~".contains(scalar)) {
                out.append(scalar)
            } else {
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    /// A name made from an expansion, cut to DNS's 253 characters by dropping labels from the
    /// left (§7.3); a trailing dot is not part of the name.
    static func domainName(_ expanded: String) -> String {
        var name = expanded.hasSuffix(".") ? String(expanded.dropLast()) : expanded
        while name.utf8.count > 253, let dot = name.firstIndex(of: ".") {
            name = String(name[name.index(after: dot)...])
        }
        return name
    }
}

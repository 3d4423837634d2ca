import Foundation

/// One SPF record parsed by the grammar of RFC 7208 §12 (ABNF), before anything is looked up:
/// §4.6 makes a syntax error anywhere in the record a permerror, so a receiver never
/// evaluates half of a broken record, and neither does this.
struct SPFRecord: Sendable, Equatable {
    enum Qualifier: Character, Sendable {
        case pass = "+"
        case fail = "-"
        case softfail = "~"
        case neutral = "?"

        var result: SPFResult {
            switch self {
            case .pass: .pass
            case .fail: .fail
            case .softfail: .softfail
            case .neutral: .neutral
            }
        }
    }

    enum Mechanism: Sendable, Equatable {
        case all
        case include(SPFMacro)
        /// `a` and `mx` take an optional domain and an IPv4 and IPv6 prefix length.
        case a(SPFMacro?, v4: Int, v6: Int)
        case mx(SPFMacro?, v4: Int, v6: Int)
        case ptr(SPFMacro?)
        case ip4(IPAddress, prefix: Int)
        case ip6(IPAddress, prefix: Int)
        case exists(SPFMacro)

        /// Terms that cost a DNS lookup toward the limit of 10 (§4.6.4).
        var looksUp: Bool {
            switch self {
            case .all, .ip4, .ip6: false
            default: true
            }
        }
    }

    struct Directive: Sendable, Equatable {
        var qualifier: Qualifier
        var mechanism: Mechanism
    }

    /// What is wrong, in English (`message`) and Arabic (`arabic`).
    struct SyntaxError: Error, Equatable {
        var message: String
        var arabic: String

        init(_ message: String, _ arabic: String) {
            self.message = message
            self.arabic = arabic
        }

        /// A macro's error inside `term`.
        init(term: String, _ error: SPFMacro.SyntaxError) {
            self.init("'\(term)': \(error.message)", "'\(term)': \(error.arabic)")
        }
    }

    var directives: [Directive] = []
    var redirect: SPFMacro?
    var explanation: SPFMacro?

    /// Whether a TXT string is an SPF record: `v=spf1` exactly, then a space or the end
    /// (§4.5), so `v=spf10` and `v=spf1x` are other records, not broken SPF ones.
    static func isSPF(_ text: String) -> Bool {
        let lowered = text.utf8.prefix(7).map { $0 | (($0 >= 65 && $0 <= 90) ? 0x20 : 0) }
        guard lowered.count >= 6, Array(lowered.prefix(6)) == Array("v=spf1".utf8) else { return false }
        return lowered.count == 6 || lowered[6] == UInt8(ascii: " ")
    }

    /// Parses a record that `isSPF` accepted.
    init(_ text: String) throws(SyntaxError) {
        guard text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value <= 0x7E }) else {
            // §3.1 and §4.6.1: terms are visible ASCII separated by spaces only; a tab, a
            // line feed or a UTF-8 byte order mark makes the record unusable.
            throw SyntaxError(
                "the record holds a character other than printable ASCII",
                "السجل يحوي حرفاً غير حروف ASCII المطبوعة")
        }
        for term in text.split(separator: " ").dropFirst() {
            try parse(term: String(term))
        }
    }

    private mutating func parse(term: String) throws(SyntaxError) {
        let nameEnd = term.firstIndex { !($0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0))) }
        if let nameEnd, term[nameEnd] == "=" {
            let name = term[..<nameEnd].lowercased()
            guard let first = name.first, first.isLetter else {
                throw SyntaxError(
                    "'\(term)' is not a valid modifier name", "'\(term)' ليس اسم مُعدِّل صالحاً")
            }
            let value = String(term[term.index(after: nameEnd)...])
            switch name {
            case "redirect":
                guard redirect == nil else {
                    throw SyntaxError(
                        "two redirect= modifiers (§6)", "يوجد مُعدِّلا redirect= والمسموح واحد (§6)")
                }
                redirect = try Self.domainSpec(value, term: term)
            case "exp":
                guard explanation == nil else {
                    throw SyntaxError(
                        "two exp= modifiers (§6)", "يوجد مُعدِّلا exp= والمسموح واحد (§6)")
                }
                explanation = try Self.domainSpec(value, term: term)
            default:
                // §6: unknown modifiers are ignored, but must still be well-formed.
                do { _ = try SPFMacro(value) } catch { throw SyntaxError(term: term, error) }
            }
            return
        }
        var body = Substring(term)
        var qualifier = Qualifier.pass
        if let first = body.first, let given = Qualifier(rawValue: first) {
            qualifier = given
            body.removeFirst()
        }
        let nameLength = body.prefix { $0.isASCII && ($0.isLetter || $0.isNumber) }.count
        let name = body.prefix(nameLength).lowercased()
        let rest = String(body.dropFirst(nameLength))
        let mechanism: Mechanism
        switch name {
        case "all" where rest.isEmpty:
            mechanism = .all
        case "include" where rest.hasPrefix(":"):
            mechanism = .include(try Self.domainSpec(String(rest.dropFirst()), term: term))
        case "exists" where rest.hasPrefix(":"):
            mechanism = .exists(try Self.domainSpec(String(rest.dropFirst()), term: term))
        case "a", "mx":
            let (domain, v4, v6) = try Self.domainAndPrefixes(rest, term: term)
            mechanism = name == "a" ? .a(domain, v4: v4, v6: v6) : .mx(domain, v4: v4, v6: v6)
        case "ptr" where rest.isEmpty:
            mechanism = .ptr(nil)
        case "ptr" where rest.hasPrefix(":"):
            mechanism = .ptr(try Self.domainSpec(String(rest.dropFirst()), term: term))
        case "ip4" where rest.hasPrefix(":"):
            let (text, prefix) = try Self.network(String(rest.dropFirst()), maximum: 32, term: term)
            guard let address = IPAddress.parseV4(text) else {
                throw SyntaxError(
                    "'\(term)': '\(text)' is not an IPv4 address", "'\(term)': '\(text)' ليس عنوان IPv4")
            }
            mechanism = .ip4(IPAddress(bytes: address), prefix: prefix)
        case "ip6" where rest.hasPrefix(":"):
            let (text, prefix) = try Self.network(String(rest.dropFirst()), maximum: 128, term: term)
            guard let address = IPAddress.parseV6(text) else {
                throw SyntaxError(
                    "'\(term)': '\(text)' is not an IPv6 address", "'\(term)': '\(text)' ليس عنوان IPv6")
            }
            mechanism = .ip6(IPAddress(bytes: address), prefix: prefix)
        default:
            throw SyntaxError(
                "'\(term)' is not an SPF mechanism or modifier", "'\(term)' ليس آلية ولا مُعدِّلاً في SPF")
        }
        directives.append(Directive(qualifier: qualifier, mechanism: mechanism))
    }

    /// `domain-spec = macro-string domain-end`: the name must end in a top label (letters or
    /// digits with a letter, or with an inner hyphen) or in a macro.
    static func domainSpec(_ text: String, term: String) throws(SyntaxError) -> SPFMacro {
        guard !text.isEmpty else { throw SyntaxError("'\(term)' names no domain", "'\(term)' لا يذكر أي نطاق") }
        let macro: SPFMacro
        do { macro = try SPFMacro(text) } catch { throw SyntaxError(term: term, error) }
        if macro.endsWithExpansion { return macro }
        var name = Substring(text)
        if name.hasSuffix(".") { name.removeLast() }
        guard let dot = name.lastIndex(of: ".") else {
            throw SyntaxError(
                "'\(term)': '\(text)' is not a domain name (no top-level label)",
                "'\(term)': '\(text)' ليس اسم نطاق (لا يوجد جزء أعلى)")
        }
        let top = name[name.index(after: dot)...]
        if top.contains("%") { return macro }  // a macro ends the name, then a literal dot
        guard isTopLabel(top) else {
            throw SyntaxError(
                "'\(term)': '\(top)' cannot be a top-level label", "'\(term)': '\(top)' لا يصلح جزءاً أعلى لاسم النطاق")
        }
        return macro
    }

    /// `toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum )`
    static func isTopLabel(_ label: Substring) -> Bool {
        guard let first = label.first, let last = label.last,
            label.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
        else { return false }
        if !label.contains("-") { return label.contains { $0.isLetter } }
        return first != "-" && last != "-"
    }

    /// `[":" domain-spec] [dual-cidr-length]` after `a` or `mx`.
    static func domainAndPrefixes(_ rest: String, term: String) throws(SyntaxError) -> (SPFMacro?, Int, Int) {
        var text = Substring(rest)
        var v4 = 32
        var v6 = 128
        if let range = text.range(of: "//", options: .backwards), isPrefixLength(text[range.upperBound...]) {
            v6 = try prefix(text[range.upperBound...], maximum: 128, term: term)
            text = text[..<range.lowerBound]
        }
        if let slash = text.lastIndex(of: "/"), isPrefixLength(text[text.index(after: slash)...]) {
            v4 = try prefix(text[text.index(after: slash)...], maximum: 32, term: term)
            text = text[..<slash]
        }
        if text.isEmpty { return (nil, v4, v6) }
        guard text.hasPrefix(":") else {
            throw SyntaxError("'\(term)' is not an SPF mechanism", "'\(term)' ليس آلية في SPF")
        }
        return (try domainSpec(String(text.dropFirst()), term: term), v4, v6)
    }

    static func isPrefixLength(_ text: Substring) -> Bool { !text.isEmpty && text.allSatisfy(\.isASCIIDigit) }

    /// A prefix length: decimal, no leading zero, at most `maximum` (§5.6).
    static func prefix(_ text: Substring, maximum: Int, term: String) throws(SyntaxError) -> Int {
        guard isPrefixLength(text), text.count == 1 || text.first != "0", text.count <= 3,
            let value = Int(text), value <= maximum
        else {
            throw SyntaxError(
                "'\(term)': '/\(text)' is not a prefix length (0-\(maximum))",
                "'\(term)': '/\(text)' ليس طول بادئة صالحاً (0-\(maximum))")
        }
        return value
    }

    static func network(_ text: String, maximum: Int, term: String) throws(SyntaxError) -> (String, Int) {
        guard let slash = text.firstIndex(of: "/") else { return (text, maximum) }
        return (String(text[..<slash]), try prefix(text[text.index(after: slash)...], maximum: maximum, term: term))
    }
}

/// The results of check_host() (RFC 7208 §2.6).
package enum SPFResult: String, Sendable, CaseIterable {
    case pass, fail, softfail, neutral, none, permerror, temperror
}

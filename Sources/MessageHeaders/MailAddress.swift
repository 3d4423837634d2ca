import Foundation

/// The address and domain of an RFC 5322 mailbox field (From, Return-Path, Sender) as people
/// paste them: `"Name" <a@example.com>`, `a@example.com (Name)`, `<a@example.com>`, `<>`.
package enum MailAddress {
    /// The addr-spec: the last `<...>` when there is one, else the first word with an `@`.
    package static func address(in value: String) -> String? {
        if let open = value.lastIndex(of: "<") {
            let rest = value[value.index(after: open)...]
            let inner = rest.prefix { $0 != ">" }.trimmingCharacters(in: .whitespaces)
            return inner.isEmpty ? nil : inner
        }
        for piece in FieldScanner.pieces(value) {
            switch piece {
            case .word(let word) where word.contains("@"): return word
            default: continue
            }
        }
        return nil
    }

    /// The domain of an address or of a mailbox field, lower case, without a trailing dot.
    package static func domain(of value: String) -> String? {
        let address = address(in: value) ?? value
        guard let at = address.lastIndex(of: "@") else { return nil }
        let domain = normalisedDomain(String(address[address.index(after: at)...]))
        guard !domain.isEmpty, domain.contains("."),
            domain.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" })
        else { return nil }
        return domain
    }

    /// Lower case, no surrounding brackets, quotes or white space, no trailing dot.
    package static func normalisedDomain(_ text: String) -> String {
        var domain = text.trimmingCharacters(in: .whitespaces).lowercased()
        domain = domain.trimmingCharacters(in: CharacterSet(charactersIn: "<>\"'@;,"))
        while domain.hasSuffix(".") { domain.removeLast() }
        return domain
    }
}

import Foundation

/// The tags of a DKIM-Signature field (RFC 6376 §3.5) that say who signed: the signing
/// domain `d=`, the selector `s=` (the key is at `s._domainkey.d`), the algorithm `a=` and
/// the identity `i=`.
package struct DKIMSignature: Sendable, Equatable {
    package var domain: String?
    package var selector: String?
    package var algorithm: String?
    package var identity: String?

    /// RFC 6376 §3.2's tag list: `tag=value` pairs separated by `;`, white space around them
    /// ignored; a value may itself hold `=` (base64).
    package static func parse(_ value: String) -> DKIMSignature {
        var tags: [String: String] = [:]
        for part in value.split(separator: ";") {
            guard let equals = part.firstIndex(of: "=") else { continue }
            let key = part[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let tagValue = part[part.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if tags[key] == nil { tags[key] = tagValue }
        }
        return DKIMSignature(
            domain: tags["d"].map(MailAddress.normalisedDomain), selector: tags["s"]?.lowercased(),
            algorithm: tags["a"], identity: tags["i"])
    }
}

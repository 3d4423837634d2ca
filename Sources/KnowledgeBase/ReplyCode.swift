/// What an SMTP reply code means, from the registries: a basic code (RFC 5321 §4.2.3, and the
/// AUTH and STARTTLS codes of RFC 4954 and RFC 3207) or an enhanced status code (RFC 3463 and
/// IANA's "SMTP Enhanced Status Codes" registry, with the provider-specific codes the
/// providers document). The reader finds every reply in a text by its structure and looks the
/// codes up here; only codes listed here count, so a port number is never taken for a reply.
package struct ReplyCode: Hashable, Sendable {
    /// `535` or `5.7.8`.
    package var code: String
    package var title: LocalizedText
    /// Facts a reply with this code establishes (usually `error.kind`).
    package var sets: [(fact: String, value: String)]
    /// Against the signatures: a reading with a higher specificity wins.
    package var specificity: Int
    package var source: [String]
    package var location: SourceLocation?

    package var isEnhanced: Bool { code.contains(".") }

    /// `2xx`–`5xx` (RFC 5321 §4.2), or class.subject.detail (RFC 3463 §2: class 2, 4 or 5,
    /// subject and detail of 1 to 3 digits).
    package static func isWellFormed(_ code: String) -> Bool {
        let parts = code.split(separator: ".", omittingEmptySubsequences: false)
        let digits = { (part: Substring) in !part.isEmpty && part.allSatisfy { ("0"..."9").contains($0) } }
        if parts.count == 1 {
            return code.count == 3 && digits(parts[0]) && ("2"..."5").contains(code.first!)
        }
        return parts.count == 3 && parts.allSatisfy(digits) && ["2", "4", "5"].contains(parts[0])
            && parts[1].count <= 3 && parts[2].count <= 3
    }

    package init(
        code: String, title: LocalizedText, sets: [(fact: String, value: String)] = [],
        specificity: Int = 1, source: [String] = [], location: SourceLocation? = nil
    ) {
        self.code = code
        self.title = title
        self.sets = sets
        self.specificity = specificity
        self.source = source
        self.location = location
    }

    package static func == (lhs: ReplyCode, rhs: ReplyCode) -> Bool { lhs.code == rhs.code }
    package func hash(into hasher: inout Hasher) { hasher.combine(code) }
}

/// A Received-SPF field (RFC 7208 §9.1): the receiver's SPF verdict, the client address it
/// checked and the identity it checked.
///
///     Received-SPF: pass (mybox.example.org: domain of myname@example.com designates
///       192.0.2.1 as permitted sender) receiver=mybox.example.org; client-ip=192.0.2.1;
///       envelope-from="myname@example.com"; helo=foo.example.com;
package struct ReceivedSPF: Sendable, Equatable {
    package var result: String
    package var comment: String?
    /// `client-ip`, `envelope-from`, `helo`, `receiver`, `identity`, in lower case.
    package var keys: [String: String]

    package static func parse(_ value: String) -> ReceivedSPF? {
        let pieces = FieldScanner.pieces(value)
        guard case .word(let result)? = pieces.first else { return nil }
        var parsed = ReceivedSPF(result: result.lowercased(), comment: nil, keys: [:])
        var index = 1
        while index < pieces.count {
            switch pieces[index] {
            case .comment(let text) where parsed.comment == nil:
                parsed.comment = text
                index += 1
            case .word(let key) where index + 2 < pieces.count && pieces[index + 1] == .equals:
                switch pieces[index + 2] {
                case .word(let v), .quoted(let v): parsed.keys[key.lowercased()] = v
                default: break
                }
                index += 3
            default:
                index += 1
            }
        }
        return parsed
    }

    /// The domain SPF was checked for: the envelope sender's, else the HELO name, else what
    /// the comment names ("domain of transitioning info@example.com").
    package var domain: String? {
        if let from = keys["envelope-from"], let domain = MailAddress.domain(of: from) { return domain }
        if let comment, let range = comment.range(of: "domain of ") {
            var rest = comment[range.upperBound...]
            if rest.hasPrefix("transitioning ") { rest = rest.dropFirst("transitioning ".count) }
            if let word = rest.split(separator: " ").first, let domain = MailAddress.domain(of: String(word)) {
                return domain
            }
        }
        if keys["identity"] == "helo", let helo = keys["helo"] { return helo.lowercased() }
        return nil
    }
}

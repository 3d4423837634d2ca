/// One Received field (RFC 5321 §4.4): which host handed the message to which, from what
/// address, and what the receiving host found when it looked the address up.
///
/// Every MTA writes the from-clause its own way; these are the shapes read here:
///
///     from helo.example (ptr.example [192.0.2.1])        Postfix, Sendmail, Gmail
///     from helo.example (unknown [192.0.2.1])            Postfix: the address has no PTR
///     from [192.0.2.1] (helo=helo.example)               Exim
///     from 192.0.2.1(EHLO helo.example)                  Yahoo
///     from HOST.outlook.com (2603:10b6:5:1f2::12)        Microsoft
package struct ReceivedHop: Sendable, Equatable {
    /// The name after `from`: usually what the client said in HELO/EHLO.
    package var from: String?
    /// The receiving host's name for the client (its PTR lookup); `unknown` when it found none.
    package var reverseName: String?
    /// The client's address.
    package var ip: String?
    /// The host that wrote this field.
    package var by: String?
    /// `with ESMTPS`, `with SMTP`, `with HTTP`.
    package var with: String?

    package static func parse(_ value: String) -> ReceivedHop {
        var hop = ReceivedHop()
        let pieces = FieldScanner.pieces(value)
        var index = 0
        var clause = ""
        while index < pieces.count {
            let piece = pieces[index]
            if piece == .semicolon { break }  // the date follows
            switch piece {
            case .word(let word):
                let lowered = word.lowercased()
                if ["from", "by", "with", "via", "id", "for"].contains(lowered) {
                    clause = lowered
                } else if clause == "from" && hop.from == nil {
                    // "192.0.2.1(EHLO x)" is split by the scanner at the parenthesis.
                    hop.from = word.lowercased()
                    if let ip = IPText.parse(word) { hop.ip = ip }
                    clause = "from-info"
                } else if clause == "by" && hop.by == nil {
                    hop.by = MailAddress.normalisedDomain(word)
                    clause = "by-info"
                } else if clause == "with" && hop.with == nil {
                    hop.with = word.uppercased()
                }
            case .comment(let text) where clause == "from-info" || clause == "from":
                read(comment: text, into: &hop)
            default:
                break
            }
            index += 1
        }
        return hop
    }

    /// The TCP-info comment of a from-clause: `ptr.example [192.0.2.1]`, `unknown [ip]`,
    /// `[ip] helo=x`, `HELO x`, or a bare address.
    static func read(comment: String, into hop: inout ReceivedHop) {
        let words = comment.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        for (position, word) in words.enumerated() {
            if word.hasPrefix("["), let close = word.firstIndex(of: "]") {
                let inner = String(word[word.index(after: word.startIndex)..<close])
                if let ip = IPText.parse(inner) {
                    hop.ip = hop.ip ?? ip
                    if position > 0 {
                        let name = words[position - 1].lowercased()
                        if !name.contains("="), !["helo", "ehlo"].contains(name) {
                            hop.reverseName = MailAddress.normalisedDomain(name)
                        }
                    }
                }
            } else if hop.ip == nil, let ip = IPText.parse(word) {
                hop.ip = ip
            }
        }
    }

    /// Whether the receiver found no reverse DNS for the client.
    package var noReverseName: Bool { reverseName == "unknown" }
}

import Foundation
import KnowledgeBase

/// Finds SMTP replies in a pasted text by their structure, whatever printed them: the basic
/// code of RFC 5321 and the enhanced status code of RFC 3463, as `535-5.7.8`, `535 5.7.8`,
/// Python's `(535, b'5.7.8 …')`, `SMTP Error: 535`, JavaMail's `code "534"`, nodemailer's
/// `responseCode: 535`, a bare reply line `535 authentication error`, or an enhanced code on
/// its own (`The server response was: 5.7.0 …`). Only codes the rules list count
/// (`KnowledgeBase.replyCode`), so a port or a count is not taken for a reply.
struct SMTPReplyScanner {
    /// One reply: its basic code and enhanced code (either may be missing), and where it starts.
    struct Reply: Equatable {
        var code: String?
        var enhanced: String?
        var offset: Int
    }

    let knowledge: KnowledgeBase

    /// Every reply in text order.
    func replies(in text: BridgedText) -> [Reply] {
        // Every form has three digits or a digit, a dot and a digit; most texts have neither.
        guard text.string.utf8.contains(where: { (0x32...0x35).contains($0) }) else { return [] }
        var replies: [Reply] = []
        var taken: [NSRange] = []
        func add(_ code: String?, _ enhanced: String?, _ range: NSRange) {
            let code = code.flatMap { knowledge.replyCode($0) != nil ? $0 : nil }
            let enhanced = enhanced.flatMap { knowledge.replyCode($0) != nil ? $0 : nil }
            guard code != nil || enhanced != nil,
                !taken.contains(where: { NSIntersectionRange($0, range).length > 0 })
            else { return }
            taken.append(range)
            replies.append(Reply(code: code, enhanced: enhanced, offset: text.originalOffset(range.location)))
        }
        let string = text.string as NSString
        for (index, regex) in Self.forms.enumerated() {
            for match in regex.matches(in: text.string, range: text.range) {
                let group = { (name: String) -> String? in
                    let range = match.range(withName: name)
                    return range.location == NSNotFound ? nil : string.substring(with: range)
                }
                // The last form is an enhanced code alone: not inside a version number.
                if index == Self.forms.count - 1, Self.followsAVersionWord(string, at: match.range.location) {
                    continue
                }
                add(group("code"), group("enh"), match.range)
            }
        }
        return replies.sorted { $0.offset < $1.offset }
    }

    /// The forms, most telling first; a later form does not claim text an earlier one took.
    ///
    /// Only the forms with words are case-insensitive, and in them a class holding `\w` is
    /// marked case-sensitive (`(?-i:[\w.])`), which matches the same characters (every case of
    /// a word character is one): ICU otherwise closes the class over case, character by
    /// character, and these five took half a millisecond of every chat turn to compile instead
    /// of a tenth.
    static let forms: [NSRegularExpression] = [
        // A code and an enhanced code together: 535-5.7.8, 550 5.1.1, (535, b'5.7.8 ...').
        (
            #"(?<![\w./])(?<code>[245][0-5]\d)(?:[ -]|, ?[bB]?['"]|\s*[,:]\s*)(?<enh>[245]\.\d{1,3}\.\d{1,3})(?![\w./])"#,
            false
        ),
        // Python's tuple and the stacks' "code" fields: (535, b'...'), code "534", responseCode: 535.
        (
            #"(?:\(|\bcode\b[\s:=]*["']?|responseCode\W{0,3}|\bstatus(?:Code)?\W{0,3})(?<code>[245][0-5]\d)(?!(?-i:[\w.])|:\d|:in\b)"#,
            true
        ),
        // After words that introduce a reply: SMTP Error: 535, said: 550, returned 554.
        (
            #"(?:\bSMTP\b(?!\.rb)[^\n\d]{0,24}?|\b(?:said|returned|replied|responded|answered|response(?: was)?|error|failed|rejected|reply)\b\W{0,4})(?<code>[245][0-5]\d)(?!(?-i:[\w.])|:\d|:in\b)"#,
            true
        ),
        // A bare reply line: 535 authentication error, 550-Requested action not taken.
        (#"(?m)(?:^|["'])[\s>'"\[(]{0,8}(?<code>[245][0-5]\d)[ -](?=[A-Za-z<\[(])"#, false),
        // An enhanced code alone: The server response was: 5.7.0 Authentication Required.
        (#"(?<![\w./-])(?<enh>[245]\.[0-7]\.\d{1,3})(?![\w./-])"#, false),
    ].map { pattern, words in try! NSRegularExpression(pattern: pattern, options: words ? [.caseInsensitive] : []) }

    /// "version 5.2.4", "PHPMailer 5.2.2", "v5.1.1": a software version, not a status code.
    static func followsAVersionWord(_ string: NSString, at location: Int) -> Bool {
        let start = max(0, location - 16)
        let before = string.substring(with: NSRange(location: start, length: location - start)).lowercased()
        let words = before.split { !$0.isLetter }
        guard let last = words.last else { return false }
        return before.hasSuffix("v")
            || ["version", "phpmailer", "python", "php", "odoo", "release"].contains(String(last))
                && before.trimmingCharacters(in: .whitespaces).hasSuffix(String(last))
    }
}

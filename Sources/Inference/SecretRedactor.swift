import Foundation

/// Takes passwords out of pasted text before it is kept, shown or logged. People paste whole
/// odoo.conf files, smtplib debug output and URLs; the chat state is signed, not encrypted, and
/// a helpdesk ticket is read by many. What is masked:
/// - `key = value` and `key: value` for password-like keys (`smtp_password`, `password`,
///   `passwd`, `pwd`, `secret`, `api_key`, `token`, Arabic «كلمة المرور» / «كلمة السر»);
/// - the base64 of `AUTH PLAIN` and `AUTH LOGIN` (what smtplib's debug output and SMTP
///   transcripts show), and the answer after a `334 UGFzc3dvcmQ6` ("Password:") prompt;
/// - the password in a URL (`smtp://user:secret@host`).
package enum SecretRedactor {
    package static let mask = "••••••"

    /// Every pattern is linear: one bounded repetition each, anchored on literal words.
    private static let patterns: [(NSRegularExpression, String)] = [
        // Google's app passwords come as four groups of four letters.
        (#"(?i)(app[_ ]password["']?[ \t]{0,4}[=:][ \t]{0,4}["']?)[a-z]{4}(?:[ ]?[a-z]{4}){3}"#, "$1" + mask),
        // key = value (odoo.conf, .env, a shell, JSON "password": "x")
        (
            #"(?i)\b((?:smtp_|db_|admin_)?pass(?:word|wd)?|pwd|secret|api[_-]?key|access[_-]?token|app[_ ]password)(["']?[ \t]{0,4}[=:][ \t]{0,4}["']?)[^\s"',;]{1,200}"#,
            "$1$2" + mask
        ),
        (#"(كلمة (?:المرور|السر|سر التطبيق|مرور التطبيقات)[ \t]{0,4}[=:][ \t]{0,4})[^\s،,;]{1,200}"#, "$1" + mask),
        // AUTH PLAIN <base64>, AUTH LOGIN <base64>, XOAUTH2 tokens
        (#"(?i)(\bAUTH[ \t]{1,4}(?:PLAIN|LOGIN|XOAUTH2)[ \t]{1,4})[A-Za-z0-9+/=]{4,4096}"#, "$1" + mask),
        // the line after the server's base64 "Password:" prompt
        (#"(334 UGFzc3dvcmQ6[^\n]{0,40}\n[^\n]{0,20}?(?:C: |send: ['"]?)?)[A-Za-z0-9+/=]{4,4096}"#, "$1" + mask),
        // scheme://user:password@host
        (#"(?i)(\b[a-z][a-z0-9+.-]{1,20}://[^\s:/@]{1,200}:)[^\s@/]{1,200}@"#, "$1" + mask + "@"),
    ].map { (try! NSRegularExpression(pattern: $0.0), $0.1) }

    /// `text` with every recognised secret replaced by the mask.
    package static func redact(_ text: String) -> String {
        // Cheap test first: most pasted errors hold none of these words.
        let lowered = text.lowercased()
        guard ["pass", "pwd", "secret", "key", "token", "auth", "334 ", "@", "كلمة"].contains(where: lowered.contains)
        else { return text }
        var result = text
        for (regex, template) in patterns {
            result = regex.stringByReplacingMatches(
                in: result, range: NSRange(result.startIndex..., in: result),
                withTemplate: template)
        }
        return result
    }
}

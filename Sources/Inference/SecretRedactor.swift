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

    /// A pattern and the words (lower case) without which it cannot match: a pattern is
    /// compiled only for a text that holds one of them (compiling costs a chat turn more than
    /// matching does).
    private final class Rule: @unchecked Sendable {
        let triggers: [String]
        let template: String
        /// Compiled on first use, under the lock (the MCP server redacts on several threads).
        private let source: String
        private var compiled: NSRegularExpression?
        private let lock = NSLock()

        init(_ triggers: [String], _ source: String, _ template: String) {
            self.triggers = triggers
            self.source = source
            self.template = template
        }

        var regex: NSRegularExpression {
            lock.lock()
            defer { lock.unlock() }
            if let compiled { return compiled }
            let made = try! NSRegularExpression(pattern: source)
            compiled = made
            return made
        }
    }

    /// Every pattern is linear: one bounded repetition each, anchored on literal words.
    private static let rules: [Rule] = [
        // Google's app passwords come as four groups of four letters.
        Rule(
            ["password"], #"(?i)(app[_ ]password["']?[ \t]{0,4}[=:][ \t]{0,4}["']?)[a-z]{4}(?:[ ]?[a-z]{4}){3}"#,
            "$1" + mask),
        // key = value (odoo.conf, .env, a shell, JSON "password": "x")
        Rule(
            ["pass", "pwd", "secret", "key", "token"],
            #"(?i)\b((?:smtp_|db_|admin_)?pass(?:word|wd)?|pwd|secret|api[_-]?key|access[_-]?token|app[_ ]password)(["']?[ \t]{0,4}[=:][ \t]{0,4}["']?)[^\s"',;]{1,200}"#,
            "$1$2" + mask
        ),
        Rule(
            ["كلمة"], #"(كلمة (?:المرور|السر|سر التطبيق|مرور التطبيقات)[ \t]{0,4}[=:][ \t]{0,4})[^\s،,;]{1,200}"#,
            "$1" + mask),
        // AUTH PLAIN <base64>, AUTH LOGIN <base64>, XOAUTH2 tokens
        Rule(["auth"], #"(?i)(\bAUTH[ \t]{1,4}(?:PLAIN|LOGIN|XOAUTH2)[ \t]{1,4})[A-Za-z0-9+/=]{4,4096}"#, "$1" + mask),
        // the line after the server's base64 "Password:" prompt
        Rule(
            ["334 "], #"(334 UGFzc3dvcmQ6[^\n]{0,40}\n[^\n]{0,20}?(?:C: |send: ['"]?)?)[A-Za-z0-9+/=]{4,4096}"#,
            "$1" + mask),
        // scheme://user:password@host
        Rule(["@"], #"(?i)(\b[a-z][a-z0-9+.-]{1,20}://[^\s:/@]{1,200}:)[^\s@/]{1,200}@"#, "$1" + mask + "@"),
    ]

    /// `text` with every recognised secret replaced by the mask.
    package static func redact(_ text: String) -> String {
        // Most pasted errors hold none of the words, and then no pattern is even compiled.
        let lowered = text.lowercased()
        var result = text
        for rule in rules where rule.triggers.contains(where: lowered.contains) {
            result = rule.regex.stringByReplacingMatches(
                in: result, range: NSRange(result.startIndex..., in: result),
                withTemplate: rule.template)
        }
        return result
    }
}

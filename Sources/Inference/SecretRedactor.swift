import Foundation
import KnowledgeBase

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

    /// A pattern and a test of the lowercased text that the pattern cannot match without
    /// passing: a pattern is compiled only for a text that passes (compiling costs a chat turn
    /// more than matching does, and most pasted errors say "password" without giving one).
    private final class Rule: @unchecked Sendable {
        let mightMatch: @Sendable (Lowered) -> Bool
        let template: String
        /// Compiled on first use, under the lock (the MCP server redacts on several threads).
        private let source: String
        private var compiled: NSRegularExpression?
        private let lock = NSLock()

        init(_ mightMatch: @escaping @Sendable (Lowered) -> Bool, _ source: String, _ template: String) {
            self.mightMatch = mightMatch
            self.source = source
            self.template = template
        }

        convenience init(_ words: [String], _ source: String, _ template: String) {
            self.init({ lowered in words.contains { lowered.contains($0) } }, source, template)
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
            { assigned($0, keys: ["app password", "app_password"]) },
            #"(?i)(app[_ ]password["']?[ \t]{0,4}[=:][ \t]{0,4}["']?)[a-z]{4}(?:[ ]?[a-z]{4}){3}"#,
            "$1" + mask),
        // key = value (odoo.conf, .env, a shell, JSON "password": "x")
        Rule(
            { assigned($0, keys: ["pass", "pwd", "secret", "key", "token"]) },
            #"(?i)\b((?:smtp_|db_|admin_)?pass(?:word|wd)?|pwd|secret|api[_-]?key|access[_-]?token|app[_ ]password)(["']?[ \t]{0,4}[=:][ \t]{0,4}["']?)[^\s"',;]{1,200}"#,
            "$1$2" + mask
        ),
        Rule(
            ["كلمة"], #"(كلمة (?:المرور|السر|سر التطبيق|مرور التطبيقات)[ \t]{0,4}[=:][ \t]{0,4})[^\s،,;]{1,200}"#,
            "$1" + mask),
        // AUTH PLAIN <base64>, AUTH LOGIN <base64>, XOAUTH2 tokens
        Rule(
            { authCommand($0) }, #"(?i)(\bAUTH[ \t]{1,4}(?:PLAIN|LOGIN|XOAUTH2)[ \t]{1,4})[A-Za-z0-9+/=]{4,4096}"#,
            "$1" + mask),
        // the line after the server's base64 "Password:" prompt
        Rule(
            ["334 "], #"(334 UGFzc3dvcmQ6[^\n]{0,40}\n[^\n]{0,20}?(?:C: |send: ['"]?)?)[A-Za-z0-9+/=]{4,4096}"#,
            "$1" + mask),
        // scheme://user:password@host
        Rule(
            { $0.contains("://") && $0.contains("@") },
            #"(?i)(\b[a-z][a-z0-9+.-]{1,20}://[^\s:/@]{1,200}:)[^\s@/]{1,200}@"#, "$1" + mask + "@"),
    ]

    /// The text the pre-checks read: its lowercased UTF-8, once, for the byte scans.
    struct Lowered {
        let utf8: [UInt8]
        /// ICU's case-insensitive matching also takes ſ for s, ß for ss and the Latin
        /// ligatures (ﬁ) for their letters, which lowercasing leaves alone: with one of them in
        /// the text, every pattern is compiled and decides for itself.
        let foldsIntoASCII: Bool

        init(_ original: String) {
            let text = original.lowercased()
            utf8 = Array(text.utf8)
            foldsIntoASCII = text.unicodeScalars.contains {
                $0 == "\u{17F}" || $0 == "\u{DF}" || (0xFB00...0xFB06).contains($0.value)
            }
        }

        /// Whether `word` (lower case) occurs, as bytes.
        func contains(_ word: String) -> Bool { !occurrences(of: word).isEmpty }

        /// Where each occurrence of `word` ends (`PatternTrigger`'s byte search).
        func occurrences(of word: String) -> [Int] {
            let needle = Array(word.utf8)
            var ends: [Int] = []
            var from = 0
            while let start = needle.withUnsafeBytes({ needle in
                utf8.withUnsafeBytes { PatternTrigger.firstOffset(of: needle, in: $0, from: from) }
            }) {
                ends.append(start + needle.count)
                from = start + 1
            }
            return ends
        }
    }

    /// `text` with every recognised secret replaced by the mask.
    package static func redact(_ text: String) -> String {
        // Most pasted errors hold none of the words, and then no pattern is even compiled.
        let lowered = Lowered(text)
        var result = text
        for rule in rules where lowered.foldsIntoASCII || rule.mightMatch(lowered) {
            result = rule.regex.stringByReplacingMatches(
                in: result, range: NSRange(result.startIndex..., in: result),
                withTemplate: rule.template)
        }
        return result
    }

    /// Whether a key occurs as the key of an assignment: followed, after at most eight more
    /// letters or underscores (`pass` in `password`), by an optional quote, at most four blanks
    /// and `=` or `:`.
    static func assigned(_ lowered: Lowered, keys: [String]) -> Bool {
        let text = lowered.utf8
        return keys.contains { key in
            lowered.occurrences(of: key).contains { end in
                var index = end
                var letters = 0
                while index < text.count, letters < 8, (0x61...0x7A).contains(text[index]) || text[index] == 0x5F {
                    index += 1
                    letters += 1
                }
                if index < text.count, text[index] == 0x22 || text[index] == 0x27 { index += 1 }
                var blanks = 0
                while index < text.count, blanks < 4, text[index] == 0x20 || text[index] == 0x09 {
                    index += 1
                    blanks += 1
                }
                return index < text.count && (text[index] == 0x3D || text[index] == 0x3A)
            }
        }
    }

    /// Whether `auth` is followed by one to four blanks and a mechanism that sends a secret.
    static func authCommand(_ lowered: Lowered) -> Bool {
        let text = lowered.utf8
        return lowered.occurrences(of: "auth").contains { end in
            var index = end
            while index < text.count, index - end < 4, text[index] == 0x20 || text[index] == 0x09 { index += 1 }
            guard index > end else { return false }
            return ["plain", "login", "xoauth2"].contains { text[index...].starts(with: $0.utf8) }
        }
    }
}

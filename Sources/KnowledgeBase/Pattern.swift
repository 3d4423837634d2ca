import Foundation

/// A case-insensitive ICU regular expression from the rules.
///
/// Compiling is deferred to first use: a chatbot turn loads every signature but usually runs
/// only a few of them, so start-up stays cheap. `RuleLoader` compiles each pattern once while
/// linting to report syntax errors with a position.
package final class Pattern: @unchecked Sendable, Hashable, CustomStringConvertible {
    package let source: String
    private let lock = NSLock()
    private var compiled: NSRegularExpression?
    private var failure: String?

    /// Literals the pattern cannot match without (see `PatternTrigger`); nil: always try it.
    package let trigger: [String]?

    package init(_ source: String) {
        self.source = source
        trigger = PatternTrigger.literals(of: source)
    }

    /// A pattern whose trigger was worked out before (the compiled rules cache stores it).
    package init(_ source: String, trigger: [String]?) {
        self.source = source
        self.trigger = trigger
    }

    /// Whether the pattern might match a text whose `PatternTrigger.fold` is `folded`.
    package func mightMatch(folded: String) -> Bool {
        guard let trigger else { return true }
        var text = folded
        return text.withUTF8 { haystack in
            trigger.contains { literal in
                var needle = literal
                return needle.withUTF8 {
                    PatternTrigger.occurs(UnsafeRawBufferPointer($0), in: UnsafeRawBufferPointer(haystack))
                }
            }
        }
    }

    package var description: String { source }

    /// The compiled expression, or the compiler's complaint.
    package func compile() -> Result<NSRegularExpression, PatternError> {
        lock.lock()
        defer { lock.unlock() }
        if let compiled { return .success(compiled) }
        if let failure { return .failure(PatternError(pattern: source, reason: failure)) }
        do {
            let regex = try NSRegularExpression(pattern: source, options: [.caseInsensitive])
            compiled = regex
            return .success(regex)
        } catch {
            // Foundation's message here is only "The value is invalid"; say what to look at.
            failure =
                "it is not a valid ICU regular expression (check parentheses, brackets, "
                + "braces and backslash escapes)"
            return .failure(PatternError(pattern: source, reason: failure!))
        }
    }

    /// The first match in `text`, if any. A pattern that does not compile never matches
    /// (lint reports it).
    package func firstMatch(in text: String) -> PatternMatch? {
        firstMatch(in: BridgedText(text))
    }

    /// The same, on text already bridged once for many patterns.
    package func firstMatch(in text: BridgedText) -> PatternMatch? {
        guard case .success(let regex) = compile() else { return nil }
        guard let result = regex.firstMatch(in: text.string, options: [], range: text.range) else { return nil }
        return PatternMatch(text: text.string, result: result)
    }

    /// Whether the pattern matches anywhere in `text`.
    package func matches(_ text: String) -> Bool { firstMatch(in: text) != nil }

    package static func == (lhs: Pattern, rhs: Pattern) -> Bool { lhs.source == rhs.source }
    package func hash(into hasher: inout Hasher) { hasher.combine(source) }
}

/// Text prepared once for many patterns: its full UTF-16 range, which NSRegularExpression needs
/// and which costs a pass over the text to compute.
package struct BridgedText {
    package let string: String
    let range: NSRange

    package init(_ string: String) {
        self.string = string
        range = NSRange(string.startIndex..., in: string)
    }
}

/// A pattern that does not compile.
package struct PatternError: Error, Sendable {
    package let pattern: String
    package let reason: String
}

/// One match of a pattern, with access to its named groups.
package struct PatternMatch {
    let text: String
    let result: NSTextCheckingResult

    /// Where the match starts, in UTF-16 units of the text (for ordering matches).
    package var offset: Int { result.range.location }

    /// The text of the named capture group, if it took part in the match.
    package func group(_ name: String) -> String? {
        let range = result.range(withName: name)
        guard range.location != NSNotFound, let swiftRange = Range(range, in: text) else {
            return nil
        }
        return String(text[swiftRange])
    }
}

import Foundation

/// A case-insensitive ICU regular expression from the rules. Its Arabic is folded the way
/// `ArabicText` folds the text it reads, so a rule's spelling and a user's need not agree.
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
        trigger = PatternTrigger.literals(of: ArabicText.normalize(source).text)
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
            let regex = try NSRegularExpression(
                pattern: CaseFreeClasses.marked(ArabicText.normalize(source).text), options: [.caseInsensitive])
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

    /// Every match in `text` (for wrappers, which may frame each line of a log).
    package func allMatches(in text: BridgedText) -> [NSRange] {
        guard mightMatch(folded: text.folded), case .success(let regex) = compile() else { return [] }
        return regex.matches(in: text.string, options: [], range: text.range).map(\.range)
    }

    /// The first match in `text`, if any. A pattern that does not compile never matches
    /// (lint reports it). One whose trigger literals are all missing is not even compiled:
    /// conditions on facts (`smtp.enhanced-code` matching `^5\.7\.2[0-7]$`) go through here too.
    package func firstMatch(in text: String) -> PatternMatch? {
        firstMatch(in: BridgedText(text))
    }

    /// The same, on text already bridged once for many patterns.
    package func firstMatch(in text: BridgedText) -> PatternMatch? {
        guard mightMatch(folded: text.folded), case .success(let regex) = compile() else { return nil }
        guard let result = regex.firstMatch(in: text.string, options: [], range: text.range) else { return nil }
        return PatternMatch(text: text.string, result: result, originalOffsets: text.originalOffsets)
    }

    /// Whether the pattern matches anywhere in `text`.
    package func matches(_ text: String) -> Bool { firstMatch(in: text) != nil }

    package static func == (lhs: Pattern, rhs: Pattern) -> Bool { lhs.source == rhs.source }
    package func hash(into hasher: inout Hasher) { hasher.combine(source) }
}

/// Text prepared once for many patterns: Arabic normalised (`ArabicText`), its full UTF-16
/// range, which NSRegularExpression needs and which costs a pass over the text to compute, and
/// the folded form the patterns' triggers are looked up in.
package struct BridgedText {
    /// The normalised text the patterns run on (what named groups are taken from).
    package let string: String
    package let range: NSRange
    /// Where each UTF-16 position of `string` was in the text as given, when normalising
    /// dropped something.
    let originalOffsets: [Int]?
    /// `PatternTrigger.fold` of `string`.
    package let folded: String

    /// The position in the text as given of a position in `string`.
    package func originalOffset(_ position: Int) -> Int {
        originalOffsets.map { $0[min(position, $0.count - 1)] } ?? position
    }

    /// The same text with `ranges` of `string` blanked out (spaces of the same length), so
    /// that positions still map to the text as given.
    package func masking(_ ranges: [NSRange]) -> BridgedText {
        guard !ranges.isEmpty else { return self }
        var units = Array(string.utf16)
        for range in ranges {
            for index in range.location..<min(range.location + range.length, units.count) { units[index] = 0x20 }
        }
        return BridgedText(normalized: String(decoding: units, as: UTF16.self), originalOffsets: originalOffsets)
    }

    /// The same text with `ranges` of the text as given blanked out: a reader that found
    /// something in the original text (a pasted header block) hides it from the others.
    package func maskingOriginal(_ ranges: [NSRange]) -> BridgedText {
        guard let originalOffsets else { return masking(ranges) }
        var mapped: [NSRange] = []
        for range in ranges {
            let end = range.location + range.length
            guard let first = originalOffsets.firstIndex(where: { $0 >= range.location }) else { continue }
            var last = first
            while last < originalOffsets.count && originalOffsets[last] < end { last += 1 }
            mapped.append(NSRange(location: first, length: last - first))
        }
        return masking(mapped)
    }

    private init(normalized: String, originalOffsets: [Int]?) {
        string = normalized
        self.originalOffsets = originalOffsets
        range = NSRange(string.startIndex..., in: string)
        folded = PatternTrigger.fold(string)
    }

    package init(_ text: String) {
        let normalized = ArabicText.normalize(text)
        string = normalized.text
        originalOffsets = normalized.originalOffsets
        range = NSRange(string.startIndex..., in: string)
        folded = PatternTrigger.fold(string)
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
    let originalOffsets: [Int]?

    /// Where the match starts, in UTF-16 units of the text as given (for ordering matches and
    /// finding the line it is on).
    package var offset: Int { originalOffsets.map { $0[result.range.location] } ?? result.range.location }

    /// Where the match ends, in UTF-16 units of the text as given.
    package var end: Int {
        let end = result.range.location + result.range.length
        return originalOffsets.map { $0[end] } ?? end
    }

    /// The text of the named capture group, if it took part in the match.
    package func group(_ name: String) -> String? {
        let range = result.range(withName: name)
        guard range.location != NSNotFound, let swiftRange = Range(range, in: text) else {
            return nil
        }
        return String(text[swiftRange])
    }
}

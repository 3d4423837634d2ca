/// Right-to-left helpers. In Arabic text, Latin runs (host names, ports, menu paths such as
/// `smtp.gmail.com:587`) are wrapped in first-strong isolates (U+2068 … U+2069), so a terminal
/// or viewer that does the bidirectional algorithm keeps them in order; one that does not just
/// ignores the invisible marks.
public enum Bidi {
    static let isolateStart: Character = "\u{2068}"
    static let isolateEnd: Character = "\u{2069}"

    public static func isolateLatinRuns(_ text: String) -> String {
        // A list number ("1. ", "  2) ") is its own run: joined to a title that starts in
        // Latin ("1. Microsoft 365 …") it would be drawn inside the Latin words.
        if let marker = listMarker(in: text) {
            return String(text[..<marker.lowerBound]) + String(isolateStart) + String(text[marker])
                + String(isolateEnd) + isolateLatinRuns(String(text[marker.upperBound...]))
        }
        var result = ""
        var run = ""
        var runHasLatin = false
        func emit(_ run: String) {
            // Trailing punctuation and spaces stay outside the isolate (Arabic text owns
            // them), except a closing bracket whose opener is inside.
            var inside = Array(run)
            var outside: [Character] = []
            while let last = inside.last, !(last.isLetter || last.isNumber) {
                let opener: Character? = last == ")" ? "(" : last == "]" ? "[" : nil
                if let opener,
                   inside.filter({ $0 == opener }).count >= inside.filter({ $0 == last }).count {
                    break
                }
                outside.insert(inside.removeLast(), at: 0)
            }
            result.append(isolateStart)
            result += String(inside)
            result.append(isolateEnd)
            result += String(outside)
        }
        func flush(before next: Character?) {
            defer { run = ""; runHasLatin = false }
            guard runHasLatin else { result += run; return }
            // A percentage belongs to its sign, not to the words before it: in
            // "SMTP  96٪" the isolate must end at "SMTP", or the sign is drawn on the far
            // side of the Latin words.
            if next == "٪" || next == "%" {
                // The number with its decimals ("99.5"), starting with a digit.
                var digits = run.reversed().prefix { ($0.isASCII && $0.isNumber) || $0 == "." }.count
                while digits > 0, run.dropLast(digits - 1).last == "." { digits -= 1 }
                let head = run.dropLast(digits)
                // Only after a space: "1,000٪" is one number, "SMTP  96٪" and "id, 70٪" are not.
                if digits > 0, head.last == " " {
                    emit(String(head))
                    // Digits before an Arabic sign need no isolate: they stay in one piece.
                    result += run.suffix(digits)
                    return
                }
            }
            emit(run)
        }
        for character in text {
            if isLatin(character) {
                run.append(character)
                runHasLatin = true
            } else if !run.isEmpty && isNeutralInsideLatin(character) {
                run.append(character)
            } else {
                flush(before: character)
                result.append(character)
            }
        }
        flush(before: nil)
        return result
    }

    /// The digits of a list number at the start of `text` (after indentation), when a "."
    /// or ")" and a space follow them.
    private static func listMarker(in text: String) -> Range<String.Index>? {
        let start = text.firstIndex { $0 != " " } ?? text.endIndex
        let end = text[start...].firstIndex { !($0.isASCII && $0.isNumber) } ?? text.endIndex
        guard start < end, text.distance(from: start, to: end) <= 3,
              text[end...].hasPrefix(". ") || text[end...].hasPrefix(") ") else { return nil }
        return start..<end
    }

    private static func isLatin(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first else { return false }
        return scalar.isASCII && (character.isLetter || character.isNumber)
    }

    /// Characters that belong to a Latin run when they sit inside it: `smtp.gmail.com:587`,
    /// `5.7.8`, `Settings > Technical`.
    private static func isNeutralInsideLatin(_ character: Character) -> Bool {
        ".:/-_@()[]'\"=+>,# ".contains(character)
    }
}

/// Right-to-left helpers. In Arabic text, Latin runs (host names, ports, menu paths such as
/// `smtp.gmail.com:587`) are wrapped in first-strong isolates (U+2068 … U+2069), so a terminal
/// or viewer that does the bidirectional algorithm keeps them in order; one that does not just
/// ignores the invisible marks.
public enum Bidi {
    static let isolateStart: Character = "\u{2068}"
    static let isolateEnd: Character = "\u{2069}"

    public static func isolateLatinRuns(_ text: String) -> String {
        var result = ""
        var run = ""
        var runHasLatin = false
        func flush() {
            if runHasLatin {
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
            } else {
                result += run
            }
            run = ""
            runHasLatin = false
        }
        for character in text {
            if isLatin(character) {
                run.append(character)
                runHasLatin = true
            } else if !run.isEmpty && isNeutralInsideLatin(character) {
                run.append(character)
            } else {
                flush()
                result.append(character)
            }
        }
        flush()
        return result
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

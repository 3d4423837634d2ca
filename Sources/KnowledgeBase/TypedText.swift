/// Text as people type it in a chat, folded so that spellings that mean the same compare
/// equal: case, Arabic diacritics and tatweel, the hamza and alef forms (أ إ آ ٱ → ا), ى → ي,
/// ة → ه, ؤ → و, ئ → ي, Arabic-Indic and Persian digits, and runs of spaces.
package enum TypedText {
    package static func fold(_ text: String) -> String {
        var folded = String.UnicodeScalarView()
        var lastWasSpace = true
        for scalar in text.lowercased().unicodeScalars {
            guard let mapped = ArabicText.map(scalar) else { continue }
            if mapped.properties.isWhitespace {
                if !lastWasSpace { folded.append(" ") }
                lastWasSpace = true
                continue
            }
            folded.append(mapped)
            lastWasSpace = false
        }
        var result = String(folded)
        while result.hasSuffix(" ") { result.removeLast() }
        return result
    }

    /// "I don't know" as people write it, folded: an answer that means `unknown` for any fact.
    package static let unknownAnswers: Set<String> = Set(
        [
            "unknown", "?", "؟", "لا أعرف", "لا اعرف", "مش عارف", "مش عارفه", "ما أعرف", "ما اعرف", "ما ادري",
            "مدري", "معرفش", "don't know", "dont know", "idk", "not sure", "no idea",
        ].map(fold))
}

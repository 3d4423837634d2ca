/// Text as people type it in a chat, folded so that spellings that mean the same compare
/// equal: case, Arabic diacritics and tatweel, the hamza and alef forms (أ إ آ ٱ → ا), ى → ي,
/// ة → ه, ؤ → و, ئ → ي, Arabic-Indic and Persian digits, and runs of spaces.
package enum TypedText {
    package static func fold(_ text: String) -> String {
        var folded = String.UnicodeScalarView()
        var lastWasSpace = true
        for scalar in text.lowercased().unicodeScalars {
            switch scalar.value {
            case 0x064B...0x065F, 0x0670, 0x0640:  // harakat, superscript alef, tatweel
                continue
            case 0x0622, 0x0623, 0x0625, 0x0671: folded.append("ا")
            case 0x0649, 0x0626: folded.append("ي")
            case 0x0629: folded.append("ه")
            case 0x0624: folded.append("و")
            case 0x0660...0x0669, 0x06F0...0x06F9: folded.append(FactNumber.asciiDigit(scalar)!)
            default:
                if scalar.properties.isWhitespace {
                    if !lastWasSpace { folded.append(" ") }
                    lastWasSpace = true
                    continue
                }
                folded.append(scalar)
            }
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

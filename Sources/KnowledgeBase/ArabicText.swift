/// Arabic as people type it, brought to one spelling before any pattern reads it: diacritics
/// (harakat, superscript alef) and tatweel dropped, the hamza and alef forms (أ إ آ ٱ) as ا,
/// ى and ئ as ي, ة as ه, ؤ as و, and Arabic-Indic and Persian digits as ASCII digits. Rules
/// are written in ordinary spelling; the same folding is applied to their patterns, so
/// «كلمة المرور» in a rule matches «كلمه المرور» and «كلمةُ المرور» in a chat.
///
/// Text without Arabic letters or digits comes back unchanged (the common case, and cheap).
package enum ArabicText {
    /// The normalised text, and for each of its UTF-16 positions where the original had one
    /// (only when something was dropped; otherwise positions are the same).
    package static func normalize(_ text: String) -> (text: String, originalOffsets: [Int]?) {
        // Every Arabic-block scalar is encoded with a lead byte 0xD8...0xDB in UTF-8.
        guard text.utf8.contains(where: { (0xD8...0xDB).contains($0) }) else { return (text, nil) }
        var scalars = String.UnicodeScalarView()
        var offsets: [Int] = []
        var dropped = false
        var position = 0
        for scalar in text.unicodeScalars {
            defer { position += scalar.utf16.count }
            guard let mapped = map(scalar) else {
                dropped = true
                continue
            }
            scalars.append(mapped)
            for _ in 0..<mapped.utf16.count { offsets.append(position) }
        }
        offsets.append(position)
        return (String(scalars), dropped ? offsets : nil)
    }

    /// The folded form of one scalar, or nil when it is dropped.
    static func map(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar.value {
        case 0x064B...0x065F, 0x0670, 0x0640: return nil  // harakat, superscript alef, tatweel
        case 0x0622, 0x0623, 0x0625, 0x0671: return "ا"
        case 0x0649, 0x0626: return "ي"
        case 0x0629: return "ه"
        case 0x0624: return "و"
        case 0x0660...0x0669, 0x06F0...0x06F9: return FactNumber.asciiDigit(scalar)
        default: return scalar
        }
    }
}

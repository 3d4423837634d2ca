/// A language Mail Doctor speaks.
package enum Language: String, CaseIterable, Codable, Sendable {
    case en, ar

    /// Whether text in this language runs right to left.
    package var isRightToLeft: Bool { self == .ar }
}

/// A user-facing text in every language; the rule format requires both.
package struct LocalizedText: Hashable, Codable, Sendable {
    package var en: String
    package var ar: String

    package init(en: String, ar: String) {
        self.en = en
        self.ar = ar
    }

    /// The text in `language`.
    package subscript(language: Language) -> String {
        switch language {
        case .en: return en
        case .ar: return ar
        }
    }

    /// The same English and Arabic text, for strings that need no translation (host names, codes).
    package static func same(_ text: String) -> LocalizedText { LocalizedText(en: text, ar: text) }
}

/// A language Mail Doctor speaks.
public enum Language: String, CaseIterable, Codable, Sendable {
    case en, ar

    /// Whether text in this language runs right to left.
    public var isRightToLeft: Bool { self == .ar }
}

/// A user-facing text in every language; the rule format requires both.
public struct LocalizedText: Hashable, Codable, Sendable {
    public var en: String
    public var ar: String

    public init(en: String, ar: String) {
        self.en = en
        self.ar = ar
    }

    /// The text in `language`.
    public subscript(language: Language) -> String {
        switch language {
        case .en: return en
        case .ar: return ar
        }
    }

    /// The same English and Arabic text, for strings that need no translation (host names, codes).
    public static func same(_ text: String) -> LocalizedText { LocalizedText(en: text, ar: text) }
}

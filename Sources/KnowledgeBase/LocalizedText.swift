/// A language Mail Doctor speaks.
package enum Language: String, CaseIterable, Codable, Sendable {
    case en, ar

    /// Whether text in this language runs right to left.
    package var isRightToLeft: Bool { self == .ar }
}

/// A user-facing text in every language; the rule format requires both.
///
/// Read from the compiled rules cache, a text stays bytes in the cache's buffer until asked
/// for: a chat turn answers in one language with a few dozen of the rules' thousands of texts,
/// and building all of them, both languages, was a fifth of reading the cache. Each read builds
/// the string again (and `==` and `hash` build both): cheap for what a page or an answer
/// shows, but a loop over many texts that reads each often should keep the strings it needs.
package struct LocalizedText: Hashable, Codable, Sendable {
    private enum Storage: Sendable {
        case strings(en: String, ar: String)
        case encoded(EncodedTexts, en: Range<Int>, ar: Range<Int>)
    }

    private let storage: Storage

    package init(en: String, ar: String) {
        storage = .strings(en: en, ar: ar)
    }

    /// Texts still in `buffer`, as UTF-8 at `en` and `ar`.
    package init(encodedIn buffer: EncodedTexts, en: Range<Int>, ar: Range<Int>) {
        storage = .encoded(buffer, en: en, ar: ar)
    }

    package var en: String {
        switch storage {
        case .strings(let en, _): return en
        case .encoded(let buffer, let en, _): return buffer.string(en)
        }
    }

    package var ar: String {
        switch storage {
        case .strings(_, let ar): return ar
        case .encoded(let buffer, _, let ar): return buffer.string(ar)
        }
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

    package static func == (lhs: LocalizedText, rhs: LocalizedText) -> Bool { lhs.en == rhs.en && lhs.ar == rhs.ar }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(en)
        hasher.combine(ar)
    }

    private enum CodingKeys: String, CodingKey { case en, ar }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            en: try container.decode(String.self, forKey: .en), ar: try container.decode(String.self, forKey: .ar))
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(en, forKey: .en)
        try container.encode(ar, forKey: .ar)
    }
}

/// The bytes texts are decoded from on first use (the compiled rules cache, read once and
/// never changed), shared by every text read from them.
package final class EncodedTexts: Sendable {
    let bytes: [UInt8]

    package init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The UTF-8 at `range` as a string (malformed bytes, which the writer never produces,
    /// become replacement characters rather than a crash).
    package func string(_ range: Range<Int>) -> String {
        bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }
}

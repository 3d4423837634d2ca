import Foundation
import Synchronization

/// Which characters of a fixed sample alphabet a regex atom matches: enough to tell whether two
/// quantifiers can consume the same run of text. ICU decides membership, by matching the atom
/// against each sample, so `[^\s,]`, `\p{Arabic}` or `(?i)` classes need no reimplementation.
struct CharacterSample: Equatable {
    private var low: UInt64
    private var high: UInt64

    /// ASCII controls that occur in text, printable ASCII, and a few others that stand for
    /// classes ASCII does not cover: a no-break space, a Latin letter with an accent, Arabic
    /// letters and digits, a direction mark and a dash.
    static let alphabet: [Character] =
        ["\t", "\n", "\r"]
        + (0x20...0x7E).map { Character(Unicode.Scalar(UInt8($0))) }
        + ["\u{00A0}", "é", "ا", "ة", "ي", "٣", "\u{200F}", "—"]

    static let none = CharacterSample(low: 0, high: 0)
    static let all: CharacterSample = {
        var sample = CharacterSample.none
        for index in alphabet.indices { sample.insert(index) }
        return sample
    }()

    private init(low: UInt64, high: UInt64) {
        self.low = low
        self.high = high
    }

    /// The samples that `atom` (a regex of one character: a literal, a class, an escape) matches.
    init(atom: String) {
        self = .none
        let cached = Self.cache.withLock { $0[atom] }
        if let cached {
            self = cached
            return
        }
        if let regex = try? NSRegularExpression(pattern: "\\A(?:\(atom))\\z", options: [.caseInsensitive]) {
            for (index, character) in Self.alphabet.enumerated() {
                let text = String(character)
                if regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil {
                    insert(index)
                }
            }
        } else {
            self = .all  // Unknown to ICU alone: assume the worst.
        }
        let result = self
        Self.cache.withLock { $0[atom] = result }
    }

    private static let cache = Mutex<[String: CharacterSample]>([:])

    var isEmpty: Bool { low == 0 && high == 0 }

    func union(_ other: CharacterSample) -> CharacterSample {
        CharacterSample(low: low | other.low, high: high | other.high)
    }

    func intersection(_ other: CharacterSample) -> CharacterSample {
        CharacterSample(low: low & other.low, high: high & other.high)
    }

    private mutating func insert(_ index: Int) {
        if index < 64 { low |= 1 << UInt64(index) } else { high |= 1 << UInt64(index - 64) }
    }
}

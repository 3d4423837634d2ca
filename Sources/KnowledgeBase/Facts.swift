/// What is known about one case: fact values by fact id, and the ids of the signatures that
/// matched the error text. The value `unknown` means the user was asked and does not know:
/// the fact is not asked again, and no condition about it holds.
package struct Facts: Hashable, Sendable {
    package static let unknown = "unknown"
    /// The fact that holds the pasted error text itself (what the signatures read).
    package static let errorTextFact = "error.text"
    /// The fact that says what kind of failure the error text shows.
    package static let errorKindFact = "error.kind"

    package var values: [String: String]
    package var matchedSignatures: Set<String>
    /// How much weight a fact's value carries, when less than full (1): the reader's back-off
    /// guesses `error.kind` from resemblance and says so with a weight below 1.
    package var strengths: [String: Double] = [:]

    package init(_ values: [String: String] = [:], matchedSignatures: Set<String> = []) {
        self.values = values
        self.matchedSignatures = matchedSignatures
    }

    /// The value of `fact`, or nil when it is not known (missing or `unknown`).
    package func value(_ fact: String) -> String? {
        guard let value = values[fact], value != Facts.unknown else { return nil }
        return value
    }

    /// The numeric value of `fact` (see `FactNumber.parse`), or nil.
    package func number(_ fact: String) -> Double? {
        value(fact).flatMap(FactNumber.parse)
    }

    /// Whether the fact has been settled, including settled as `unknown`.
    package func isSettled(_ fact: String) -> Bool { values[fact] != nil }

    package subscript(fact: String) -> String? {
        get { values[fact] }
        set {
            values[fact] = newValue
            strengths[fact] = nil
        }
    }

    /// The weight of `fact`'s value: 1 unless it was set as a guess.
    package func strength(_ fact: String) -> Double { strengths[fact] ?? 1 }
}

/// Reads the number in a fact value the way people write it: `587`, `17.0`, `saas~17.4`,
/// `16.0+e`, `25 MB`. The first run of digits (with one decimal point) is the number.
package enum FactNumber {
    package static func parse(_ text: String) -> Double? {
        var digits = ""
        var seenPoint = false
        for scalar in text.unicodeScalars {
            if let value = asciiDigit(scalar) {
                digits.unicodeScalars.append(value)
            } else if (scalar == "." || scalar == ",") && !digits.isEmpty && !seenPoint {
                seenPoint = true
                digits.append(".")
            } else if !digits.isEmpty {
                break
            }
        }
        if digits.hasSuffix(".") { digits.removeLast() }
        // Hundreds of digits parse as infinity; no fact value is that large.
        guard let number = Double(digits), number.isFinite, abs(number) < 1e15 else { return nil }
        return number
    }

    /// ASCII and Arabic-Indic digits both count: Arabic users type ٥٨٧ as readily as 587.
    package static func asciiDigit(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar.value {
        case 0x30...0x39: return scalar
        case 0x660...0x669: return Unicode.Scalar(scalar.value - 0x660 + 0x30)
        case 0x6F0...0x6F9: return Unicode.Scalar(scalar.value - 0x6F0 + 0x30)
        default: return nil
        }
    }
}

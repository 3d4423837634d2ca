/// What is known about one case: fact values by fact id, and the ids of the signatures that
/// matched the error text. The value `unknown` means the user was asked and does not know:
/// the fact is not asked again, and no condition about it holds.
public struct Facts: Hashable, Codable, Sendable {
    public static let unknown = "unknown"
    /// The fact that holds the pasted error text itself (what the signatures read).
    public static let errorTextFact = "error.text"

    public var values: [String: String]
    public var matchedSignatures: Set<String>

    public init(_ values: [String: String] = [:], matchedSignatures: Set<String> = []) {
        self.values = values
        self.matchedSignatures = matchedSignatures
    }

    /// The value of `fact`, or nil when it is not known (missing or `unknown`).
    public func value(_ fact: String) -> String? {
        guard let value = values[fact], value != Facts.unknown else { return nil }
        return value
    }

    /// The numeric value of `fact` (see `FactNumber.parse`), or nil.
    public func number(_ fact: String) -> Double? {
        value(fact).flatMap(FactNumber.parse)
    }

    /// Whether the fact has been settled, including settled as `unknown`.
    public func isSettled(_ fact: String) -> Bool { values[fact] != nil }

    public subscript(fact: String) -> String? {
        get { values[fact] }
        set { values[fact] = newValue }
    }
}

/// Reads the number in a fact value the way people write it: `587`, `17.0`, `saas~17.4`,
/// `16.0+e`, `25 MB`. The first run of digits (with one decimal point) is the number.
public enum FactNumber {
    public static func parse(_ text: String) -> Double? {
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
    private static func asciiDigit(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar.value {
        case 0x30...0x39: return scalar
        case 0x660...0x669: return Unicode.Scalar(scalar.value - 0x660 + 0x30)
        case 0x6F0...0x6F9: return Unicode.Scalar(scalar.value - 0x6F0 + 0x30)
        default: return nil
        }
    }
}

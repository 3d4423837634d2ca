/// A password held for a probe. It prints as a mask, is not Codable and has no public
/// accessor except `reveal()`, which only the SMTP AUTH exchange calls, so it cannot end up in
/// output, logs or session state by accident.
public struct Secret: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    private let value: String

    public init(_ value: String) {
        self.value = value
    }

    public var description: String { "••••••" }
    public var debugDescription: String { "Secret(••••••)" }

    /// The password itself, for the one place that sends it to the server.
    func reveal() -> String { value }

    /// Replaces every occurrence of the password in `text` with the mask.
    public func mask(_ text: String) -> String {
        guard !value.isEmpty else { return text }
        return text.replacingOccurrences(of: value, with: description)
    }
}

import Foundation

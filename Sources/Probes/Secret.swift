import Foundation

/// A password held for a probe. It prints as a mask, is not Codable and has no public
/// accessor except `reveal()`, which only the SMTP AUTH exchange calls, so it cannot end up in
/// output, logs or session state by accident.
package struct Secret: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    private let value: String

    package init(_ value: String) {
        self.value = value
    }

    package var description: String { "••••••" }
    package var debugDescription: String { "Secret(••••••)" }

    /// The password itself, for the one place that sends it to the server.
    func reveal() -> String { value }

    /// Replaces every occurrence of the password in `text` with the mask.
    package func mask(_ text: String) -> String {
        mask(text, user: nil)
    }

    /// Replaces every form in which the password can come back from a server that echoes what
    /// it was sent: the password itself, its base64 (AUTH LOGIN's second step) and the base64 of
    /// AUTH PLAIN's token for `user`, each with and without its `=` padding.
    package func mask(_ text: String, user: String?) -> String {
        guard !value.isEmpty else { return text }
        var result = text
        for form in forms(user: user) where result.contains(form) {
            result = result.replacingOccurrences(of: form, with: description)
        }
        return result
    }

    /// The longest first, so a token is masked whole before the password inside it.
    func forms(user: String?) -> [String] {
        var tokens = [Data(value.utf8)]
        if let user { tokens.append(Data("\u{0}\(user)\u{0}\(value)".utf8)) }
        tokens.append(Data("\u{0}\u{0}\(value)".utf8))
        var forms = [value]
        for token in tokens {
            let encoded = token.base64EncodedString()
            forms.append(encoded)
            var unpadded = encoded
            while unpadded.hasSuffix("=") { unpadded.removeLast() }
            if unpadded.count >= 4 { forms.append(unpadded) }
        }
        return Array(Set(forms)).sorted { $0.count > $1.count }
    }
}

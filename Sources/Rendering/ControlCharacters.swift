extension String {
    /// The text with every control character that a terminal or a Markdown viewer would act on
    /// shown as a visible escape (`\x1b`, `\u{202E}`): text from a server banner, a log or a
    /// paste must not clear the screen, move the cursor, print fake ✓ lines or reorder what
    /// follows it. Line ends and tabs stay; carriage returns do not (they overwrite a line).
    package var visibleControls: String {
        guard unicodeScalars.contains(where: Self.isHostile) else { return self }
        var result = ""
        result.unicodeScalars.reserveCapacity(unicodeScalars.count)
        for scalar in unicodeScalars {
            if Self.isHostile(scalar) {
                result +=
                    scalar.value < 0x100
                    ? "\\x" + String(scalar.value, radix: 16).leftPadded(to: 2)
                    : "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// C0 controls but line feed and tab, DEL, C1 controls, and the bidirectional embeddings,
    /// overrides and isolates (the renderers add their own isolates after this).
    static func isHostile(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: return false
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

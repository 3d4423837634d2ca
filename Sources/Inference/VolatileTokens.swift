import KnowledgeBase

/// The parts of a mail failure's text that change from one occurrence to the next and never
/// carry evidence. `LogScanner` keys its cache of verdicts on the text with these masked, so a
/// failure that repeats (the normal case in a real log) is read once. On a miss the real text
/// is read, so every sample is a real line of the log.
///
/// | token | as in the log | masked |
/// |---|---|---|
/// | Odoo's mail id | `failed sending mail (id: 1542) due to` | `(id: 0)` |
/// | Gmail's per-message session token | `d9443c01a7336-1f6a39a5d52sm8126875ad.64 - gsmtp` | `x0sm0x.0 - gsmtp` |
/// | a diagnostic trailer's front-end server, region, time and id | `[AM0PR02CA0101.eurprd02.prod.outlook.com 2024-05-14T09:12:44.512Z 08DC73F0A1B2C3D4]` | `[AM0PR00CA0000.eurprd00.prod.outlook.com 2000-01-01T00:00:00.000Z 0000000000000000]` |
///
/// A mask keeps the token's kind of characters (digits stay digits; the server name keeps its
/// letters, which the symptom phrases read: `01MB` is a size to them), and the Gmail token
/// becomes shorter than any real one, so a pattern that reads the words around a token reads
/// them the same. A trailer's domain (its last two labels) is kept: the provider is read from it.
///
/// Left alone on purpose: e-mail addresses (signatures take `mail.from` from them), host names
/// (providers are read from them), times elsewhere in a text (certificate validity and clock
/// skew are evidence) and Message-Id values (their domain is a host name). A text that differs
/// only there costs one more reading, never a wrong one.
///
/// `VolatileTokenTests` proves the masking safe on the rules' own examples and every error text
/// of `Tests/Scenarios`: the masked text reads exactly as the original (facts and signatures).
package enum VolatileTokens {
    /// `text` with its volatile tokens masked; `text` itself when it has none.
    package static func masked(_ text: String) -> String {
        var bytes = Array(text.utf8)
        let changed = mask(&bytes)
        return changed ? String(decoding: bytes, as: UTF8.self) : text
    }

    /// Masks `bytes` (UTF-8) in place, without changing its length except where a token's mask
    /// is shorter; whether anything changed.
    @discardableResult
    static func mask(_ bytes: inout [UInt8]) -> Bool {
        var changed = maskOdooMailID(&bytes)
        changed = maskDiagnosticTrailers(&bytes) || changed
        changed = maskGmailSessionTokens(&bytes) || changed
        return changed
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }
    private static func isUpper(_ byte: UInt8) -> Bool { byte &- 0x41 < 26 }
    private static func isLower(_ byte: UInt8) -> Bool { byte &- 0x61 < 26 }
    private static func isHex(_ byte: UInt8) -> Bool { isDigit(byte) || byte &- 0x41 < 6 || byte &- 0x61 < 6 }

    /// Where `needle` occurs in `bytes` at or after `from`.
    private static func find(_ needle: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        needle.withUnsafeBytes { needle in
            bytes.withUnsafeBytes { PatternTrigger.firstOffset(of: needle, in: $0, from: from) }
        }
    }

    static let odooMailID = Array("failed sending mail (id: ".utf8)

    /// `failed sending mail (id: 1542)` → `(id: 0)`: Odoo's `mail.mail` record id.
    private static func maskOdooMailID(_ bytes: inout [UInt8]) -> Bool {
        var changed = false
        var from = 0
        while let found = find(odooMailID, in: bytes, from: from) {
            let start = found + odooMailID.count
            var end = start
            while end < bytes.count && isDigit(bytes[end]) { end += 1 }
            from = start
            guard end > start, end < bytes.count, bytes[end] == UInt8(ascii: ")") else { continue }
            if end - start != 1 || bytes[start] != UInt8(ascii: "0") {
                bytes.replaceSubrange(start..<end, with: [UInt8(ascii: "0")])
                changed = true
            }
            from = start + 1
        }
        return changed
    }

    static let gsmtp = Array(" - gsmtp".utf8)
    static let gmailMask = Array("x0sm0x.0".utf8)

    /// `d9443c01a7336-1f6a39a5d52sm8126875ad.64 - gsmtp` → `x0sm0x.0 - gsmtp`: the word in front
    /// of Gmail's ` - gsmtp` when it has the session token's form (lowercase letters, digits and
    /// hyphens, `sm` and digits, a dot and digits at the end); a URL there is left alone.
    private static func maskGmailSessionTokens(_ bytes: inout [UInt8]) -> Bool {
        var changed = false
        var from = 0
        while let found = find(gsmtp, in: bytes, from: from) {
            from = found + gsmtp.count
            var start = found
            while start > 0, bytes[start - 1] != 0x20, bytes[start - 1] != 0x0A, bytes[start - 1] != 0x09 {
                start -= 1
            }
            guard isSessionToken(bytes[start..<found]), !bytes[start..<found].elementsEqual(gmailMask) else {
                continue
            }
            bytes.replaceSubrange(start..<found, with: gmailMask)
            from = start + gmailMask.count + gsmtp.count
            changed = true
        }
        return changed
    }

    private static func isSessionToken(_ word: ArraySlice<UInt8>) -> Bool {
        guard word.count >= 6,
            word.allSatisfy({ isLower($0) || isDigit($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") })
        else { return false }
        // A dot and digits at the end.
        guard let dot = word.lastIndex(of: UInt8(ascii: ".")), dot > word.startIndex, dot + 1 < word.endIndex,
            word[(dot + 1)...].allSatisfy(isDigit)
        else { return false }
        // `sm` and a digit before the dot.
        var index = word.startIndex
        while index + 2 < dot {
            if word[index] == UInt8(ascii: "s") && word[index + 1] == UInt8(ascii: "m") && isDigit(word[index + 2]) {
                return true
            }
            index += 1
        }
        return false
    }

    static let trailerTime = Array("2000-01-01T00:00:00".utf8)

    /// `[AM0PR02CA0101.eurprd02.prod.outlook.com 2024-05-14T09:12:44.512Z 08DC73F0A1B2C3D4]`:
    /// the front-end server's name (the first label, capitals and digits) and the labels
    /// between it and the domain (the last two labels) have their digits 0, the time becomes 2000-01-01T00:00:00 with its fraction's digits 0,
    /// the id sixteen 0s. The bracket holds one host name, then optionally the time and id.
    private static func maskDiagnosticTrailers(_ bytes: inout [UInt8]) -> Bool {
        var changed = false
        var open = 0
        while open < bytes.count {
            guard bytes[open] == UInt8(ascii: "[") else {
                open += 1
                continue
            }
            defer { open += 1 }
            // The server's label: capitals and digits, both, then a dot.
            var index = open + 1
            var letters = false
            var digits = false
            while index < bytes.count && (isUpper(bytes[index]) || isDigit(bytes[index])) {
                if isDigit(bytes[index]) { digits = true } else { letters = true }
                index += 1
            }
            let labelEnd = index
            guard letters, digits, labelEnd - open - 1 >= 8, index < bytes.count, bytes[index] == UInt8(ascii: ".")
            else { continue }
            // The rest of the host name.
            let hostRest = index
            while index < bytes.count,
                isUpper(bytes[index]) || isLower(bytes[index]) || isDigit(bytes[index])
                    || bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: "-")
            {
                index += 1
            }
            guard index < bytes.count else { continue }
            // The labels between the server's and the domain (its last two labels, which
            // providers are recognised by): `eurprd02`, `EURP250`, `eop-nam12`.
            let dots = (hostRest..<index).filter { bytes[$0] == UInt8(ascii: ".") }
            let middle = dots.count >= 3 ? hostRest..<dots[dots.count - 2] : hostRest..<hostRest
            var time: Range<Int>?
            var id: Range<Int>?
            if bytes[index] == 0x20 {
                // ` YYYY-MM-DDTHH:MM:SS.fffZ HEX16]`
                let timeStart = index + 1
                var cursor = timeStart
                let form = Array("0000-00-00T00:00:00".utf8)
                guard cursor + form.count <= bytes.count,
                    zip(form, bytes[cursor..<(cursor + form.count)]).allSatisfy({ expected, byte in
                        expected == UInt8(ascii: "0") ? isDigit(byte) : byte == expected
                    })
                else { continue }
                cursor += form.count
                if cursor < bytes.count && bytes[cursor] == UInt8(ascii: ".") {
                    cursor += 1
                    while cursor < bytes.count && isDigit(bytes[cursor]) { cursor += 1 }
                }
                guard cursor + 1 < bytes.count, bytes[cursor] == UInt8(ascii: "Z"), bytes[cursor + 1] == 0x20 else {
                    continue
                }
                time = timeStart..<cursor
                let idStart = cursor + 2
                var idEnd = idStart
                while idEnd < bytes.count && isHex(bytes[idEnd]) { idEnd += 1 }
                guard idEnd - idStart == 16, idEnd < bytes.count else { continue }
                id = idStart..<idEnd
                index = idEnd
            }
            guard bytes[index] == UInt8(ascii: "]") else { continue }
            // Same lengths throughout: the ranges found above stay valid.
            // Only the label's digits: its letters are read (`01MB` reads as a size to the
            // symptom phrases, and stays `00MB`), and they vary far less.
            for position in (open + 1)..<labelEnd where isDigit(bytes[position]) && bytes[position] != 0x30 {
                bytes[position] = 0x30
                changed = true
            }
            for position in middle where isDigit(bytes[position]) && bytes[position] != 0x30 {
                bytes[position] = 0x30
                changed = true
            }
            if let time {
                for (offset, position) in time.enumerated() {
                    let masked =
                        offset < trailerTime.count
                        ? trailerTime[offset] : (isDigit(bytes[position]) ? UInt8(ascii: "0") : bytes[position])
                    if bytes[position] != masked {
                        bytes[position] = masked
                        changed = true
                    }
                }
            }
            if let id {
                for position in id where bytes[position] != UInt8(ascii: "0") {
                    bytes[position] = UInt8(ascii: "0")
                    changed = true
                }
            }
        }
        return changed
    }
}

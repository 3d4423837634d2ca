import Foundation

/// The header fields of a received message as pasted: Gmail's "Show original", Outlook's
/// "View message source", a bounce that quotes the original, or a few lines copied from any of
/// them, possibly after a sentence of the user's own.
///
/// Fields are unfolded as RFC 5322 §2.2.3 says (a line break followed by white space is part
/// of the field), in the order they appear, which for trace fields is newest first (RFC 5321
/// §4.4: every relay prepends its Received line).
package struct HeaderBlock: Sendable {
    /// One field: its name as written, its unfolded value, and where it sits in the text
    /// (UTF-16 offsets, so that a reader can blank it out of what other layers read).
    package struct Field: Sendable, Equatable {
        package var name: String
        package var value: String
        package var range: NSRange
    }

    package var fields: [Field]

    /// The fields whose name is `name`, case-insensitively, in order.
    package func all(_ name: String) -> [Field] {
        fields.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }

    /// The first (newest) field named `name`.
    package func first(_ name: String) -> Field? { all(name).first }

    /// The fields that mark a pasted text as a message's headers rather than an error: a
    /// receiver writes them, no SMTP client prints them.
    static let markers: Set<String> = [
        "received", "authentication-results", "arc-authentication-results", "received-spf",
        "dkim-signature", "return-path", "arc-seal", "x-ms-exchange-organization-authas",
    ]

    /// The most a header block may hold: a long Gmail header is about 200 fields.
    static let maximumFields = 2_000

    /// The header block in `text`, or nil when the text holds none: at least two fields, one
    /// of them a trace or authentication field (`markers`). When the text holds several runs
    /// of fields (a bounce and the message it quotes), the one with the most marker fields is
    /// taken.
    package static func find(in text: String) -> HeaderBlock? {
        // Cheap refusal first: most pasted errors name none of these fields.
        let lowered = text.lowercased()
        guard
            lowered.contains("received:") || lowered.contains("authentication-results:")
                || lowered.contains("dkim-signature:") || lowered.contains("received-spf:")
        else { return nil }
        var runs: [[Field]] = []
        var current: [Field] = []
        var pending: (name: String, value: String, start: Int, end: Int)?
        func closeField() {
            guard let field = pending else { return }
            current.append(
                Field(
                    name: field.name, value: unfold(field.value),
                    range: NSRange(location: field.start, length: field.end - field.start)))
            pending = nil
        }
        func closeRun() {
            closeField()
            if !current.isEmpty { runs.append(current) }
            current = []
        }
        var offset = 0
        let utf16 = text.utf16
        var lineStart = utf16.startIndex
        while lineStart < utf16.endIndex {
            var lineEnd = lineStart
            while lineEnd < utf16.endIndex && utf16[lineEnd] != 0x0A { lineEnd = utf16.index(after: lineEnd) }
            let lineLength = utf16.distance(from: lineStart, to: lineEnd)
            let line = String(utf16[lineStart..<lineEnd]) ?? ""
            let trimmedLine = line.hasSuffix("\r") ? String(line.dropLast()) : line
            if let first = trimmedLine.first, first == " " || first == "\t" {
                if pending != nil, !trimmedLine.trimmingCharacters(in: .whitespaces).isEmpty {
                    // A continuation line: folding white space, part of the field above.
                    pending!.value += "\n" + trimmedLine
                    pending!.end = offset + trimmedLine.utf16.count
                } else if trimmedLine.trimmingCharacters(in: .whitespaces).isEmpty {
                    closeRun()
                }
            } else if let (name, value) = fieldStart(trimmedLine) {
                closeField()
                pending = (name, value, offset, offset + trimmedLine.utf16.count)
            } else {
                // A blank line ends the header section (RFC 5322 §2.1); any other line is not
                // part of a header block.
                closeRun()
            }
            offset += lineLength + 1
            if current.count > maximumFields { break }
            lineStart = lineEnd < utf16.endIndex ? utf16.index(after: lineEnd) : lineEnd
        }
        closeRun()
        func score(_ run: [Field]) -> Int { run.filter { markers.contains($0.name.lowercased()) }.count }
        // One field is enough when it is a receiver's verdict (a pasted Authentication-Results).
        let verdicts: Set<String> = ["authentication-results", "arc-authentication-results", "received-spf"]
        guard let best = runs.max(by: { score($0) < score($1) }), score(best) >= 1,
            best.count >= 2 || verdicts.contains(best[0].name.lowercased())
        else { return nil }
        return HeaderBlock(fields: best)
    }

    /// `Name: value` with a field name of printable ASCII but the colon (RFC 5322 §2.2), at
    /// most 76 characters long, as real field names are.
    static func fieldStart(_ line: String) -> (String, String)? {
        guard let colon = line.firstIndex(of: ":"), colon > line.startIndex else { return nil }
        let name = line[..<colon]
        guard name.count <= 76,
            name.unicodeScalars.allSatisfy({ $0.value >= 33 && $0.value <= 126 && $0 != ":" }),
            name.first?.isLetter == true
        else { return nil }
        let value = line[line.index(after: colon)...]
        return (String(name), String(value))
    }

    /// RFC 5322 §2.2.3: unfolding removes the CRLF before white space; runs of white space
    /// are then one space, which every structured field below reads the same way.
    static func unfold(_ value: String) -> String {
        var out = ""
        var lastWasSpace = true
        for character in value {
            if character == "\n" || character == "\r" || character == " " || character == "\t" {
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
            } else {
                out.append(character)
                lastWasSpace = false
            }
        }
        while out.last == " " { out.removeLast() }
        return out
    }
}

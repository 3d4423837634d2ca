/// Right-to-left helpers. In Arabic text, Latin runs (host names, ports, menu paths such as
/// `smtp.gmail.com:587`) are wrapped in first-strong isolates (U+2068 … U+2069), so a terminal
/// or viewer that does the bidirectional algorithm keeps them in order; one that does not just
/// ignores the invisible marks.
package enum Bidi {
    static let isolateStart: Character = "\u{2068}"
    static let isolateEnd: Character = "\u{2069}"
    static let closers: [Character: Character] = ["(": ")", "[": "]", "{": "}", "<": ">"]

    package static func isolateLatinRuns(_ text: String) -> String {
        // An address template ("https://<عنوان Odoo>/odoo") is one left-to-right unit, even
        // with Arabic words inside its placeholder.
        if let url = urlRange(in: text) {
            return isolateLatinRuns(String(text[..<url.lowerBound])) + isolate(String(text[url]))
                + isolateLatinRuns(String(text[url.upperBound...]))
        }
        // A list number ("1. ", "  2) ") is its own run: joined to a title that starts in
        // Latin ("1. Microsoft 365 …") it would be drawn inside the Latin words.
        if let marker = listMarker(in: text) {
            return String(text[..<marker.lowerBound]) + String(isolateStart) + String(text[marker])
                + String(isolateEnd) + isolateLatinRuns(String(text[marker.upperBound...]))
        }
        var result = ""
        var run = ""
        var runHasLatin = false
        func emit(_ run: String) {
            // Trailing punctuation and spaces stay outside the isolate (Arabic text owns
            // them), except a closing bracket whose opener is inside.
            var inside = Array(run)
            var outside: [Character] = []
            while let last = inside.last, !(last.isLetter || last.isNumber) {
                // A closing quote whose opening one is inside stays with it.
                if last == "\"" || last == "'", inside.filter({ $0 == last }).count % 2 == 0 { break }
                let opener = closers.first { $0.value == last }?.key
                if let opener,
                    inside.filter({ $0 == opener }).count >= inside.filter({ $0 == last }).count
                {
                    break
                }
                outside.insert(inside.removeLast(), at: 0)
            }
            // An opening bracket whose closer is not in the run stays outside too: split
            // across the isolate's edge, the pair would be drawn as two openers.
            var before: [Character] = []
            while let first = inside.first {
                if unmatchedOpener(in: inside) == 0 {
                    before.append(inside.removeFirst())
                } else if first == "\"" || first == "'", inside.filter({ $0 == first }).count % 2 == 1 {
                    before.append(inside.removeFirst())
                } else {
                    break
                }
            }
            result += String(before)
            // A bracket opened inside the run and closed after it ("Brevo (Sendinblue سابقاً)"):
            // the isolate ends before it, so both brackets sit in the Arabic text.
            if let split = unmatchedOpener(in: inside), split > 0 {
                emit(String(inside[..<split]).trimmingCharacters(in: .whitespaces))
                result += inside[..<split].reversed().prefix { $0 == " " }.map(String.init).joined()
                result.append(inside[split])
                let rest = String(inside[(split + 1)...])
                if rest.contains(where: isLatin) { emit(rest) } else { result += rest }
                result += String(outside)
                return
            }
            result.append(isolateStart)
            result += String(inside)
            result.append(isolateEnd)
            result += String(outside)
        }
        func flush(before next: Character?) {
            defer {
                run = ""
                runHasLatin = false
            }
            guard runHasLatin else {
                result += run
                return
            }
            // A percentage belongs to its sign, not to the words before it: in
            // "SMTP  96٪" the isolate must end at "SMTP", or the sign is drawn on the far
            // side of the Latin words.
            if next == "٪" || next == "%" {
                // The number with its decimals ("99.5"), starting with a digit.
                var digits = run.reversed().prefix { ($0.isASCII && $0.isNumber) || $0 == "." }.count
                while digits > 0, run.dropLast(digits - 1).last == "." { digits -= 1 }
                let head = run.dropLast(digits)
                // Only after a space: "1,000٪" is one number, "SMTP  96٪" and "id, 70٪" are not.
                if digits > 0, head.last == " " {
                    emit(String(head))
                    // Digits before an Arabic sign need no isolate: they stay in one piece.
                    result += run.suffix(digits)
                    return
                }
            }
            emit(run)
        }
        // Neutrals that open a Latin run ("@gmail.com", "/etc/odoo", "<region>", "(15–16)",
        // "--format") wait here until a Latin character claims them; without it they are
        // drawn on the Arabic side of the run.
        var pending = ""
        for character in text {
            if isLatin(character) {
                run += pending
                pending = ""
                run.append(character)
                runHasLatin = true
            } else if !run.isEmpty && isNeutralInsideLatin(character) {
                run.append(character)
            } else if run.isEmpty && opensLatin(character) {
                pending.append(character)
            } else {
                flush(before: character)
                result += pending
                pending = ""
                result.append(character)
            }
        }
        flush(before: nil)
        result += pending
        return result
    }

    /// Where the first opening bracket without its closer in `run` sits.
    private static func unmatchedOpener(in run: [Character]) -> Int? {
        var open: [Int] = []
        for (index, character) in run.enumerated() {
            if closers[character] != nil {
                open.append(index)
            } else if let last = open.last, closers[run[last]] == character {
                open.removeLast()
            }
        }
        return open.first
    }

    /// The first `http://` or `https://` address in `text`, to the next space outside a
    /// `<…>` placeholder (and without the sentence's final punctuation).
    private static func urlRange(in text: String) -> Range<String.Index>? {
        guard let start = text.range(of: "https://")?.lowerBound ?? text.range(of: "http://")?.lowerBound
        else { return nil }
        var end = start
        var inPlaceholder = false
        while end < text.endIndex {
            let character = text[end]
            if character == "<" { inPlaceholder = true }
            if character == ">" { inPlaceholder = false }
            if character.isWhitespace && !inPlaceholder { break }
            end = text.index(after: end)
        }
        while end > start, let last = text[..<end].last, ".,;:)»،".contains(last) {
            end = text.index(before: end)
        }
        return start..<end
    }

    /// The whole of `text` as one left-to-right unit (a cause id, a command, a code span).
    package static func isolate(_ text: String) -> String {
        String(isolateStart) + text + String(isolateEnd)
    }

    /// Markdown for an Arabic page: Latin runs in prose isolated, each code span isolated whole
    /// (outside its backticks, so a copied command carries no invisible characters), link
    /// targets and HTML tags untouched, and fenced code blocks set left to right.
    package static func isolateMarkdown(_ markdown: String) -> String {
        var out: [String] = []
        var fence: String?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let trimmed = line.drop { $0 == " " }
            if let open = fence {
                out.append(line)
                if trimmed.hasPrefix(open) && trimmed.allSatisfy({ $0 == "`" || $0 == "~" || $0 == " " }) {
                    fence = nil
                    out += ["", "</div>", ""]
                }
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                fence = String(trimmed.prefix { $0 == "`" || $0 == "~" })
                // An HTML block needs blank lines around it for the fence inside to stay code.
                out += ["", "<div dir=\"ltr\">", "", line]
                continue
            }
            out.append(isolateMarkdownLine(line))
        }
        return out.joined(separator: "\n")
    }

    private static func isolateMarkdownLine(_ line: String) -> String {
        var result = ""
        var text = ""
        var characters = Array(line)[...]
        // An ordered list's number is Markdown syntax: an isolate before it ends the list.
        if let marker = listMarker(in: line) {
            let prefix = line.distance(from: line.startIndex, to: marker.upperBound) + 2
            result = String(characters.prefix(prefix))
            characters = characters.dropFirst(prefix)
        }
        func flushText() {
            result += isolateLatinRuns(text)
            text = ""
        }
        while let character = characters.first {
            if character == "`" {
                let ticks = characters.prefix { $0 == "`" }.count
                let rest = characters.dropFirst(ticks)
                let closer = String(repeating: "`", count: ticks)
                if let end = String(rest).range(of: closer) {
                    let length = String(rest)[..<end.lowerBound].count
                    flushText()
                    result += isolate(String(characters.prefix(ticks + length + ticks)))
                    characters = characters.dropFirst(ticks + length + ticks)
                    continue
                }
            }
            if character == "<", let end = characters.firstIndex(of: ">") {
                let tag = String(characters[characters.startIndex...end])
                if tag.hasPrefix("</") || tag.hasPrefix("<a ") || tag.hasPrefix("<div") || tag.hasPrefix("<br")
                    || tag.hasPrefix("<http") || tag.hasPrefix("<!--") || tag.hasPrefix("<bdi")
                {
                    flushText()
                    result += tag
                    characters = characters[characters.index(after: end)...]
                    continue
                }
            }
            if character == "[" {
                // Link syntax stays outside every isolate, or the link is no longer a link.
                flushText()
                result += "["
                characters = characters.dropFirst()
                continue
            }
            if character == "]", characters.dropFirst().first == "(", let end = characters.firstIndex(of: ")") {
                // A link's target is an address, not text: no isolates inside it.
                flushText()
                result += String(characters[characters.startIndex...end])
                characters = characters[characters.index(after: end)...]
                continue
            }
            text.append(character)
            characters = characters.dropFirst()
        }
        flushText()
        return result
    }

    /// The digits of a list number at the start of `text` (after indentation), when a "."
    /// or ")" and a space follow them.
    private static func listMarker(in text: String) -> Range<String.Index>? {
        let start = text.firstIndex { $0 != " " } ?? text.endIndex
        let end = text[start...].firstIndex { !($0.isASCII && $0.isNumber) } ?? text.endIndex
        guard start < end, text.distance(from: start, to: end) <= 3,
            text[end...].hasPrefix(". ") || text[end...].hasPrefix(") ")
        else { return nil }
        return start..<end
    }

    private static func isLatin(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first else { return false }
        return scalar.isASCII && (character.isLetter || character.isNumber)
    }

    /// Characters that belong to a Latin run when they sit inside it: `smtp.gmail.com:587`,
    /// `5.7.8`, `Settings > Technical`.
    private static func isNeutralInsideLatin(_ character: Character) -> Bool {
        ".:;/-_@()[]'\"=+<>,# ~*&{}–\\".contains(character)
    }

    /// Characters that may start a Latin run: "@gmail.com", "/etc", "<region>", "(15", "--x".
    private static func opensLatin(_ character: Character) -> Bool {
        "@/<([{'\"-.~_#$&\\".contains(character)
    }
}

/// Reads the structured field bodies of RFC 5322 §3.2 that Authentication-Results, Received
/// and Received-SPF are made of: comments in parentheses (which nest, §3.2.2), quoted strings
/// (§3.2.4) and the tokens between them.
struct FieldScanner {
    /// One piece of a field body.
    enum Piece: Equatable {
        /// A run of characters that are neither white space, nor `;`, `=`, `(` or `"`.
        case word(String)
        /// A quoted string, unquoted.
        case quoted(String)
        /// A comment, without its outer parentheses.
        case comment(String)
        case semicolon
        case equals
    }

    /// The pieces of `text`. An unclosed comment or quote ends at the end of the text: pasted
    /// headers are often cut short, and what was cut is simply absent.
    static func pieces(_ text: String) -> [Piece] {
        var pieces: [Piece] = []
        var index = text.startIndex
        var word = ""
        func flush() {
            if !word.isEmpty { pieces.append(.word(word)) }
            word = ""
        }
        while index < text.endIndex {
            let character = text[index]
            switch character {
            case " ", "\t", "\n", "\r":
                flush()
                index = text.index(after: index)
            case ";":
                flush()
                pieces.append(.semicolon)
                index = text.index(after: index)
            case "=":
                flush()
                pieces.append(.equals)
                index = text.index(after: index)
            case "(":
                flush()
                var depth = 0
                var comment = ""
                while index < text.endIndex {
                    let c = text[index]
                    if c == "\\" {
                        index = text.index(after: index)
                        if index < text.endIndex { comment.append(text[index]) }
                    } else if c == "(" {
                        if depth > 0 { comment.append(c) }
                        depth += 1
                    } else if c == ")" {
                        depth -= 1
                        if depth == 0 {
                            index = text.index(after: index)
                            break
                        }
                        comment.append(c)
                    } else {
                        comment.append(c)
                    }
                    if index < text.endIndex { index = text.index(after: index) }
                }
                pieces.append(.comment(comment.trimmingSpaces))
            case "\"":
                flush()
                var quoted = ""
                index = text.index(after: index)
                while index < text.endIndex, text[index] != "\"" {
                    if text[index] == "\\" {
                        index = text.index(after: index)
                        if index == text.endIndex { break }
                    }
                    quoted.append(text[index])
                    index = text.index(after: index)
                }
                if index < text.endIndex { index = text.index(after: index) }
                pieces.append(.quoted(quoted))
            default:
                word.append(character)
                index = text.index(after: index)
            }
        }
        flush()
        return pieces
    }
}

extension String {
    var trimmingSpaces: String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return String(slice)
    }
}

/// One problem found by the loader, the linter or the engine, reported like a compiler does:
/// `rules/causes.yaml:12:5: error: unknown fix 'open-port'`, then the source line and a caret.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    package enum Severity: String, Sendable {
        case error, warning
    }

    /// Source lines longer than this are shown as a window around the column.
    static let maximumShownLine = 120

    package var severity: Severity
    package var location: SourceLocation?
    package var message: String
    /// The text of the line the location points at, shown under the message with a caret.
    package var sourceLine: String?

    package init(
        _ severity: Severity, _ message: String, at location: SourceLocation? = nil,
        sourceLine: String? = nil
    ) {
        self.severity = severity
        self.message = message
        self.location = location
        self.sourceLine = sourceLine
    }

    /// The whole message: position, severity, text, then the source line and a caret.
    public var description: String {
        var text = location.map { "\($0): " } ?? ""
        text += "\(severity.rawValue): \(message)"
        if let line = sourceLine, let location {
            var scalars = Array(line.unicodeScalars)
            var column = max(0, location.column - 1)
            // A very long line (minified YAML, a pasted log) is shown as a window around the
            // column, so the message stays readable.
            if scalars.count > Diagnostic.maximumShownLine {
                let start = max(0, min(column - 60, scalars.count - Diagnostic.maximumShownLine))
                let end = min(scalars.count, start + Diagnostic.maximumShownLine)
                let head: [Unicode.Scalar] = start > 0 ? ["…"] : []
                let tail: [Unicode.Scalar] = end < scalars.count ? ["…"] : []
                scalars = head + Array(scalars[start..<end]) + tail
                column = column - start + head.count
            }
            // The caret goes under the column; a tab stays a tab so the caret lines up in a terminal.
            let prefix = scalars.prefix(column)
            let padding = String(String.UnicodeScalarView(prefix.map { $0 == "\t" ? "\t" : " " }))
            text += "\n\(String(String.UnicodeScalarView(scalars)))\n\(padding)^"
        }
        return text
    }
}

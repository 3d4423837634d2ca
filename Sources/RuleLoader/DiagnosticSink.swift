import KnowledgeBase

/// Collects the diagnostics of one load, with the text of every file read, so each message
/// can show its source line under it.
final class DiagnosticSink {
    private(set) var diagnostics: [Diagnostic] = []
    /// The text of every file read; split into lines only for a file that has a diagnostic.
    private var texts: [String: String] = [:]
    private var lines: [String: [Substring]] = [:]

    func register(file: String, text: String) {
        texts[file] = text
        lines[file] = nil
    }

    func error(_ message: String, at location: SourceLocation?) {
        report(.error, message, at: location)
    }

    func warning(_ message: String, at location: SourceLocation?) {
        report(.warning, message, at: location)
    }

    func report(_ severity: Diagnostic.Severity, _ message: String, at location: SourceLocation?) {
        var line: String?
        if let location, lines[location.file] == nil, let text = texts[location.file] {
            lines[location.file] = text.lineSlices
        }
        if let location, let fileLines = lines[location.file], location.line >= 1,
            location.line <= fileLines.count
        {
            line = String(fileLines[location.line - 1]).trimmingTrailingCarriageReturn
        }
        diagnostics.append(Diagnostic(severity, message, at: location, sourceLine: line))
    }

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Takes over what another sink collected (one file's, read on another thread), after
    /// what this one holds: merged in file order, the messages read as from one sequential load.
    func absorb(_ other: DiagnosticSink) {
        diagnostics += other.diagnostics
        texts.merge(other.texts) { _, theirs in theirs }
        lines.merge(other.lines) { _, theirs in theirs }
    }
}

extension String {
    var trimmingTrailingCarriageReturn: String {
        hasSuffix("\r") ? String(dropLast()) : self
    }
}

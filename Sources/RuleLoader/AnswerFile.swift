import Foundation
import KnowledgeBase
import Yams

/// A scripted diagnosis: `fact: value` pairs in YAML or JSON (JSON is YAML), and optionally
/// `fix-failed: [cause, ...]`, the causes whose fix was tried without success.
package struct AnswerFile: Sendable {
    package struct Entry: Sendable {
        package var fact: String
        package var value: String
        package var location: SourceLocation
    }

    package var entries: [Entry]
    package var fixFailed: [String]

    /// Reads `path`; every problem comes back as a positioned diagnostic.
    package static func read(path: String) -> Result<AnswerFile, Diagnostics> {
        let sink = DiagnosticSink()
        guard let node = RuleFileReader(sink: sink, allowAliases: false).read(path: path, displayPath: path) else {
            return .failure(Diagnostics(items: sink.diagnostics))
        }
        guard let mapping = node.mapping else {
            sink.error(
                "an answers file is a mapping of fact to value, found \(node.kindName)",
                at: NodeReader.location(of: node, in: path))
            return .failure(Diagnostics(items: sink.diagnostics))
        }
        var file = AnswerFile(entries: [], fixFailed: [])
        for (key, value) in mapping {
            let location = NodeReader.location(of: key, in: path)
            guard let fact = key.scalar?.string else {
                sink.error("keys must be fact ids", at: location)
                continue
            }
            if fact == "fix-failed" {
                let items = value.sequence.map(Array.init) ?? [value]
                file.fixFailed += items.compactMap { $0.scalar?.string }
                continue
            }
            guard let scalar = value.scalar, !value.isNull else {
                sink.error(
                    "the answer for '\(fact)' must be a single value, found \(value.kindName)",
                    at: NodeReader.location(of: value, in: path))
                continue
            }
            file.entries.append(
                Entry(
                    fact: fact, value: scalar.string,
                    location: NodeReader.location(of: value, in: path)))
        }
        return sink.hasErrors ? .failure(Diagnostics(items: sink.diagnostics)) : .success(file)
    }

    /// A diagnostic for a problem with one entry, with its source line.
    package static func problem(_ message: String, at entry: Entry) -> Diagnostic {
        let line = (try? String(contentsOfFile: entry.location.file, encoding: .utf8))?
            .lineSlices
            .dropFirst(entry.location.line - 1).first.map(String.init)
        return Diagnostic(.error, message, at: entry.location, sourceLine: line)
    }
}

/// Diagnostics as an error value.
package struct Diagnostics: Error, Sendable {
    package var items: [Diagnostic]
}

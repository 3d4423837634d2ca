import Foundation
import KnowledgeBase
import Yams

/// Replayable diagnosis cases (`Tests/Scenarios/*.yaml`): a starting error or symptom, the
/// facts the user would answer if asked, and the cause the real report's resolution showed.
package struct Scenario: Sendable {
    package var id: String
    package var source: [String]
    package var language: Language
    package var error: String?
    package var symptom: String?
    package var answers: [String: String]
    package var expect: String
    package var note: String?
    package var location: SourceLocation
}

package enum ScenarioFile {
    /// Reads a scenario file; problems come back as positioned diagnostics.
    package static func read(path: String) -> Result<[Scenario], Diagnostics> {
        let sink = DiagnosticSink()
        guard let root = RuleFileReader(sink: sink).read(path: path, displayPath: path),
            let reader = NodeReader(root, what: "a scenario file", file: path, sink: sink)
        else { return .failure(Diagnostics(items: sink.diagnostics)) }
        _ = reader.number("format")
        var scenarios: [Scenario] = []
        for node in reader.list("scenarios") ?? [] {
            guard let item = NodeReader(node, what: "a scenario", file: path, sink: sink) else {
                continue
            }
            let id = item.id()
            let source = item.stringList("source") ?? []
            let language = item.string("lang").flatMap(Language.init(rawValue:))
            let error = item.value("error", required: false)?.scalar?.string
            let symptom = item.string("symptom", required: false)
            var answers: [String: String] = [:]
            for (key, value) in item.value("answers", required: false)?.mapping ?? [:] {
                if let fact = key.scalar?.string, let text = value.scalar?.string {
                    answers[fact] = text
                }
            }
            let expect = item.id("expect")
            let note = item.string("note", required: false)
            item.finish()
            if let id, let language, let expect {
                scenarios.append(
                    Scenario(
                        id: id, source: source, language: language,
                        error: error, symptom: symptom, answers: answers,
                        expect: expect, note: note, location: item.location))
            }
        }
        reader.finish()
        return sink.hasErrors ? .failure(Diagnostics(items: sink.diagnostics)) : .success(scenarios)
    }
}

/// Real error texts with the cause their report's resolution showed
/// (`Tests/Scenarios/error-texts.yaml`), to measure `explain` on text alone.
package struct ErrorTextCase: Sendable {
    package var id: String
    package var language: Language
    package var text: String
    package var expect: String
}

package enum ErrorTextFile {
    package static func read(path: String) -> Result<[ErrorTextCase], Diagnostics> {
        let sink = DiagnosticSink()
        guard let root = RuleFileReader(sink: sink).read(path: path, displayPath: path),
            let reader = NodeReader(root, what: "an error-text file", file: path, sink: sink)
        else { return .failure(Diagnostics(items: sink.diagnostics)) }
        _ = reader.number("format")
        var cases: [ErrorTextCase] = []
        for node in reader.list("texts") ?? [] {
            guard let item = NodeReader(node, what: "an error text", file: path, sink: sink) else {
                continue
            }
            let id = item.id()
            _ = item.stringList("source")
            let language = item.string("lang").flatMap(Language.init(rawValue:))
            let text = item.value("text")?.scalar?.string
            let expect = item.id("expect")
            _ = item.string("note", required: false)
            // The fresh sets say how a text reached the thread (a dialog, free words) too.
            _ = item.string("kind", required: false)
            _ = item.string("origin", required: false)
            item.finish()
            if let id, let language, let text, let expect {
                cases.append(ErrorTextCase(id: id, language: language, text: text, expect: expect))
            }
        }
        reader.finish()
        return sink.hasErrors ? .failure(Diagnostics(items: sink.diagnostics)) : .success(cases)
    }
}

import Foundation
import Inference
import KnowledgeBase
import Testing

@testable import Rendering

/// Snapshots of every renderer in both languages. Regenerate with UPDATE_SNAPSHOTS=1 after a
/// deliberate change, and read the diff.
@Suite struct RendererSnapshotTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Snapshots")
    static let engine = Engine(knowledge: SnapshotKnowledge.make())

    static func report(_ language: Language) -> DiagnosisReport {
        var session = Case(
            errorText: "smtplib.SMTPAuthenticationError: (534, b'5.7.9 Application-specific password required.')")
        session.answer("smtp.port", "587", origin: .config)
        return ReportBuilder(engine: engine, language: language)
            .report(for: session, evaluation: engine.evaluate(session))
    }

    func assertSnapshot(_ text: String, named name: String) throws {
        let url = Self.directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(text == expected, "snapshot \(name) differs; rerun with UPDATE_SNAPSHOTS=1 and review")
    }

    @Test(arguments: Language.allCases)
    func terminal(_ language: Language) throws {
        let text = TerminalRenderer(language: language, color: false).render(Self.report(language))
        try assertSnapshot(text, named: "terminal-\(language.rawValue).txt")
    }

    @Test func terminalWithColourUsesANSIAndWithoutNoEscapes() {
        let report = Self.report(.en)
        #expect(TerminalRenderer(language: .en, color: true).render(report).contains("\u{1B}["))
        #expect(!TerminalRenderer(language: .en, color: false).render(report).contains("\u{1B}"))
    }

    @Test(arguments: Language.allCases)
    func terminalFitsEightyColumns(_ language: Language) {
        let text = TerminalRenderer(language: language, color: false).render(Self.report(language))
        for line in text.split(separator: "\n") {
            // A character (grapheme) takes one column; isolate marks take none.
            let visible = line.filter { !$0.unicodeScalars.allSatisfy { (0x2066...0x2069).contains($0.value) } }.count
            #expect(visible <= 80, "too wide: \(line)")
        }
    }

    @Test(arguments: Language.allCases)
    func markdown(_ language: Language) throws {
        let text = MarkdownRenderer(language: language).render(Self.report(language))
        try assertSnapshot(text, named: "markdown-\(language.rawValue).md")
    }

    @Test(arguments: Language.allCases)
    func json(_ language: Language) throws {
        let text = JSONRenderer.render(Self.report(language))
        try assertSnapshot(text, named: "report-\(language.rawValue).json")
        // Stable key order: rendering twice gives the same bytes.
        #expect(JSONRenderer.render(Self.report(language)) == text)
    }

    @Test func arabicTerminalOutputIsolatesLatinRuns() {
        let text = TerminalRenderer(language: .ar, color: false).render(Self.report(.ar))
        #expect(text.contains("\u{2068}smtp.gmail.com"))
        #expect(text.contains("92\u{2069}٪"), "the percent sign follows the number")
    }
}

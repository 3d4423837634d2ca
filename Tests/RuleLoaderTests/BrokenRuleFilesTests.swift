import Foundation
import KnowledgeBase
import Testing

@testable import RuleLoader

/// Golden tests: each folder under Fixtures/broken is one kind of broken rules tree, and
/// `expected.txt` holds the whole message the loader must print (file, line, column, text,
/// source line, caret). Regenerate with UPDATE_GOLDEN=1 after a deliberate wording change.
@Suite struct BrokenRuleFilesTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/broken")

    static var cases: [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: fixtures.path))?.sorted() ?? []
    }

    @Test func thereAreAtLeastFifteenKindsOfBrokenFiles() {
        #expect(Self.cases.count >= 15)
    }

    @Test(arguments: cases)
    func reportsThePositionedMessage(_ name: String) throws {
        let directory = Self.fixtures.appendingPathComponent(name)
        let result = RuleLoader.load(directory: directory.path, displayRoot: "rules")
        let actual = result.diagnostics.map(\.description).joined(separator: "\n") + "\n"
        let expectedURL = directory.appendingPathComponent("expected.txt")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try actual.write(to: expectedURL, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        #expect(!result.errors.isEmpty, "a broken fixture must give at least one error")
        #expect(actual == expected)
    }

    @Test func aTenMegabyteFileIsRefusedWithAPosition() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("mail-doctor-large-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let line = "# " + String(repeating: "x", count: 98) + "\n"
        let text = "format: 1\n" + String(repeating: line, count: 100_000)
        try text.write(
            to: directory.appendingPathComponent("big.yaml"), atomically: true,
            encoding: .utf8)
        let result = RuleLoader.load(directory: directory.path, displayRoot: "rules")
        #expect(
            result.errors.map(\.description) == [
                "rules/big.yaml:1:1: error: the file is 9863 KiB; rule files are limited to 2 MiB"
            ])
    }

    @Test func randomBytesNeverCrashTheLoader() throws {
        var generator = SystemRandomNumberGenerator()
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("mail-doctor-random-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let pieces = [
            "format: 1\n", "causes:\n", "  - id: x\n", "    prior: ", "{en: ", "ar: ",
            "[", "]", "}", "'", "\"", "\t", "&a ", "*a ", "- ", ": ", "\n", "yes",
            "facts:\n", "    evidence:\n", "      - if: {fact: ", "}\n", "ratio: 3",
        ]
        for _ in 0..<300 {
            var text = ""
            for _ in 0..<Int.random(in: 1...40, using: &generator) {
                text += pieces.randomElement(using: &generator)!
            }
            try text.write(
                to: directory.appendingPathComponent("r.yaml"), atomically: true,
                encoding: .utf8)
            // Must return, with diagnostics or without; reaching the next line is the test.
            _ = RuleLoader.load(directory: directory.path, displayRoot: "rules")
        }
    }
}

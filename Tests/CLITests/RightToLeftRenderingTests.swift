import Foundation
import Testing

/// The Arabic docs as a reader sees them: rendered by a real Markdown renderer (markdown-it,
/// CommonMark) and laid out by headless Chromium, which measures where runs are drawn. Without
/// the isolates the same page puts an English menu path backwards and right-aligns code.
@Suite struct RightToLeftRenderingTests {
    static let checks = """
        [{"first": "الصندوق وافتح", "then": "myaccount.google.com", "direction": "rtl"},
         {"first": "Security", "then": "2-Step Verification", "direction": "rtl"},
         {"first": "2-Step Verification", "then": "App passwords", "direction": "rtl"},
         {"first": "2-Step", "then": "Verification", "direction": "ltr"}]
        """

    func verdict(of page: String) throws -> [String: Any] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rtl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let pagePath = directory.appendingPathComponent("page.md")
        let checksPath = directory.appendingPathComponent("checks.json")
        try page.write(to: pagePath, atomically: true, encoding: .utf8)
        try Self.checks.write(to: checksPath, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Binary.fixture("render/layout.py"), pagePath.path, checksPath.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(
            process.terminationStatus == 0,
            "layout.py needs markdown-it-py and chromium (scripts/test.sh installs them)")
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func failures(_ verdict: [String: Any]) -> [String] {
        let checks = verdict["checks"] as? [[String: Any]] ?? []
        var failed = checks.filter { $0["ok"] as? Bool != true }.map { "\($0["check"] ?? "") \($0["why"] ?? "")" }
        let blocks = verdict["codeBlocks"] as? [String] ?? []
        if blocks.isEmpty || blocks.contains(where: { $0 != "ltr" }) { failed.append("code blocks: \(blocks)") }
        return failed
    }

    @Test func anArabicPageReadsInOrder() throws {
        let page = try String(
            contentsOfFile: Binary.root.appendingPathComponent("content/ar/causes/app-password-required.md").path,
            encoding: .utf8)
        let problems = failures(try verdict(of: page))
        #expect(problems.isEmpty, "\(problems)")
        // The same page without the isolates and the left-to-right code wrappers: the check
        // must see what readers saw before, or it proves nothing.
        let bare = page.replacingOccurrences(of: "\u{2068}", with: "").replacingOccurrences(of: "\u{2069}", with: "")
            .replacingOccurrences(of: "<div dir=\"ltr\">", with: "<div>")
        #expect(!failures(try verdict(of: bare)).isEmpty)
    }
}

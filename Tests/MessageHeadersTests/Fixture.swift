import Foundation
import KnowledgeBase
import MessageHeaders

/// The real header blocks under Fixtures/ (each names the public thread it was quoted from),
/// and the shipped Public Suffix List.
enum Fixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures")
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func text(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name + ".txt"), encoding: .utf8)
    }

    static let suffixes = PublicSuffixList.shipped(inRules: root.appendingPathComponent("rules").path)!

    static func analysis(_ name: String) throws -> HeaderAnalysis? {
        let text = try text(name)
        return HeaderBlock.find(in: text).map { HeaderAnalysis($0, text: text, suffixes: suffixes) }
    }

    static func analysis(text: String) -> HeaderAnalysis? {
        HeaderBlock.find(in: text).map { HeaderAnalysis($0, text: text, suffixes: suffixes) }
    }
}

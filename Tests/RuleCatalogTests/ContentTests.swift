import Foundation
import KnowledgeBase
import Rendering
import RuleLoader
import Testing

/// content/ is generated from rules/: it must be what `mail-doctor docs` writes now, and its
/// links must lead somewhere.
@Suite struct ContentTests {
    static let root = RuleCatalogTests.root
    static let content = root.appendingPathComponent("content")
    static let pages = DocsGenerator(knowledge: RuleCatalogTests.result.knowledge).pages()

    @Test func contentIsFresh() throws {
        var stale: [String] = []
        for (path, text) in Self.pages {
            let onDisk = try? String(contentsOf: Self.content.appendingPathComponent(path), encoding: .utf8)
            if onDisk != text { stale.append(path) }
        }
        let generated = Set(Self.pages.keys)
        let enumerator = FileManager.default.enumerator(atPath: Self.content.path)
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".md") && !generated.contains(path) { stale.append(path + " (left over)") }
        }
        #expect(
            stale.isEmpty,
            """
            content/ is stale (\(stale.count) pages, e.g. \(stale.sorted().prefix(3))); \
            run: swift run mail-doctor docs --out content/
            """)
    }

    @Test func everyPageSaysItIsGenerated() {
        for (path, text) in Self.pages {
            #expect(text.hasPrefix(DocsGenerator.header), "\(path)")
        }
    }

    @Test func arabicPagesAreRightToLeft() {
        for (path, text) in Self.pages where path.hasPrefix("ar/") {
            #expect(text.contains("<div dir=\"rtl\">"), "\(path)")
        }
    }

    @Test func everyRelativeLinkAndAnchorResolves() throws {
        let link = try Regex(#"\]\(([^)\s]+)\)"#)
        for (path, text) in Self.pages {
            let base = URL(fileURLWithPath: "/" + path).deletingLastPathComponent()
            for match in text.matches(of: link) {
                let target = String(text[match.range].dropFirst(2).dropLast())
                if target.hasPrefix("http") { continue }
                let parts = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                    .map(String.init)
                let file =
                    parts[0].isEmpty
                    ? "/" + path
                    : base.appendingPathComponent(parts[0]).standardizedFileURL.path
                let key = String(file.dropFirst())
                #expect(Self.pages[key] != nil, "\(path) links to a missing page \(target)")
                if parts.count == 2, let page = Self.pages[key] {
                    #expect(page.contains("id=\"\(parts[1])\""), "\(path) links to a missing anchor \(target)")
                }
            }
        }
    }

    @Test func everyCauseHasAPageInBothLanguages() {
        for cause in RuleCatalogTests.result.knowledge.causes {
            #expect(Self.pages["en/causes/\(cause.id).md"] != nil)
            #expect(Self.pages["ar/causes/\(cause.id).md"] != nil)
        }
    }

    @Test func generationIsDeterministic() {
        let again = DocsGenerator(knowledge: RuleCatalogTests.result.knowledge).pages()
        #expect(again == Self.pages)
    }
}

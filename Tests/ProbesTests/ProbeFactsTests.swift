import Foundation
import KnowledgeBase
import RuleLoader
import Testing

@testable import Probes

/// The probes and the rules agree on fact names: a fact the rules do not define would be
/// dropped from the case, and the evidence that reads it would never fire.
@Suite struct ProbeFactsTests {
    @Test func everyFactAProbeReadsOrReportsIsDefinedInTheRules() {
        let knowledge = LivePeerTests.knowledge
        for fact in ProbeFacts.all {
            #expect(knowledge.fact(fact) != nil, "ProbeFacts names '\(fact)', which rules/facts does not define")
        }
    }

    /// Probes name facts only through `ProbeFacts`, so the list above is the whole story.
    @Test func noProbeNamesAFactByAStringLiteral() throws {
        let folder = Peers.root.appendingPathComponent("Sources/Probes")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".swift") && $0 != "ProbeFacts.swift" }
        let literal = try Regex(#"facts\[\s*"|"[a-z]+\.[a-z0-9-]+"\s*:"#)
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains(literal) {
                Issue.record("\(file):\(number + 1) names a fact by a literal; use ProbeFacts: \(line)")
            }
        }
    }
}

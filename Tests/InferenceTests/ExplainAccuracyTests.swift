import Foundation
import KnowledgeBase
import RuleLoader
import Testing
@testable import Inference

/// `explain` on real error texts alone (Tests/Scenarios/error-texts.yaml: collected from
/// public reports independently of the rules), in English and in Arabic Odoo dialogs.
@Suite struct ExplainAccuracyTests {
    static let cases: [ErrorTextCase] = {
        let path = ScenarioTests.root.appendingPathComponent("Tests/Scenarios/error-texts.yaml").path
        if case .success(let cases) = ErrorTextFile.read(path: path) { return cases }
        return []
    }()
    static let engine = Engine(knowledge: ScenarioTests.knowledge)

    static func top(_ text: String) -> String? {
        engine.evaluate(Session(errorText: text)).beliefs.top?.cause
    }

    @Test func thereAreRealTextsForEveryCauseInBothLanguages() {
        #expect(Self.cases.count >= 60)
        let causes = Set(ScenarioTests.knowledge.causes.map(\.id))
        #expect(causes.subtracting(Self.cases.map(\.expect)).isEmpty)
        #expect(Self.cases.filter { $0.language == .ar }.count >= 10)
    }

    @Test func theRightCauseIsFirstNineTimesOutOfTen() {
        var misses: [String] = []
        for item in Self.cases where Self.top(item.text) != item.expect {
            misses.append("\(item.id): expected \(item.expect), got \(Self.top(item.text) ?? "-")")
        }
        let accuracy = Double(Self.cases.count - misses.count) / Double(Self.cases.count)
        #expect(accuracy >= 0.9, "accuracy \(accuracy); misses: \(misses.joined(separator: "; "))")
    }

    @Test func everyCauseIsRankedFirstForSomeRealText() {
        let found = Set(Self.cases.filter { Self.top($0.text) == $0.expect }.map(\.expect))
        let missing = Set(ScenarioTests.knowledge.causes.map(\.id)).subtracting(found)
        #expect(missing.isEmpty, "never first: \(missing.sorted())")
    }

    @Test func arabicDialogsAreReadAsWellAsEnglish() {
        let arabic = Self.cases.filter { $0.language == .ar }
        let right = arabic.filter { Self.top($0.text) == $0.expect }.count
        #expect(Double(right) / Double(max(arabic.count, 1)) >= 0.85)
    }
}

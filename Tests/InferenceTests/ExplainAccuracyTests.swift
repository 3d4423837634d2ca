import Foundation
import KnowledgeBase
import RuleLoader
import Testing

@testable import Inference

/// `explain` on real error texts alone (Tests/Scenarios/error-texts.yaml: collected from
/// public reports independently of the rules), in English and in Arabic Odoo dialogs.
@Suite struct ExplainAccuracyTests {
    static let cases = read("error-texts.yaml")
    /// Two later sets, each measured first as unseen data (23 of 40, then 21 of 37) and then
    /// used to mend the gaps it showed (see their headers).
    static let roundTwo = read("error-texts-round2.yaml")
    static let roundThree = read("error-texts-round3.yaml")
    /// Collected after those fixes without reading the rules, and never used to tune them.
    static let heldOut = read("error-texts-holdout.yaml")

    static func read(_ name: String) -> [ErrorTextCase] {
        let path = ScenarioTests.root.appendingPathComponent("Tests/Scenarios/\(name)").path
        if case .success(let cases) = ErrorTextFile.read(path: path) { return cases }
        return []
    }

    static let engine = Engine(knowledge: ScenarioTests.knowledge)

    static func top(_ text: String) -> String? {
        engine.evaluate(Case(errorText: text)).beliefs.top?.cause
    }

    @Test func thereAreRealTextsForEveryCauseInBothLanguages() {
        #expect(Self.cases.count >= 60)
        let causes = Set(ScenarioTests.knowledge.causes.map(\.id))
        #expect(causes.subtracting(Self.cases.map(\.expect)).isEmpty)
        #expect(Self.cases.filter { $0.language == .ar }.count >= 10)
    }

    @Test func theRightCauseIsFirstNineTimesOutOfTen() {
        let (accuracy, misses) = Self.score(Self.cases)
        #expect(accuracy >= 0.9, "accuracy \(accuracy); misses: \(misses.joined(separator: "; "))")
    }

    @Test func everyCauseIsRankedFirstForSomeRealText() {
        let found = Set(Self.cases.filter { Self.top($0.text) == $0.expect }.map(\.expect))
        let missing = Set(ScenarioTests.knowledge.causes.map(\.id)).subtracting(found)
        #expect(missing.isEmpty, "never first: \(missing.sorted())")
    }

    /// The share of `cases` whose expected cause `explain` ranks first, and the misses.
    static func score(_ cases: [ErrorTextCase]) -> (accuracy: Double, misses: [String]) {
        let misses = cases.compactMap { item -> String? in
            let top = Self.top(item.text)
            return top == item.expect ? nil : "\(item.id): expected \(item.expect), got \(top ?? "-")"
        }
        return (Double(cases.count - misses.count) / Double(max(cases.count, 1)), misses)
    }

    @Test(arguments: [("round two", 0.75), ("round three", 0.7)])
    func theLaterSetsAreReadWell(_ name: String, _ minimum: Double) {
        let cases = name == "round two" ? Self.roundTwo : Self.roundThree
        #expect(cases.count >= 30)
        let (accuracy, misses) = Self.score(cases)
        #expect(accuracy >= minimum, "accuracy \(accuracy); misses: \(misses.joined(separator: "; "))")
    }

    /// Measured, never tuned on (25 of 40 when first measured): the figure for texts the rules
    /// have not met. The floor only catches a collapse; a miss here is not a reason to edit
    /// the rules, or the set stops being held out.
    @Test func heldOutTextsAreMeasuredNotTuned() {
        #expect(Self.heldOut.count >= 30)
        let (accuracy, misses) = Self.score(Self.heldOut)
        #expect(accuracy >= 0.5, "accuracy \(accuracy); misses: \(misses.joined(separator: "; "))")
    }

    @Test func arabicDialogsAreReadAsWellAsEnglish() {
        let arabic = Self.cases.filter { $0.language == .ar }
        let right = arabic.filter { Self.top($0.text) == $0.expect }.count
        #expect(Double(right) / Double(max(arabic.count, 1)) >= 0.85)
    }
}

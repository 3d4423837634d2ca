import Foundation
import KnowledgeBase
import RuleLoader
import Testing

@testable import Inference

/// Replays the scenarios of Tests/Scenarios (real reports, written independently of the rules)
/// through the real engine with the shipped rules, in the scenario's language.
@Suite struct ScenarioTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let knowledge: KnowledgeBase = {
        RuleLoader.load(directory: root.appendingPathComponent("rules").path, lint: false).knowledge
    }()
    static let scenarios: [Scenario] = {
        let path = root.appendingPathComponent("Tests/Scenarios/scenarios.yaml").path
        if case .success(let scenarios) = ScenarioFile.read(path: path) { return scenarios }
        return []
    }()

    @Test func thereAreAtLeastFortyScenariosCoveringEveryCause() {
        #expect(Self.scenarios.count >= 40)
        let expected = Set(Self.scenarios.map(\.expect))
        let causes = Set(Self.knowledge.causes.map(\.id))
        #expect(causes.subtracting(expected).isEmpty, "causes without a scenario")
        #expect(expected.subtracting(causes).isEmpty, "scenarios expecting an unknown cause")
    }

    static func outcome(_ scenario: Scenario) -> Simulation.Outcome {
        Simulation(engine: Engine(knowledge: knowledge))
            .run(
                .init(
                    errorText: scenario.error, symptom: scenario.symptom,
                    answers: scenario.answers, expected: scenario.expect))
    }

    @Test(arguments: scenarios.map(\.id))
    func everyDiagnosisEndsWithARanking(_ id: String) throws {
        let scenario = try #require(Self.scenarios.first { $0.id == id })
        let outcome = Self.outcome(scenario)
        #expect(outcome.conclusion != nil, "\(id): the diagnosis must end")
        #expect(outcome.top != nil)
    }

    /// The engine names a fix to try as soon as trying is cheaper than asking (issue #11), so a
    /// cheap fix of a less likely cause may come first. What it owes the person: the right fix
    /// first in most cases, and within two tries nearly always. Measured 2026-12-07: 50/60 first,
    /// 55/60 within two (Benchmarks/README.md has the figures and the command).
    @Test func theRightFixComesFirstOrSecond() {
        var misses: [String] = []
        var first = 0
        for scenario in Self.scenarios {
            let outcome = Self.outcome(scenario)
            if outcome.firstTried == scenario.expect { first += 1 }
            if (outcome.fixesUntilRight ?? .max) > 2 {
                misses.append("\(scenario.id): expected \(scenario.expect), tried \(outcome.firstTried ?? "-") first")
            }
        }
        let count = Double(Self.scenarios.count)
        #expect(Double(first) / count >= 0.8, "right fix first in \(first) of \(Self.scenarios.count)")
        let withinTwo = (count - Double(misses.count)) / count
        #expect(withinTwo >= 0.85, "within two tries \(withinTwo); misses: \(misses.joined(separator: "; "))")
    }

    @Test func everyCausesFixIsReachedInSomeScenario() {
        var found = Set<String>()
        for scenario in Self.scenarios where Self.outcome(scenario).fixesUntilRight != nil {
            found.insert(scenario.expect)
        }
        let missing = Set(Self.knowledge.causes.map(\.id)).subtracting(found)
        #expect(missing.isEmpty, "causes whose fix is never reached: \(missing.sorted())")
    }

    /// Asking ends: never more than eight questions before the first fix.
    @Test func nobodyIsAskedMoreThanEightQuestions() {
        for scenario in Self.scenarios {
            let outcome = Self.outcome(scenario)
            #expect(outcome.questions <= 8, "\(scenario.id): \(outcome.asked)")
        }
    }
}

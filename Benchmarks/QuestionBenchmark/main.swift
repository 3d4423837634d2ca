import Foundation
import Inference
import KnowledgeBase
import RuleLoader

// Replays every scenario in Tests/Scenarios through the real engine twice: once choosing
// questions by expected information gain per cost, once in rule-file order (the baseline),
// and reports how many questions each needs before the right cause leads.
//
//     swift run -c release QuestionBenchmark [rules-dir] [scenarios.yaml] [--verbose]

let arguments = CommandLine.arguments.dropFirst()
let verbose = arguments.contains("--verbose")
let paths = arguments.filter { !$0.hasPrefix("--") }
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
let rules = paths.first ?? root.appendingPathComponent("rules").path
let scenarioPath =
    paths.dropFirst().first
    ?? root.appendingPathComponent("Tests/Scenarios/scenarios.yaml").path

let loaded = RuleLoader.load(directory: rules, lint: false)
guard loaded.errors.isEmpty else {
    loaded.errors.prefix(10).forEach { FileHandle.standardError.write(Data("\($0)\n".utf8)) }
    exit(65)
}
let scenarios: [Scenario]
switch ScenarioFile.read(path: scenarioPath) {
case .success(let read): scenarios = read
case .failure(let diagnostics):
    diagnostics.items.forEach { FileHandle.standardError.write(Data("\($0)\n".utf8)) }
    exit(65)
}

let simulation = Simulation(engine: Engine(knowledge: loaded.knowledge))
struct Tally {
    var right = 0, questions = 0, untilLead = 0, neverLed = 0
}
var tallies: [String: Tally] = [:]
for (name, policy) in [("engine", QuestionPolicy.expectedGain), ("file order", .fileOrder)] {
    var tally = Tally()
    for scenario in scenarios {
        let outcome = simulation.run(
            .init(
                errorText: scenario.error, symptom: scenario.symptom,
                answers: scenario.answers, expected: scenario.expect),
            policy: policy)
        if outcome.top == scenario.expect { tally.right += 1 }
        tally.questions += outcome.questions
        if let lead = outcome.questionsUntilLead {
            tally.untilLead += lead
        } else {
            // A case where the right cause never leads counts every question asked.
            tally.untilLead += outcome.questions
            tally.neverLed += 1
        }
        if verbose {
            let mark = outcome.top == scenario.expect ? "ok " : "BAD"
            print(
                "\(name == "engine" ? "E" : "F") \(mark) \(scenario.id) lead@\(outcome.questionsUntilLead.map(String.init) ?? "-"): expected \(scenario.expect), got \(outcome.top ?? "-") "
                    + String(format: "%.6f", outcome.topProbability)
                    + " after \(outcome.questions) [\(outcome.asked.joined(separator: ", "))]")
        }
    }
    tallies[name] = tally
}
let count = Double(scenarios.count)
print("scenarios: \(scenarios.count)")
print("policy      right-first  mean-questions-until-right-leads  mean-questions  never-led")
for name in ["engine", "file order"] {
    let tally = tallies[name]!
    print(
        name.padding(toLength: 12, withPad: " ", startingAt: 0)
            + String(
                format: "%4d/%-7d  %32.2f  %14.2f  %9d", tally.right, scenarios.count,
                Double(tally.untilLead) / count, Double(tally.questions) / count,
                tally.neverLed))
}

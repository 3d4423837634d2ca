import Foundation
import KnowledgeBase

/// The question to ask next: the highest expected information gain per unit of cost
/// (Heckerman, Breese and Rommelse, 1995, "Decision-theoretic troubleshooting").
///
/// Only the causes whose evidence reads a question's fact change under its answer; all others
/// and "none of the known causes" predict the answer by the base rates. Their share of the
/// entropy is folded into one term, so choosing costs time in proportion to the evidence that
/// reads unanswered facts, not to causes × questions.
struct QuestionSelector {
    let engine: Engine
    var policy: QuestionPolicy = .expectedGain

    func best(facts: Facts, beliefs: Beliefs, probes: Set<String>) -> NextQuestion? {
        let model = engine.model
        let probabilities = beliefs.byIndex
        let entropyNow = beliefs.entropy
        // Σ p log2 p over every hypothesis, to split into touched and untouched parts.
        var plogpAll = beliefs.other > 0 ? beliefs.other * log2(beliefs.other) : 0
        for p in probabilities where p > 0 { plogpAll += p * log2(p) }

        var best: NextQuestion?
        var asked = Set<String>()
        for question in engine.knowledge.questions {
            guard !facts.isSettled(question.fact), !asked.contains(question.fact) else { continue }
            if let when = question.when, !when.holds(for: facts) { continue }
            guard let answers = answers(for: question) else { continue }
            let touched = (model.readers[question.fact] ?? []).filter { probabilities[$0.cause] > 0 }
            guard !touched.isEmpty else { continue }
            asked.insert(question.fact)

            // P(answer | cause) for the touched causes, row by row in one flat array.
            let width = answers.count
            var hypothetical: [Facts] = []
            var likelihoods = [Double](repeating: 0, count: touched.count * width)
            for (row, reader) in touched.enumerated() {
                let base = row * width
                for index in 0..<width { likelihoods[base + index] = answers[index].rate }
                // Tables exist only for choice facts, whose answers are the base rates in the
                // same order as the table's ratios.
                if reader.table >= 0 {
                    for index in 0..<width { likelihoods[base + index] *= model.tableRatios[reader.table + index] }
                }
                for item in reader.plain {
                    let evidence = model.plain[model.readerPlain[item]]
                    guard !evidence.condition.holds(for: facts) else { continue }
                    if hypothetical.isEmpty {
                        hypothetical = answers.map { answer in
                            var copy = facts
                            copy[question.fact] = answer.value
                            return copy
                        }
                    }
                    for index in 0..<width where evidence.condition.holds(for: hypothetical[index]) {
                        likelihoods[base + index] *= evidence.ratio
                    }
                }
                var sum = 0.0
                for index in 0..<width { sum += likelihoods[base + index] }
                for index in 0..<width {
                    likelihoods[base + index] = sum > 0 ? likelihoods[base + index] / sum : answers[index].rate
                }
            }

            var touchedMass = 0.0
            var plogpTouched = 0.0
            for reader in touched {
                let p = probabilities[reader.cause]
                touchedMass += p
                plogpTouched += p * log2(p)
            }
            let untouchedMass = max(0, 1 - touchedMass)
            let plogpUntouched = plogpAll - plogpTouched

            var expectedEntropy = 0.0
            var separates: [NextQuestion.Separation] = []
            for (index, answer) in answers.enumerated() {
                var pAnswer = untouchedMass * answer.rate
                for (row, reader) in touched.enumerated() {
                    pAnswer += probabilities[reader.cause] * likelihoods[row * width + index]
                }
                guard pAnswer > 0 else { continue }
                var entropy = 0.0
                var raised: [(String, Double)] = []
                for (row, reader) in touched.enumerated() {
                    let q = probabilities[reader.cause] * likelihoods[row * width + index] / pAnswer
                    if q > 0 { entropy -= q * log2(q) }
                    let lift = q / probabilities[reader.cause]
                    if lift > 1.5 && q > 0.05 {
                        raised.append((model.causeIDs[reader.cause], q))
                    }
                }
                if untouchedMass > 0 && answer.rate > 0 {
                    let scale = answer.rate / pAnswer
                    // Σ over untouched of q log q, with q = p × scale.
                    entropy -= scale * (plogpUntouched + untouchedMass * log2(scale))
                }
                expectedEntropy += pAnswer * entropy
                separates.append(
                    .init(
                        value: answer.value, probability: pAnswer,
                        raises: raised.sorted { $0.1 > $1.1 }.prefix(3).map(\.0)))
            }
            // An "I don't know" teaches nothing: only the answers that come count.
            let gain = max(0, entropyNow - expectedEntropy) * (1 - question.unknownRate)
            var cost = question.cost
            if let probe = question.probe, probes.contains(probe) { cost *= Engine.probeCostShare }
            let candidate = NextQuestion(
                question: question, gain: gain, cost: cost,
                separates: separates)
            if policy == .fileOrder && candidate.gainPerCost >= Engine.minimumGainPerCost {
                return candidate
            }
            if best == nil || candidate.gainPerCost > best!.gainPerCost + 1e-12 {
                best = candidate
            }
        }
        return best
    }

    /// The answers a question offers, with their base rates; nil for free-text facts.
    private func answers(for question: Question) -> [(value: String, rate: Double)]? {
        if let rates = engine.model.baseRates[question.fact] { return rates }
        guard engine.knowledge.fact(question.fact)?.kind == .number, !question.choices.isEmpty
        else { return nil }
        let rate = 1 / Double(question.choices.count)
        return question.choices.map { ($0, rate) }
    }
}

/// The question chosen, with the numbers behind the choice and the WHY explanation.
package struct NextQuestion: Sendable {
    /// What one answer would do: its predicted probability and the causes it would raise.
    package struct Separation: Sendable, Hashable {
        package var value: String
        package var probability: Double
        package var raises: [String]
    }

    package var question: Question
    /// Expected information gain in bits.
    package var gain: Double
    package var cost: Double
    package var separates: [Separation]

    package var gainPerCost: Double { gain / cost }
}

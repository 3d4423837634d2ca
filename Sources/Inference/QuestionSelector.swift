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
    var channel: AnswerChannel? = nil
    /// How much more (above 1) or less likely than usual this person is to say "I don't
    /// know", from their answers so far (`Engine.unknownOdds`), as a factor on the odds.
    var unknownOdds: Double = 1
    /// Questions this person has answered already (their fatigue raises the next one's cost).
    var answeredSoFar = 0

    /// A question with what each answer would do to the touched causes, for the cost of
    /// repair after it (`RepairPlanner`).
    struct Scored {
        var next: NextQuestion
        /// The causes its answers move, by index, and each one's probability after each
        /// answer (row by row, one column per answer).
        var touched: [Int]
        var posteriors: [Double]
        /// Per answer: its probability and the factor every untouched hypothesis is scaled by.
        var outcomes: [(probability: Double, scale: Double)]
        /// How often it would be answered "unknown" (then nothing changes).
        var unknownRate: Double
    }

    func best(facts: Facts, beliefs: Beliefs, probes: Set<String>) -> NextQuestion? {
        ranked(facts: facts, beliefs: beliefs, probes: probes, limit: 1).first?.next
    }

    /// The questions worth asking, highest expected gain per cost first, at most `limit` of
    /// them (file order: every informative one, in file order).
    func ranked(facts: Facts, beliefs: Beliefs, probes: Set<String>, limit: Int) -> [Scored] {
        let model = engine.model
        let probabilities = beliefs.byIndex
        let entropyNow = beliefs.entropy
        // Σ p log2 p over every hypothesis, to split into touched and untouched parts.
        var plogpAll = beliefs.other > 0 ? beliefs.other * log2(beliefs.other) : 0
        for p in probabilities where p > 0 { plogpAll += p * log2(p) }

        var best: [Scored] = []
        var asked = Set<String>()
        let unanswerable = unanswerableTopics(facts)
        for question in engine.knowledge.questions {
            guard !facts.isSettled(question.fact), !asked.contains(question.fact) else { continue }
            if let when = question.when, !when.holds(for: facts) { continue }
            let probed = question.probe.map(probes.contains) ?? false
            // The same thing asked another way gets the same "I don't know".
            if let topic = question.topic, unanswerable.contains(topic), !probed { continue }
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
            var outcomes: [(probability: Double, scale: Double)] = []
            var posteriors = [Double](repeating: 0, count: touched.count * width)
            for (index, answer) in answers.enumerated() {
                var pAnswer = untouchedMass * answer.rate
                for (row, reader) in touched.enumerated() {
                    pAnswer += probabilities[reader.cause] * likelihoods[row * width + index]
                }
                outcomes.append((pAnswer, pAnswer > 0 ? answer.rate / pAnswer : 0))
                guard pAnswer > 0 else { continue }
                var entropy = 0.0
                var raised: [(String, Double)] = []
                for (row, reader) in touched.enumerated() {
                    let q = probabilities[reader.cause] * likelihoods[row * width + index] / pAnswer
                    posteriors[row * width + index] = q
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
            // An "I don't know" teaches nothing: only the answers that come count. A probe
            // rarely fails to answer.
            var rate = question.unknownRate(on: channel)
            // Asked for the error after one was pasted, people rarely have another to give.
            if question.fact == Engine.errorKindFact && facts.isSettled(Facts.errorTextFact) {
                rate = max(rate, Engine.errorAskedAgainUnknownRate)
            }
            var unknownRate = rate * unknownOdds / (1 - rate + rate * unknownOdds)
            var cost = engine.knowledge.troubleshooting.cost(ofQuestion: question.cost, afterAsking: answeredSoFar)
            if probed {
                cost *= Engine.probeCostShare
                unknownRate = min(unknownRate, Engine.probeUnknownRate)
            }
            let gain = max(0, entropyNow - expectedEntropy) * (1 - unknownRate)
            let candidate = Scored(
                next: NextQuestion(question: question, gain: gain, cost: cost, separates: separates),
                touched: touched.map(\.cause), posteriors: posteriors, outcomes: outcomes,
                unknownRate: unknownRate)
            if policy == .fileOrder {
                // Every informative question in file order: the first that pays is asked.
                if candidate.next.gainPerCost >= Engine.minimumGainPerCost { best.append(candidate) }
                continue
            }
            // Keep the `limit` best, highest first (earlier questions win ties).
            let position =
                best.firstIndex { candidate.next.gainPerCost > $0.next.gainPerCost + 1e-12 } ?? best.count
            if position < limit {
                best.insert(candidate, at: position)
                if best.count > limit { best.removeLast() }
            }
        }
        return best.filter { $0.next.gainPerCost >= Engine.minimumGainPerCost }
    }

    /// Topics with a question answered "unknown": their other forms will not be answered either.
    private func unanswerableTopics(_ facts: Facts) -> Set<String> {
        var topics = Set<String>()
        for question in engine.knowledge.questions where question.topic != nil {
            if facts.value(question.fact) == nil && facts.isSettled(question.fact) {
                topics.insert(question.topic!)
            }
        }
        return topics
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

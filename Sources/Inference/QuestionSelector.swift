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
        let probabilities = beliefs.byIndex
        let entropyNow = beliefs.entropy
        // Σ p log2 p over every hypothesis, to split into touched and untouched parts.
        var plogpAll = beliefs.other > 0 ? beliefs.other * log2(beliefs.other) : 0
        for p in probabilities where p > 0 { plogpAll += p * log2(p) }

        var best: [Scored] = []
        var asked = Set<String>()
        let unanswerable = unanswerableTopics(facts)
        for question in engine.knowledge.questions {
            guard !asked.contains(question.fact),
                askable(question, facts: facts, probes: probes, unanswerable: unanswerable)
            else { continue }
            guard
                let candidate = score(
                    question, facts: facts, probabilities: probabilities, entropyNow: entropyNow,
                    plogpAll: plogpAll, probes: probes, askedBefore: answeredSoFar)
            else { continue }
            asked.insert(question.fact)
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

    /// Two questions asked one after the other, for evidence that reads both facts at once
    /// ("port 465 and no encryption"): asked alone, neither answer moves that evidence, so a
    /// myopic choice never asks either. Weighed only when neither is informative alone. The first question's answers, then for each of them the
    /// second's, give the joint answer; the engine weighs "ask the first, then the second only
    /// where that pays" against repairing now (a two-step look-ahead restricted to the facts a
    /// conjunction shares).
    struct Pair {
        /// The first question alone (what asking it and stopping would do).
        var first: Scored
        var secondCost: Double
        var secondUnknownRate: Double
        /// The causes either answer moves.
        var touched: [Int]
        /// Per answer of the first question, per answer of the second: its probability given
        /// the first answer, the factor on every untouched hypothesis, and the touched causes'
        /// probabilities after both.
        var followUps: [[(probability: Double, scale: Double, posteriors: [Double])]]
    }

    /// At most this many pairs are weighed per turn (those whose conjunction concerns the most
    /// probable causes).
    static let pairsWeighed = 4

    /// The pairs of open questions that a conjunction of likely causes reads, each in the order
    /// that asks the one with the lower "unknown" rate first.
    func pairs(facts: Facts, beliefs: Beliefs, probes: Set<String>) -> [Pair] {
        guard policy == .expectedGain else { return [] }
        let model = engine.model
        let probabilities = beliefs.byIndex
        let unanswerable = unanswerableTopics(facts)
        var questionOf: [String: Question] = [:]
        for question in engine.knowledge.questions where questionOf[question.fact] == nil {
            if askable(question, facts: facts, probes: probes, unanswerable: unanswerable),
                answers(for: question) != nil
            {
                questionOf[question.fact] = question
            }
        }
        // Pairs of open facts a not-yet-holding conjunction reads, by the largest probability of
        // a cause it concerns.
        var weight: [[String]: Double] = [:]
        for (fact, _) in questionOf {
            for reader in model.readers[fact] ?? [] where probabilities[reader.cause] > 0.01 {
                for item in reader.plain {
                    let evidence = model.plain[model.readerPlain[item]]
                    let open = evidence.condition.facts.filter { !facts.isSettled($0) }
                    guard open.count == 2, open.allSatisfy({ questionOf[$0] != nil }),
                        !evidence.condition.holds(for: facts)
                    else { continue }
                    let key = open.sorted()
                    weight[key] = max(weight[key] ?? 0, probabilities[reader.cause])
                }
            }
        }
        guard !weight.isEmpty else { return [] }
        let entropyNow = beliefs.entropy
        var plogpAll = beliefs.other > 0 ? beliefs.other * log2(beliefs.other) : 0
        for p in probabilities where p > 0 { plogpAll += p * log2(p) }
        var result: [Pair] = []
        let chosen = weight.sorted { ($0.value, $1.key.joined()) > ($1.value, $0.key.joined()) }
            .prefix(QuestionSelector.pairsWeighed)
        for (key, _) in chosen {
            var questions = key.compactMap { questionOf[$0] }
            let rates = questions.map { $0.unknownRate(on: channel) }
            if rates[1] < rates[0] { questions.reverse() }
            if let pair = pair(
                questions[0], then: questions[1], facts: facts, probabilities: probabilities,
                entropyNow: entropyNow, plogpAll: plogpAll, probes: probes)
            {
                result.append(pair)
            }
        }
        return result
    }

    private func pair(
        _ first: Question, then second: Question, facts: Facts, probabilities: [Double], entropyNow: Double,
        plogpAll: Double, probes: Set<String>
    ) -> Pair? {
        let model = engine.model
        guard
            let alone = score(
                first, facts: facts, probabilities: probabilities, entropyNow: entropyNow, plogpAll: plogpAll,
                probes: probes, askedBefore: answeredSoFar),
            let next = score(
                second, facts: facts, probabilities: probabilities, entropyNow: entropyNow,
                plogpAll: plogpAll, probes: probes, askedBefore: answeredSoFar + 1),
            let answersA = answers(for: first), let answersB = answers(for: second),
            // Only where neither question is worth asking alone: a look-ahead of two steps for
            // these and of one for the others would favour them for being looked at further.
            alone.next.gainPerCost < Engine.minimumGainPerCost, next.next.gainPerCost < Engine.minimumGainPerCost
        else { return nil }
        // Every cause that reads either fact, with its reader of each.
        var readerOf: [Int: (a: BeliefModel.Reader?, b: BeliefModel.Reader?)] = [:]
        for reader in model.readers[first.fact] ?? [] where probabilities[reader.cause] > 0 {
            readerOf[reader.cause, default: (nil, nil)].a = reader
        }
        for reader in model.readers[second.fact] ?? [] where probabilities[reader.cause] > 0 {
            readerOf[reader.cause, default: (nil, nil)].b = reader
        }
        let touched = readerOf.keys.sorted()
        let widthA = answersA.count
        let widthB = answersB.count
        let width = widthA * widthB
        var hypothetical: [Facts] = []
        for a in answersA {
            for b in answersB {
                var copy = facts
                copy[first.fact] = a.value
                copy[second.fact] = b.value
                hypothetical.append(copy)
            }
        }
        // P(a, b | cause), row by row, normalised over the joint answers.
        var likelihoods = [Double](repeating: 0, count: touched.count * width)
        for (row, cause) in touched.enumerated() {
            let readers = readerOf[cause]!
            let base = row * width
            for i in 0..<widthA {
                for j in 0..<widthB {
                    var value = answersA[i].rate * answersB[j].rate
                    if let reader = readers.a, reader.table >= 0 { value *= model.tableRatios[reader.table + i] }
                    if let reader = readers.b, reader.table >= 0 { value *= model.tableRatios[reader.table + j] }
                    likelihoods[base + i * widthB + j] = value
                }
            }
            var items = Set<Int>()
            for reader in [readers.a, readers.b].compactMap({ $0 }) {
                for item in reader.plain { items.insert(model.readerPlain[item]) }
            }
            for item in items.sorted() {
                let evidence = model.plain[item]
                guard !evidence.condition.holds(for: facts) else { continue }
                for index in 0..<width where evidence.condition.holds(for: hypothetical[index]) {
                    likelihoods[base + index] *= evidence.ratio
                }
            }
            var sum = 0.0
            for index in 0..<width { sum += likelihoods[base + index] }
            for index in 0..<width {
                likelihoods[base + index] =
                    sum > 0
                    ? likelihoods[base + index] / sum : answersA[index / widthB].rate * answersB[index % widthB].rate
            }
        }
        let touchedMass = touched.reduce(0) { $0 + probabilities[$1] }
        let untouchedMass = max(0, 1 - touchedMass)
        var followUps: [[(probability: Double, scale: Double, posteriors: [Double])]] = []
        for i in 0..<widthA {
            var row: [(probability: Double, scale: Double, posteriors: [Double])] = []
            var total = 0.0
            for j in 0..<widthB {
                let index = i * widthB + j
                let rate = answersA[i].rate * answersB[j].rate
                var pAnswer = untouchedMass * rate
                for (r, cause) in touched.enumerated() {
                    pAnswer += probabilities[cause] * likelihoods[r * width + index]
                }
                total += pAnswer
                let posteriors = touched.enumerated().map { r, cause in
                    pAnswer > 0 ? probabilities[cause] * likelihoods[r * width + index] / pAnswer : 0
                }
                row.append((pAnswer, pAnswer > 0 ? rate / pAnswer : 0, posteriors))
            }
            for j in row.indices { row[j].probability = total > 0 ? row[j].probability / total : 0 }
            followUps.append(row)
        }
        return Pair(
            first: alone, secondCost: next.next.cost, secondUnknownRate: next.unknownRate, touched: touched,
            followUps: followUps)
    }

    /// Whether `question` may be asked now: its fact open, its condition met, and its topic not
    /// answered "unknown" already (unless a permitted probe answers it).
    private func askable(
        _ question: Question, facts: Facts, probes: Set<String>, unanswerable: Set<String>
    ) -> Bool {
        guard !facts.isSettled(question.fact) else { return false }
        if let when = question.when, !when.holds(for: facts) { return false }
        let probed = question.probe.map(probes.contains) ?? false
        // The same thing asked another way gets the same "I don't know".
        if let topic = question.topic, unanswerable.contains(topic), !probed { return false }
        return true
    }

    /// What asking `question` alone would do: each answer's probability and the touched causes'
    /// probabilities after it; nil when no cause with a probability reads its fact.
    private func score(
        _ question: Question, facts: Facts, probabilities: [Double], entropyNow: Double, plogpAll: Double,
        probes: Set<String>, askedBefore: Int
    ) -> Scored? {
        let model = engine.model
        let probed = question.probe.map(probes.contains) ?? false
        guard let answers = answers(for: question) else { return nil }
        let touched = (model.readers[question.fact] ?? []).filter { probabilities[$0.cause] > 0 }
        guard !touched.isEmpty else { return nil }
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
        var cost = engine.knowledge.troubleshooting.cost(ofQuestion: question.cost, afterAsking: askedBefore)
        if probed {
            cost *= Engine.probeCostShare
            unknownRate = min(unknownRate, Engine.probeUnknownRate)
        }
        let gain = max(0, entropyNow - expectedEntropy) * (1 - unknownRate)
        return Scored(
            next: NextQuestion(question: question, gain: gain, cost: cost, separates: separates),
            touched: touched.map(\.cause), posteriors: posteriors, outcomes: outcomes,
            unknownRate: unknownRate)
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

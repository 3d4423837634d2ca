import Foundation
import KnowledgeBase

/// The probability model, compiled once from the rules.
///
/// Hypotheses are the causes plus "none of the known causes". Causes are treated as mutually
/// exclusive (one root cause at a time) and facts as independent given the cause (naive Bayes):
///
///     P(cause | facts) ∝ prior(cause) × Π likelihood(fact | cause)
///
/// Evidence on a single choice fact defines a distribution over that fact's answers: the
/// ratios of the values it names are multiplied into the base rates (the value weights) and
/// normalised, so "provider is Gmail ×5" also lowers the cause a little when the answer is
/// Outlook. Evidence over several facts, over numbers or text, and signature matches multiply
/// as plain likelihood ratios when they hold. "None of the known causes" has likelihood 1 for
/// every fact, so it wins when the evidence speaks against everything the rules know.
public struct BeliefModel: Sendable {
    /// The share of probability that "none of the known causes" starts with.
    public static let otherPrior = 0.05

    /// A single choice fact's evidence for one cause: the likelihood ratio of each value.
    struct ChoiceTable: Sendable {
        var fact: String
        var values: [String: Int]
        var logRatios: [Double]
        /// The ratios themselves, in the order of the fact's base rates (for the question selector).
        var ratios: [Double]
        /// log of Σ base(v) × ratio(v): the normaliser.
        var logNormaliser: Double
    }

    let knowledge: KnowledgeBase
    let logPriors: [Double]
    let logOtherPrior: Double
    /// Per cause: the choice tables, and the indices of the evidence that multiplies plainly.
    let tables: [[ChoiceTable]]
    let plainEvidence: [[Int]]
    /// Per fact: for each cause whose plain evidence reads it, the evidence indices (so the
    /// question selector never recomputes which facts a condition reads).
    let plainReading: [String: [Int: [Int]]]
    /// Per cause and fact: the position of that fact's choice table.
    let tableIndex: [[String: Int]]
    /// Per fact: the causes whose evidence reads it.
    let causesReading: [String: [Int]]
    /// Base rates of each choice fact's values (weights normalised).
    let baseRates: [String: [(value: String, rate: Double)]]

    public init(knowledge: KnowledgeBase) {
        self.knowledge = knowledge
        let priorSum = knowledge.causes.reduce(0) { $0 + $1.prior }
        logPriors = knowledge.causes.map { log($0.prior) }
        let otherWeight = priorSum > 0
            ? priorSum * BeliefModel.otherPrior / (1 - BeliefModel.otherPrior) : 1
        logOtherPrior = log(otherWeight)

        var rates: [String: [(String, Double)]] = [:]
        for fact in knowledge.facts where fact.kind == .choice {
            let total = fact.values.reduce(0) { $0 + $1.weight }
            rates[fact.id] = fact.values.map { ($0.id, $0.weight / total) }
        }
        baseRates = rates

        var tables: [[ChoiceTable]] = []
        var plain: [[Int]] = []
        var reading: [String: [Int]] = [:]
        for (causeIndex, cause) in knowledge.causes.enumerated() {
            var byFact: [String: [Evidence]] = [:]
            var plainIndices: [Int] = []
            var facts = Set<String>()
            for (index, evidence) in cause.evidence.enumerated() {
                let read = evidence.condition.facts
                facts.formUnion(read)
                if read.count == 1, let fact = read.first, rates[fact] != nil,
                   !evidence.condition.readsSignatures {
                    byFact[fact, default: []].append(evidence)
                } else {
                    plainIndices.append(index)
                }
            }
            var causeTables: [ChoiceTable] = []
            for (fact, items) in byFact.sorted(by: { $0.key < $1.key }) {
                let values = rates[fact]!
                var logRatios: [Double] = []
                var normaliser = 0.0
                for (value, rate) in values {
                    let facts = Facts([fact: value])
                    let ratio = items.reduce(1.0) { $1.condition.holds(for: facts) ? $0 * $1.ratio : $0 }
                    logRatios.append(log(ratio))
                    normaliser += rate * ratio
                }
                let index = Dictionary(uniqueKeysWithValues: values.enumerated().map { ($1.0, $0) })
                causeTables.append(ChoiceTable(fact: fact, values: index, logRatios: logRatios,
                                               ratios: logRatios.map(exp), logNormaliser: log(normaliser)))
            }
            for fact in facts { reading[fact, default: []].append(causeIndex) }
            tables.append(causeTables)
            plain.append(plainIndices)
        }
        self.tables = tables
        plainEvidence = plain
        causesReading = reading
        var plainByFact: [String: [Int: [Int]]] = [:]
        for (causeIndex, indices) in plain.enumerated() {
            for evidenceIndex in indices {
                for fact in knowledge.causes[causeIndex].evidence[evidenceIndex].condition.facts {
                    plainByFact[fact, default: [:]][causeIndex, default: []].append(evidenceIndex)
                }
            }
        }
        plainReading = plainByFact
        tableIndex = tables.map { causeTables in
            Dictionary(uniqueKeysWithValues: causeTables.enumerated().map { ($1.fact, $0) })
        }
    }

    /// The log of prior × likelihood of each cause (ruled-out causes get -infinity) and of
    /// "none of the known causes".
    func logScores(for facts: Facts, ruledOut: Set<String>) -> (causes: [Double], other: Double) {
        var scores = [Double](repeating: 0, count: knowledge.causes.count)
        for index in knowledge.causes.indices {
            scores[index] = logScore(of: index, facts: facts, ruledOut: ruledOut)
        }
        return (scores, logOtherPrior)
    }

    func logScore(of index: Int, facts: Facts, ruledOut: Set<String>) -> Double {
        let cause = knowledge.causes[index]
        if ruledOut.contains(cause.id) { return -Double.infinity }
        var score = logPriors[index]
        for table in tables[index] {
            guard let value = facts.value(table.fact), let position = table.values[value] else {
                continue
            }
            score += table.logRatios[position] - table.logNormaliser
        }
        for evidenceIndex in plainEvidence[index] {
            let evidence = cause.evidence[evidenceIndex]
            if evidence.condition.holds(for: facts) { score += log(evidence.ratio) }
        }
        return score
    }

    /// How each piece of evidence moved a cause, for the HOW and WHY NOT explanations. For a
    /// choice fact the factor is the one the model applied (the normalised ratio of the known
    /// value), shown against the evidence that named that value, or against the fact itself
    /// when its value was not named (the mass went to the values that were).
    func contributions(of index: Int, facts: Facts) -> [Contribution] {
        let cause = knowledge.causes[index]
        var result: [Contribution] = []
        for evidenceIndex in plainEvidence[index] {
            let evidence = cause.evidence[evidenceIndex]
            if evidence.condition.holds(for: facts) {
                result.append(Contribution(evidence: evidence, factor: evidence.ratio))
            }
        }
        for table in tables[index] {
            guard let value = facts.value(table.fact), let position = table.values[value] else {
                continue
            }
            let factor = exp(table.logRatios[position] - table.logNormaliser)
            guard abs(factor - 1) > 0.05 else { continue }
            let named = cause.evidence.first {
                $0.condition.facts == [table.fact] && $0.condition.holds(for: facts)
            }
            result.append(Contribution(evidence: named, factor: factor, fact: table.fact,
                                       value: value))
        }
        return result
    }
}

/// One step of the evidence chain behind a belief.
public struct Contribution: Sendable {
    /// The evidence that held, or nil for the normalisation effect of a known fact.
    public var evidence: Evidence?
    /// The factor it multiplied the odds by.
    public var factor: Double
    public var fact: String?
    public var value: String?
}

extension Condition {
    var readsSignatures: Bool {
        switch self {
        case .signature: return true
        case .all(let items), .any(let items): return items.contains { $0.readsSignatures }
        case .not(let inner): return inner.readsSignatures
        default: return false
        }
    }
}

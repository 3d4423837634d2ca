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
package struct BeliefModel: Sendable {
    /// The share of probability that "none of the known causes" starts with.
    package static let otherPrior = 0.05

    /// A piece of evidence that multiplies as a plain likelihood ratio when its condition holds.
    struct PlainEvidence: Sendable {
        var condition: Condition
        var ratio: Double
        var logRatio: Double
        /// Its position in the cause's evidence list (for the explanations).
        var index: Int
    }

    /// What one cause's evidence says about one fact, for the question selector.
    struct Reader: Sendable {
        var cause: Int
        /// Where the cause's ratios for this fact's values start in `tableRatios`, or -1.
        var table: Int
        /// The cause's plain evidence reading this fact: a range of `readerPlain`.
        var plain: Range<Int>
    }

    let knowledge: KnowledgeBase
    let causeIDs: [String]
    let logPriors: [Double]
    let logOtherPrior: Double
    /// Base rates of each choice fact's values (weights normalised).
    let baseRates: [String: [(value: String, rate: Double)]]

    // The evidence is kept flat, in arrays of numbers indexed by position, because at 10,000
    // causes a model of nested structs and string-keyed dictionaries spends its time in
    // reference counting, hashing and cache misses rather than in arithmetic.

    /// Choice facts by index, and each one's values by position (the base rates' order).
    let choiceFacts: [String]
    let choiceFactIndex: [String: Int]
    let choiceValueIndex: [[String: Int]]
    /// Choice tables: cause c owns tables causeTables[c]..<causeTables[c + 1]; table t is about
    /// choice fact tableFact[t] and its values start at tableStart[t] in the two value arrays.
    let causeTables: [Int]
    let tableFact: [Int]
    let tableStart: [Int]
    /// Per value: log(ratio) − log(Σ base × ratio), the normalised factor a known value applies.
    let tableLogFactors: [Double]
    /// Per value: the ratio raised to the evidence exponent (for the selector).
    let tableRatios: [Double]
    /// The choice facts with a value whose `none-ratio` is not 1, and per value the normalised
    /// log-factor it gives "none of the known causes".
    let noneTables: [(fact: String, index: Int)]
    let noneLogFactors: [String: [Double]]
    /// Plain evidence: cause c owns causePlain[c]..<causePlain[c + 1].
    let causePlain: [Int]
    let plain: [PlainEvidence]
    /// Per fact: every cause whose evidence reads it, in rule order.
    let readers: [String: [Reader]]
    /// Indices into `plain`, grouped by reader.
    let readerPlain: [Int]

    package init(knowledge: KnowledgeBase) {
        self.knowledge = knowledge
        causeIDs = knowledge.causes.map(\.id)
        let priorSum = knowledge.causes.reduce(0) { $0 + $1.prior }
        logPriors = knowledge.causes.map { log($0.prior) }
        let otherWeight =
            priorSum > 0
            ? priorSum * BeliefModel.otherPrior / (1 - BeliefModel.otherPrior) : 1
        logOtherPrior = log(otherWeight)

        var rates: [String: [(String, Double)]] = [:]
        var choiceFacts: [String] = []
        var choiceValueIndex: [[String: Int]] = []
        for fact in knowledge.facts where fact.kind == .choice {
            let total = fact.values.reduce(0) { $0 + $1.weight }
            rates[fact.id] = fact.values.map { ($0.id, $0.weight / total) }
            choiceFacts.append(fact.id)
            choiceValueIndex.append(
                Dictionary(
                    fact.values.enumerated().map { ($1.id, $0) },
                    uniquingKeysWith: { first, _ in first }))
        }
        baseRates = rates
        self.choiceFacts = choiceFacts
        choiceFactIndex = Dictionary(
            choiceFacts.enumerated().map { ($1, $0) },
            uniquingKeysWith: { first, _ in first })
        self.choiceValueIndex = choiceValueIndex
        var noneTables: [(fact: String, index: Int)] = []
        var noneLogFactors: [String: [Double]] = [:]
        for fact in knowledge.facts where fact.kind == .choice && fact.values.contains(where: { $0.noneRatio != 1 }) {
            let rates = rates[fact.id]!.map(\.1)
            let normaliser = zip(fact.values, rates).reduce(0) { $0 + $1.0.noneRatio * $1.1 }
            noneLogFactors[fact.id] = fact.values.map {
                (log($0.noneRatio) - log(normaliser)) * knowledge.troubleshooting.evidenceExponent
            }
            noneTables.append((fact.id, choiceFactIndex[fact.id]!))
        }
        self.noneTables = noneTables
        self.noneLogFactors = noneLogFactors

        var causeTables = [0]
        var tableFact: [Int] = []
        var tableStart: [Int] = []
        var logFactors: [Double] = []
        var ratios: [Double] = []
        var causePlain = [0]
        var plain: [PlainEvidence] = []
        var readers: [String: [Reader]] = [:]
        var readerPlain: [Int] = []
        // Calibration by temperature: every log-likelihood factor (a plain ratio's log, a choice
        // table's normalised log-factor) times one fitted exponent; 1 leaves the rules as
        // written. The selector's answer predictions use the tempered ratios too.
        let exponent = knowledge.troubleshooting.evidenceExponent
        // One case per value of each choice fact, made once: a table asks each of them whether
        // the cause's conditions on that fact hold.
        var singletons: [String: [Facts]] = [:]
        for (fact, values) in rates { singletons[fact] = values.map { Facts([fact: $0.0]) } }
        for (causeIndex, cause) in knowledge.causes.enumerated() {
            var byFact: [String: [Evidence]] = [:]
            var plainByFact: [String: [Int]] = [:]
            var facts = Set<String>()
            for (index, evidence) in cause.evidence.enumerated() {
                let read = evidence.condition.singleFact.map { [$0] } ?? evidence.condition.facts
                facts.formUnion(read)
                if read.count == 1, let fact = read.first, rates[fact] != nil,
                    !evidence.condition.readsSignatures
                {
                    byFact[fact, default: []].append(evidence)
                } else {
                    for fact in read { plainByFact[fact, default: []].append(plain.count) }
                    plain.append(
                        PlainEvidence(
                            condition: evidence.condition, ratio: pow(evidence.ratio, exponent),
                            logRatio: log(evidence.ratio) * exponent, index: index))
                }
            }
            causePlain.append(plain.count)
            var tableOfFact: [String: Int] = [:]
            for (fact, items) in byFact.sorted(by: { $0.key < $1.key }) {
                let values = rates[fact]!
                var causeRatios: [Double] = []
                var normaliser = 0.0
                for ((value, rate), facts) in zip(values, singletons[fact]!) {
                    let ratio = items.reduce(1.0) { Self.holds($1.condition, value, facts) ? $0 * $1.ratio : $0 }
                    causeRatios.append(ratio)
                    normaliser += rate * ratio
                }
                tableOfFact[fact] = ratios.count
                tableFact.append(choiceFactIndex[fact]!)
                tableStart.append(ratios.count)
                let logNormaliser = log(normaliser)
                for ratio in causeRatios {
                    logFactors.append((log(ratio) - logNormaliser) * exponent)
                    // Tempered like the factors, so that what the selector predicts an answer
                    // would do is what the beliefs then do (it normalises each cause's row).
                    ratios.append(exp(log(ratio) * exponent))
                }
            }
            causeTables.append(tableFact.count)
            for fact in facts.sorted() {
                let start = readerPlain.count
                readerPlain += plainByFact[fact] ?? []
                readers[fact, default: []].append(
                    Reader(
                        cause: causeIndex, table: tableOfFact[fact] ?? -1,
                        plain: start..<readerPlain.count))
            }
        }
        self.causeTables = causeTables
        self.tableFact = tableFact
        self.tableStart = tableStart
        tableLogFactors = logFactors
        tableRatios = ratios
        self.causePlain = causePlain
        self.plain = plain
        self.readers = readers
        self.readerPlain = readerPlain
    }

    /// Whether a condition on one choice fact holds when that fact is `value` and nothing else
    /// is known (`facts`): `equals` and `one of`, most of the rules' evidence, compare the value
    /// directly instead of looking it up (building the tables asks some ten thousand times).
    private static func holds(_ condition: Condition, _ value: String, _ facts: Facts) -> Bool {
        guard value != Facts.unknown else { return condition.holds(for: facts) }
        switch condition {
        case .equals(_, let expected): return Condition.same(value, expected)
        case .oneOf(_, let expected): return expected.contains { Condition.same(value, $0) }
        default: return condition.holds(for: facts)
        }
    }

    /// The position of each choice fact's known value (-1 when unknown), by choice fact index.
    func knownValues(_ facts: Facts) -> [Int] {
        var known = [Int](repeating: -1, count: choiceFacts.count)
        for (fact, value) in facts.values where value != Facts.unknown {
            guard let index = choiceFactIndex[fact], let position = choiceValueIndex[index][value] else {
                continue
            }
            known[index] = position
        }
        return known
    }

    /// The log of prior × likelihood of each cause (ruled-out causes get -infinity) and of
    /// "none of the known causes".
    func logScores(for facts: Facts, ruledOut: Set<String>) -> (causes: [Double], other: Double) {
        let known = knownValues(facts)
        var scores = [Double](repeating: 0, count: causeIDs.count)
        for index in causeIDs.indices {
            scores[index] =
                ruledOut.contains(causeIDs[index])
                ? -Double.infinity : logScore(of: index, facts: facts, known: known)
        }
        return (scores, logOtherPrior + logNoneFactor(facts, known: known))
    }

    /// "None of the known causes" reads only the values that say something about it (their
    /// `none-ratio`), normalised like a cause's choice table.
    private func logNoneFactor(_ facts: Facts, known: [Int]) -> Double {
        var score = 0.0
        for (fact, index) in noneTables {
            let position = known[index]
            guard position >= 0 else { continue }
            score += noneLogFactors[fact]![position] * (facts.strengths.isEmpty ? 1 : facts.strength(fact))
        }
        return score
    }

    private func logScore(of index: Int, facts: Facts, known: [Int]) -> Double {
        var score = logPriors[index]
        for table in causeTables[index]..<causeTables[index + 1] {
            let position = known[tableFact[table]]
            if position >= 0 {
                score += tableLogFactors[tableStart[table] + position] * strength(ofTable: table, facts)
            }
        }
        for item in causePlain[index]..<causePlain[index + 1] where plain[item].condition.holds(for: facts) {
            score += plain[item].logRatio * strength(of: plain[item].condition, facts)
        }
        return score
    }

    /// A guessed fact's evidence counts as a tempered likelihood (the log-factor times the
    /// guess's weight), which is how naive Bayes takes uncertain evidence without pretending
    /// to know the value.
    private func strength(ofTable table: Int, _ facts: Facts) -> Double {
        facts.strengths.isEmpty ? 1 : facts.strength(choiceFacts[tableFact[table]])
    }

    private func strength(of condition: Condition, _ facts: Facts) -> Double {
        guard !facts.strengths.isEmpty else { return 1 }
        return condition.facts.map(facts.strength).min() ?? 1
    }

    /// How each piece of evidence moved a cause, for the HOW and WHY NOT explanations. For a
    /// choice fact the factor is the one the model applied (the normalised ratio of the known
    /// value), shown against the evidence that named that value, or against the fact itself
    /// when its value was not named (the mass went to the values that were).
    func contributions(of index: Int, facts: Facts) -> [Contribution] {
        let cause = knowledge.causes[index]
        var result: [Contribution] = []
        for item in plain[causePlain[index]..<causePlain[index + 1]] where item.condition.holds(for: facts) {
            let strength = strength(of: item.condition, facts)
            result.append(
                Contribution(
                    evidence: cause.evidence[item.index],
                    factor: strength == 1 ? item.ratio : exp(item.logRatio * strength)))
        }
        let known = knownValues(facts)
        for table in causeTables[index]..<causeTables[index + 1] {
            let position = known[tableFact[table]]
            guard position >= 0 else { continue }
            let fact = choiceFacts[tableFact[table]]
            let factor = exp(tableLogFactors[tableStart[table] + position] * strength(ofTable: table, facts))
            guard abs(factor - 1) > 0.05 else { continue }
            let named = cause.evidence.first {
                $0.condition.facts == [fact] && $0.condition.holds(for: facts)
            }
            result.append(
                Contribution(
                    evidence: named, factor: factor, fact: fact,
                    value: facts.value(fact)))
        }
        return result
    }
}

/// One step of the evidence chain behind a belief.
package struct Contribution: Sendable {
    /// The evidence that held, or nil for the normalisation effect of a known fact.
    package var evidence: Evidence?
    /// The factor it multiplied the odds by.
    package var factor: Double
    package var fact: String?
    package var value: String?
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

import Foundation
import KnowledgeBase

/// Probabilities over the causes and "none of the known causes", computed from facts.
package struct Beliefs: Sendable {
    /// One cause and its probability.
    package struct Ranked: Sendable, Hashable {
        package var cause: String
        package var probability: Double

        package init(cause: String, probability: Double) {
            self.cause = cause
            self.probability = probability
        }
    }

    /// Every cause, most probable first (ties in rule order). Ruled-out causes are left out.
    package var ranked: [Ranked]
    /// The probability that none of the known causes is behind the failure.
    package var other: Double
    /// The probability of every cause by rule index (zero when ruled out).
    let byIndex: [Double]

    package var top: Ranked? { ranked.first }

    package func probability(of cause: String) -> Double {
        ranked.first { $0.cause == cause }?.probability ?? 0
    }

    /// Entropy in bits over causes and "other".
    var entropy: Double {
        var sum = 0.0
        for p in byIndex where p > 0 { sum -= p * log2(p) }
        if other > 0 { sum -= other * log2(other) }
        return sum
    }

    init(scores: (causes: [Double], other: Double), causeIDs: [String]) {
        let maximum = max(scores.causes.max() ?? -.infinity, scores.other)
        var weights = scores.causes.map { $0 == -.infinity ? 0 : exp($0 - maximum) }
        let otherWeight = exp(scores.other - maximum)
        let total = weights.reduce(otherWeight, +)
        weights = weights.map { $0 / total }
        byIndex = weights
        other = otherWeight / total
        ranked = causeIDs.indices
            .filter { scores.causes[$0] != -.infinity }
            .map { Ranked(cause: causeIDs[$0], probability: weights[$0]) }
            .enumerated()
            .sorted { ($0.element.probability, -$0.offset) > ($1.element.probability, -$1.offset) }
            .map(\.element)
    }
}

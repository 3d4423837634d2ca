import Foundation
import KnowledgeBase

/// What to try, in which order, and what that is expected to cost: the troubleshooting
/// sequence of Heckerman, Breese and Rommelse (1995, "Decision-theoretic troubleshooting").
///
/// With one fault at a time and a fix that repairs its cause, trying the repairs in falling
/// order of p / C (probability over cost) minimises the expected cost of repair:
///
///     ECR = Σₖ Cₖ × (1 − Σ_{j<k} pⱼ)
///
/// where a repair is paid for only when every one before it failed. Escalating to a person who
/// reads the logs fixes whatever is left at its own cost, so the sequence stops where handing
/// over the rest is cheaper than going on.
package struct RepairPlan: Sendable, Hashable {
    /// One repair: a cause's first fit fix, its probability now and its cost with the check.
    package struct Step: Sendable, Hashable {
        package var cause: String
        package var fix: String?
        package var probability: Double
        package var minutes: Double
    }

    /// The repairs worth trying, most efficient first; after the last, escalation.
    package var steps: [Step]
    /// Expected minutes until sending works again (or the case is handed over).
    package var expectedMinutes: Double
    /// Expected minutes when the best question is asked first; nil when none was compared.
    package var askingFirstMinutes: Double?
    /// The minutes escalation costs.
    package var escalationMinutes: Double

    package var first: Step? { steps.first }
}

/// Computes repair plans and their expected cost for one state of the facts.
struct RepairPlanner {
    /// Minutes to try and check each cause's first fit fix, by cause index.
    let costs: [Double]
    let fixes: [String?]
    let escalation: Double
    /// The causes with a probability, most efficient repair first under the current beliefs.
    let order: [Int]
    let probabilities: [Double]

    init(engine: Engine, facts: Facts, beliefs: Beliefs) {
        let model = engine.knowledge.troubleshooting
        var costs: [Double] = []
        var fixes: [String?] = []
        for cause in engine.knowledge.causes {
            // The first fix that fits is the one the person is told to try. A cause without
            // any fix can only be escalated.
            if let fix = engine.fixes(for: cause.id, facts: facts).first?.fix {
                costs.append(model.cost(of: fix))
                fixes.append(fix.id)
            } else {
                costs.append(model.escalationMinutes)
                fixes.append(nil)
            }
        }
        self.costs = costs
        self.fixes = fixes
        escalation = model.escalationMinutes
        probabilities = beliefs.byIndex
        order = RepairPlanner.efficientOrder(probabilities, costs)
    }

    static func efficientOrder(_ probabilities: [Double], _ costs: [Double]) -> [Int] {
        probabilities.indices.filter { probabilities[$0] > 0 }
            .sorted { probabilities[$0] / costs[$0] > probabilities[$1] / costs[$1] }
    }

    /// The plan for the current beliefs.
    func plan(causeIDs: [String]) -> RepairPlan {
        let (minutes, count) = expectedCost(order.lazy.map { (self.probabilities[$0], self.costs[$0]) })
        return RepairPlan(
            steps: order.prefix(count).map {
                .init(cause: causeIDs[$0], fix: fixes[$0], probability: probabilities[$0], minutes: costs[$0])
            },
            expectedMinutes: minutes, askingFirstMinutes: nil, escalationMinutes: escalation)
    }

    /// The expected cost of repairs tried in `sequence` order, stopping where escalating the
    /// rest is cheaper; and how many repairs that is.
    func expectedCost(_ sequence: some Sequence<(Double, Double)>) -> (minutes: Double, count: Int) {
        var remaining = 1.0
        var spent = 0.0
        var best = escalation
        var count = 0
        var tried = 0
        for (p, cost) in sequence {
            spent += cost * remaining
            remaining = max(0, remaining - p)
            tried += 1
            // Later repairs only add cost once what is left is worth less than escalating.
            if spent >= best { break }
            let total = spent + escalation * remaining
            if total < best {
                best = total
                count = tried
            }
        }
        return (best, count)
    }

    /// The expected cost after an answer that moves the `touched` causes to new probabilities
    /// and scales every other hypothesis by `scale`. The untouched causes keep their order, so
    /// the efficient order is a merge of two sorted lists, not a new sort.
    func expectedCost(touched: [(cause: Int, probability: Double)], scale: Double) -> Double {
        let moved = touched.filter { $0.probability > 0 }
            .sorted { $0.probability / costs[$0.cause] > $1.probability / costs[$1.cause] }
        let touchedSet = Set(touched.map(\.cause))
        var sequence: [(Double, Double)] = []
        sequence.reserveCapacity(order.count)
        var next = 0
        for index in order where !touchedSet.contains(index) {
            let p = probabilities[index] * scale
            while next < moved.count, moved[next].probability / costs[moved[next].cause] > p / costs[index] {
                sequence.append((moved[next].probability, costs[moved[next].cause]))
                next += 1
            }
            sequence.append((p, costs[index]))
        }
        for item in moved[next...] { sequence.append((item.probability, costs[item.cause])) }
        return expectedCost(sequence).minutes
    }
}

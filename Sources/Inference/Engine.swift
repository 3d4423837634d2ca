import Foundation
import KnowledgeBase

/// The inference engine: facts from a session, beliefs from facts, and the next step.
/// Pure and offline; probes and user interaction live elsewhere and feed it facts.
public struct Engine: Sendable {
    /// Below this expected information gain per unit of cost (bits) a question is not worth
    /// weighing against the repairs at all.
    package static let minimumGainPerCost = 0.005
    /// A question a permitted probe can answer costs this share of its user cost.
    package static let probeCostShare = 0.3
    /// How often a permitted probe fails to answer its question.
    package static let probeUnknownRate = 0.1
    /// How often a person who pasted an error has no other to give when asked for it.
    static let errorAskedAgainUnknownRate = 0.8
    /// How many of the most informative questions are weighed by their cost of repair: the
    /// rest rarely beat them, and each costs a pass over the causes per answer.
    static let questionsWeighed = 12
    /// The fact that pasted error text fills through the signatures. When it is asked, a user
    /// may paste the error instead of picking a value, and the text is read for what it says.
    package static let errorKindFact = Facts.errorKindFact

    package let knowledge: KnowledgeBase
    let model: BeliefModel
    let reader: ErrorTextReader

    /// An engine over `knowledge`: its belief model and error-text reader are built here once.
    public init(knowledge: KnowledgeBase) {
        self.knowledge = knowledge
        model = BeliefModel(knowledge: knowledge)
        reader = ErrorTextReader(knowledge: knowledge)
    }

    /// Everything known in a session: what the error text says, overridden by what was given
    /// directly (the user knows better than a pattern).
    package func facts(for session: Case) -> (facts: Facts, reading: ErrorTextReader.Reading?) {
        var facts = Facts()
        var reading: ErrorTextReader.Reading?
        if let text = session.errorText, !text.trimmingCharacters(in: Character.quotesAndSpaces).isEmpty {
            let read = reader.read(text)
            reading = read
            facts = self.facts(reading: read, text: text)
        }
        // An answer replaces a guess with full weight (the subscript drops the strength).
        for answer in session.answers { facts[answer.fact] = answer.value }
        return (facts, reading)
    }

    /// The facts an error text establishes, from its reading by the signatures.
    func facts(reading: ErrorTextReader.Reading, text: String) -> Facts {
        var facts = Facts(reading.facts, matchedSignatures: reading.matchedIDs)
        facts[Facts.errorTextFact] = text
        // What the text says weighs `text-evidence-scale` times its tempered ratios (a guess's
        // weight times that); an answer given afterwards replaces it with weight 1.
        let scale = knowledge.troubleshooting.textEvidenceScale
        for fact in facts.values.keys {
            facts.strengths[fact] = (reading.strengths[fact] ?? 1) * scale
        }
        // An error message that no signature recognises is evidence too: it points away
        // from every cause whose errors the rules know, toward "none of the known causes".
        // A user's own description of the problem is not an error message, and says nothing.
        if reading.matches.isEmpty && reading.facts["symptom"] == nil
            && Engine.looksLikeAnErrorMessage(text)
            && knowledge.fact("error.kind")?.value("other") != nil
        {
            facts["error.kind"] = "other"
        }
        return facts
    }

    /// Whether text reads like what a program printed (an exception, an SMTP reply) rather
    /// than a person's description.
    static func looksLikeAnErrorMessage(_ text: String) -> Bool {
        let lowered = text.lowercased()
        let markers = [
            "error", "exception", "errno", "traceback", "refused", "smtp", "ssl",
            "خطأ", "استثناء",
        ]
        if markers.contains(where: lowered.contains) { return true }
        // An SMTP reply: a 4xx or 5xx code followed by an enhanced status code.
        let scalars = Array(lowered.unicodeScalars)
        for index in scalars.indices.dropLast(5) where scalars[index] == "4" || scalars[index] == "5" {
            if scalars[index + 1] == ".", ("0"..."9").contains(scalars[index + 2]),
                scalars[index + 3] == "."
            {
                return true
            }
        }
        return false
    }

    package func beliefs(for facts: Facts, ruledOut: Set<String> = []) -> Beliefs {
        Beliefs(scores: model.logScores(for: facts, ruledOut: ruledOut), causeIDs: model.causeIDs)
    }

    /// The whole state of a session: facts, beliefs, the repair plan, and either the next
    /// question or why the questions are over.
    ///
    /// Observe or repair (Heckerman, Breese and Rommelse, 1995): the expected cost of trying
    /// the repairs now (`RepairPlan`) is weighed against asking a question first, which costs
    /// its minutes plus the expected cost of repair after its answer (or after "unknown", which
    /// changes nothing). A question is asked only when that is cheaper.
    package func evaluate(
        _ session: Case, probes: Set<String> = [],
        policy: QuestionPolicy = .expectedGain, channel: AnswerChannel? = nil
    ) -> Evaluation {
        let (facts, reading) = self.facts(for: session)
        let ruledOut = Set(session.ruledOut)
        let beliefs = self.beliefs(for: facts, ruledOut: ruledOut)
        if session.resolved {
            return Evaluation(
                facts: facts, reading: reading, beliefs: beliefs, next: nil, plan: nil,
                conclusion: .resolved)
        }
        let planner = RepairPlanner(engine: self, facts: facts, beliefs: beliefs)
        var plan = planner.plan(causeIDs: model.causeIDs)
        let asked = session.answers.filter { $0.origin == .user }.count
        let selector = QuestionSelector(
            engine: self, policy: policy, channel: channel, unknownOdds: Engine.unknownOdds(session),
            answeredSoFar: asked)
        let candidates = selector.ranked(
            facts: facts, beliefs: beliefs, probes: probes, limit: Engine.questionsWeighed)
        var weighed: [(candidate: QuestionSelector.Scored, minutes: Double)] = []
        for candidate in candidates {
            let minutes = askingFirst(candidate, planner: planner, repairNow: plan.expectedMinutes)
            weighed.append((candidate, minutes))
            // The baseline takes the first question in file order that pays.
            if policy == .fileOrder && minutes < plan.expectedMinutes - 1e-9 { break }
        }
        if policy == .fileOrder, let last = weighed.last { weighed = [last] }
        var best: (next: NextQuestion, minutes: Double)?
        for (candidate, minutes) in weighed where best == nil || minutes < best!.minutes - 1e-9 {
            best = (candidate.next, minutes)
        }
        // A question whose answer matters only together with another's (a conjunction):
        // worth asking when asking both, the second only where it pays, is cheaper.
        for pair in selector.pairs(facts: facts, beliefs: beliefs, probes: probes) {
            let minutes = askingFirst(pair, planner: planner, repairNow: plan.expectedMinutes)
            if best == nil || minutes < best!.minutes - 1e-9 { best = (pair.first.next, minutes) }
        }
        plan.askingFirstMinutes = best?.minutes
        if let best, best.minutes < plan.expectedMinutes - 1e-9 {
            return Evaluation(
                facts: facts, reading: reading, beliefs: beliefs, next: best.next, plan: plan,
                conclusion: nil)
        }
        let conclusion: Conclusion = plan.first.map { .tryFix($0.cause) } ?? .noKnownCause
        return Evaluation(
            facts: facts, reading: reading, beliefs: beliefs, next: nil, plan: plan,
            conclusion: conclusion)
    }

    /// How this person's "I don't know" odds compare to the usual ones: a person who could not
    /// answer the last four questions will probably not answer the fifth either. A Beta(0.5, 1)
    /// prior (one "unknown" in three, worth one and a half answers) updated by their own
    /// answers, as a factor on the odds.
    static func unknownOdds(_ session: Case) -> Double {
        let answered = session.answers.filter { $0.origin == .user }
        let unknown = answered.filter { $0.value == Facts.unknown }.count
        let known = answered.count - unknown
        return (Double(unknown) + 0.5) / (Double(known) + 1) / 0.5
    }

    /// The expected minutes of asking `candidate` first and then repairing in the best order
    /// for its answer.
    private func askingFirst(
        _ candidate: QuestionSelector.Scored, planner: RepairPlanner, repairNow: Double
    ) -> Double {
        let width = candidate.outcomes.count
        var afterAnswer = 0.0
        for (index, outcome) in candidate.outcomes.enumerated() where outcome.probability > 0 {
            let touched = candidate.touched.enumerated().map { row, cause in
                (cause: cause, probability: candidate.posteriors[row * width + index])
            }
            afterAnswer += outcome.probability * planner.expectedCost(touched: touched, scale: outcome.scale)
        }
        return candidate.next.cost + candidate.unknownRate * repairNow
            + (1 - candidate.unknownRate) * afterAnswer
    }

    /// The expected minutes of asking a pair's first question, then its second after each
    /// answer where that is cheaper than repairing, then repairing in the best order.
    private func askingFirst(
        _ pair: QuestionSelector.Pair, planner: RepairPlanner, repairNow: Double
    ) -> Double {
        let first = pair.first
        let width = first.outcomes.count
        var afterAnswer = 0.0
        for (index, outcome) in first.outcomes.enumerated() where outcome.probability > 0 {
            let touched = first.touched.enumerated().map { row, cause in
                (cause: cause, probability: first.posteriors[row * width + index])
            }
            let stop = planner.expectedCost(touched: touched, scale: outcome.scale)
            var afterBoth = 0.0
            for follow in pair.followUps[index] where follow.probability > 0 {
                let moved = zip(pair.touched, follow.posteriors).map { (cause: $0, probability: $1) }
                afterBoth += follow.probability * planner.expectedCost(touched: moved, scale: follow.scale)
            }
            let goOn =
                pair.secondCost + pair.secondUnknownRate * stop + (1 - pair.secondUnknownRate) * afterBoth
            afterAnswer += outcome.probability * min(stop, goOn)
        }
        return first.next.cost + first.unknownRate * repairNow + (1 - first.unknownRate) * afterAnswer
    }

    /// The fixes for `cause` that fit the facts, with only the steps that apply; all of its
    /// fixes when none fits (a setup the fixes do not name still needs one to try).
    package func fixes(for cause: String, facts: Facts) -> [(fix: Fix, steps: [Fix.Step])] {
        guard let cause = knowledge.cause(cause) else { return [] }
        let all = cause.fixes.compactMap { knowledge.fix($0) }
        let fitting = all.filter { Engine.fits($0, facts) }
        return (fitting.isEmpty ? all : fitting).map { ($0, $0.steps(for: facts)) }
    }

    /// The fix the person is told to try first for `cause`: the first of `fixes(for:facts:)`,
    /// without building the steps (the repair plan asks this of every cause).
    func firstFix(for cause: Cause, facts: Facts) -> Fix? {
        var first: Fix?
        for id in cause.fixes {
            guard let fix = knowledge.fix(id) else { continue }
            if Engine.fits(fix, facts) { return fix }
            if first == nil { first = fix }
        }
        return first
    }

    /// Whether a fix's condition allows it; one that reads an unknown fact still shows, since
    /// it may well apply.
    private static func fits(_ fix: Fix, _ facts: Facts) -> Bool {
        guard let applies = fix.applies else { return true }
        if applies.referencedFacts.contains(where: { facts.value($0) == nil }) { return true }
        return applies.holds(for: facts)
    }
}

/// How the next question is chosen.
public enum QuestionPolicy: Sendable {
    /// The highest expected information gain per unit of cost (the engine's way).
    case expectedGain
    /// The first informative question in rule-file order (the baseline benchmarks compare to).
    case fileOrder
}

/// Why the questions ended.
package enum Conclusion: Sendable, Equatable {
    /// Trying this cause's fix now is cheaper than asking anything more (the first step of
    /// the repair plan).
    case tryFix(String)
    /// No known cause is worth trying before handing the case to a person with the logs.
    case noKnownCause
    /// The user said the fix worked.
    case resolved
    /// Questions would still narrow things down, but none were asked (`explain`).
    case openQuestions
}

/// The engine's view of a session at one moment.
public struct Evaluation: Sendable {
    package var facts: Facts
    package var reading: ErrorTextReader.Reading?
    package var beliefs: Beliefs
    package var next: NextQuestion?
    /// The repairs in their efficient order and what they are expected to cost (nil once
    /// resolved).
    package var plan: RepairPlan?
    package var conclusion: Conclusion?
}

import Foundation
import KnowledgeBase

/// The inference engine: facts from a session, beliefs from facts, and the next step.
/// Pure and offline; probes and user interaction live elsewhere and feed it facts.
public struct Engine: Sendable {
    /// A cause at or above this probability ends the questions.
    package static let confidenceThreshold = 0.80
    /// Below this expected information gain per unit of cost (bits) a question is not worth asking.
    package static let minimumGainPerCost = 0.005
    /// A question a permitted probe can answer costs this share of its user cost.
    package static let probeCostShare = 0.3

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
        facts.strengths = reading.strengths
        facts[Facts.errorTextFact] = text
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

    /// The whole state of a session: facts, beliefs, and either the next question or why the
    /// questions are over.
    public func evaluate(
        _ session: Case, probes: Set<String> = [],
        policy: QuestionPolicy = .expectedGain
    ) -> Evaluation {
        let (facts, reading) = self.facts(for: session)
        let ruledOut = Set(session.ruledOut)
        let beliefs = self.beliefs(for: facts, ruledOut: ruledOut)
        if session.resolved {
            return Evaluation(
                facts: facts, reading: reading, beliefs: beliefs, next: nil,
                conclusion: .resolved)
        }
        if let top = beliefs.top, top.probability >= Engine.confidenceThreshold {
            return Evaluation(
                facts: facts, reading: reading, beliefs: beliefs, next: nil,
                conclusion: .confident(top.cause))
        }
        let next = QuestionSelector(engine: self, policy: policy)
            .best(facts: facts, beliefs: beliefs, probes: probes)
        if let next, next.gainPerCost >= Engine.minimumGainPerCost {
            return Evaluation(
                facts: facts, reading: reading, beliefs: beliefs, next: next,
                conclusion: nil)
        }
        let conclusion: Conclusion =
            beliefs.other >= (beliefs.top?.probability ?? 0)
            ? .noKnownCause : .nothingLeftToAsk
        return Evaluation(
            facts: facts, reading: reading, beliefs: beliefs, next: nil,
            conclusion: conclusion)
    }

    /// The fixes for `cause` that fit the facts, with only the steps that apply.
    package func fixes(for cause: String, facts: Facts) -> [(fix: Fix, steps: [Fix.Step])] {
        guard let cause = knowledge.cause(cause) else { return [] }
        return cause.fixes.compactMap { knowledge.fix($0) }.filter { fix in
            guard let applies = fix.applies else { return true }
            // A fix whose condition reads an unknown fact still shows: it may well apply.
            if applies.referencedFacts.contains(where: { facts.value($0) == nil }) { return true }
            return applies.holds(for: facts)
        }.map { ($0, $0.steps(for: facts)) }
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
    /// One cause is at or above the confidence threshold.
    case confident(String)
    /// No question left would tell the causes apart well enough.
    case nothingLeftToAsk
    /// "None of the known causes" is the most probable outcome.
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
    package var conclusion: Conclusion?
}

import KnowledgeBase

/// Plays a user through a diagnosis: the engine asks, the user answers from what they know
/// (`unknown` for anything else). Used by the scenario tests and the question benchmark.
package struct Simulation: Sendable {
    /// What the simulated user brings.
    package struct Persona: Sendable {
        package var errorText: String?
        package var symptom: String?
        package var answers: [String: String]
        package var expected: String

        package init(
            errorText: String?, symptom: String?, answers: [String: String],
            expected: String
        ) {
            self.errorText = errorText
            self.symptom = symptom
            self.answers = answers
            self.expected = expected
        }
    }

    /// How it went.
    package struct Outcome: Sendable {
        /// The most probable cause when the questions first ended, and its probability.
        package var top: String?
        package var topProbability: Double
        package var conclusion: Conclusion?
        /// Every hypothesis's probability when the questions first ended ("none of the known
        /// causes" under `Simulation.none`), for calibration.
        package var beliefs: [String: Double]
        /// The cause whose fix the engine said to try first, and its probability then.
        package var firstTried: String?
        package var firstTriedProbability: Double
        /// Fixes tried until the right one (each wrong one answered "did not work"); nil when
        /// the right cause was never tried (escalated instead).
        package var fixesUntilRight: Int?
        /// Questions asked until the right fix, over all rounds.
        package var questionsUntilFixed: Int
        /// Minutes spent: questions, fixes tried and checked, and escalation if it came to that.
        package var minutes: Double
        /// Questions asked before the first fix.
        package var questions: Int
        /// Questions asked before the expected cause first led the ranking (nil: it never did).
        package var questionsUntilLead: Int?
        /// The facts asked for, in order.
        package var asked: [String]
        /// Where things stood when the questions first ended (facts, beliefs, plan).
        package var evaluation: Evaluation?
    }

    let engine: Engine

    /// The label of "none of the known causes" in `Outcome.beliefs`.
    package static let none = "none"

    /// Every hypothesis with its probability.
    package static func probabilities(_ beliefs: Beliefs) -> [String: Double] {
        var all = Dictionary(beliefs.ranked.map { ($0.cause, $0.probability) }, uniquingKeysWith: { a, _ in a })
        all[none] = beliefs.other
        return all
    }

    package init(engine: Engine) {
        self.engine = engine
    }

    package func run(
        _ persona: Persona, policy: QuestionPolicy = .expectedGain, channel: AnswerChannel? = .chat
    ) -> Outcome {
        var conversation = Conversation(
            engine: engine, record: Case(errorText: persona.errorText),
            policy: policy, channel: channel)
        if let symptom = persona.symptom {
            try? conversation.handle(.given(fact: "symptom", value: symptom, origin: .user))
        }
        // When the expected cause first led: before the first answer, or after the nth.
        var untilLead: Int?
        var asked = 0
        var minutes = 0.0
        let facts = conversation.answerRemaining { question, evaluation in
            if untilLead == nil && evaluation.beliefs.top?.cause == persona.expected { untilLead = asked }
            asked += 1
            minutes += question.cost
            return persona.answers[question.fact] ?? Facts.unknown
        }
        let first = conversation.next()
        if untilLead == nil && first.beliefs.top?.cause == persona.expected { untilLead = asked }
        var outcome = Outcome(
            top: first.beliefs.top?.cause,
            topProbability: first.beliefs.top?.probability ?? 0,
            conclusion: first.conclusion,
            beliefs: Simulation.probabilities(first.beliefs),
            firstTried: first.plan?.first?.cause, firstTriedProbability: first.plan?.first?.probability ?? 0,
            fixesUntilRight: nil, questionsUntilFixed: facts.count, minutes: 0,
            questions: facts.count, questionsUntilLead: untilLead, asked: facts, evaluation: first)
        // Then as the person goes on: each wrong fix is answered "did not work", and the
        // engine carries on with the next fix or question, until the right fix or escalation.
        var evaluation = first
        var tried = 0
        for _ in engine.knowledge.causes.indices {
            guard case .tryFix(let cause) = evaluation.conclusion, let step = evaluation.plan?.first else {
                break
            }
            tried += 1
            minutes += step.minutes
            if cause == persona.expected {
                outcome.fixesUntilRight = tried
                break
            }
            try? conversation.handle(.fixResult(cause: cause, worked: false))
            outcome.questionsUntilFixed +=
                conversation.answerRemaining { question, _ in
                    minutes += question.cost
                    return persona.answers[question.fact] ?? Facts.unknown
                }.count
            evaluation = conversation.next()
        }
        if outcome.fixesUntilRight == nil { minutes += engine.knowledge.troubleshooting.escalationMinutes }
        outcome.minutes = minutes
        return outcome
    }
}

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
        package var top: String?
        package var topProbability: Double
        package var conclusion: Conclusion?
        /// Questions asked in all.
        package var questions: Int
        /// Questions asked before the expected cause first led the ranking (nil: it never did).
        package var questionsUntilLead: Int?
        /// The facts asked for, in order.
        package var asked: [String]
    }

    let engine: Engine

    package init(engine: Engine) {
        self.engine = engine
    }

    package func run(_ persona: Persona, policy: QuestionPolicy = .expectedGain) -> Outcome {
        var conversation = Conversation(
            engine: engine, record: Case(errorText: persona.errorText),
            policy: policy)
        if let symptom = persona.symptom {
            try? conversation.handle(.given(fact: "symptom", value: symptom, origin: .user))
        }
        // When the expected cause first led: before the first answer, or after the nth.
        var untilLead: Int?
        var asked = 0
        let facts = conversation.answerRemaining { question, evaluation in
            if untilLead == nil && evaluation.beliefs.top?.cause == persona.expected { untilLead = asked }
            asked += 1
            return persona.answers[question.fact] ?? Facts.unknown
        }
        let evaluation = conversation.next()
        if untilLead == nil && evaluation.beliefs.top?.cause == persona.expected { untilLead = asked }
        return Outcome(
            top: evaluation.beliefs.top?.cause,
            topProbability: evaluation.beliefs.top?.probability ?? 0,
            conclusion: evaluation.conclusion, questions: facts.count,
            questionsUntilLead: untilLead, asked: facts)
    }
}

import KnowledgeBase

/// Plays a user through a diagnosis: the engine asks, the user answers from what they know
/// (`unknown` for anything else). Used by the scenario tests and the question benchmark.
public struct Simulation: Sendable {
    /// What the simulated user brings.
    public struct Case: Sendable {
        public var errorText: String?
        public var symptom: String?
        public var answers: [String: String]
        public var expected: String

        public init(errorText: String?, symptom: String?, answers: [String: String],
                    expected: String) {
            self.errorText = errorText
            self.symptom = symptom
            self.answers = answers
            self.expected = expected
        }
    }

    /// How it went.
    public struct Outcome: Sendable {
        public var top: String?
        public var topProbability: Double
        public var conclusion: Conclusion?
        /// Questions asked in all.
        public var questions: Int
        /// Questions asked before the expected cause first led the ranking (nil: it never did).
        public var questionsUntilLead: Int?
        /// The facts asked for, in order.
        public var asked: [String]
    }

    let engine: Engine

    public init(engine: Engine) {
        self.engine = engine
    }

    public func run(_ userCase: Case, policy: QuestionPolicy = .expectedGain) -> Outcome {
        var session = Session(errorText: userCase.errorText)
        if let symptom = userCase.symptom { session.answer("symptom", symptom, origin: .user) }
        var asked: [String] = []
        var untilLead: Int?
        let limit = engine.knowledge.questions.count + 1
        var evaluation = engine.evaluate(session, policy: policy)
        for _ in 0..<limit {
            if untilLead == nil && evaluation.beliefs.top?.cause == userCase.expected {
                untilLead = asked.count
            }
            guard let next = evaluation.next else { break }
            let fact = next.question.fact
            asked.append(fact)
            session.answer(fact, userCase.answers[fact] ?? Facts.unknown)
            evaluation = engine.evaluate(session, policy: policy)
        }
        if untilLead == nil && evaluation.beliefs.top?.cause == userCase.expected {
            untilLead = asked.count
        }
        return Outcome(top: evaluation.beliefs.top?.cause,
                       topProbability: evaluation.beliefs.top?.probability ?? 0,
                       conclusion: evaluation.conclusion, questions: asked.count,
                       questionsUntilLead: untilLead, asked: asked)
    }
}

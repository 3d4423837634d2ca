import KnowledgeBase

/// One diagnosis as a state machine over a `Case`: events change the case, `next()` says what
/// comes next (a question, or a conclusion), and the `Explainer` says WHY, HOW and WHY NOT.
///
/// Pure: no I/O, no clock, no randomness. Every driver (the terminal, the scripted run, the
/// chat turn, the simulation benchmark, an MCP tool) feeds it events and renders what it
/// returns, so they all reach the same answer from the same facts.
package struct Conversation: Sendable {
    /// Something that happened in the conversation.
    package enum Event: Sendable, Equatable {
        /// A fact as a flag, odoo.conf or an answers file gives it; normalised like an answer.
        case given(fact: String, value: String, origin: Case.Origin)
        /// The person's answer for `fact` as typed: a choice's id, label or number, `unknown`,
        /// or, for the error-kind question, pasted error text.
        case answer(fact: String, text: String)
        /// Error text pasted on its own; it adds to what was pasted before.
        case paste(String)
        /// The error text replaced as a whole (a chat turn's `error`), or cleared with nil.
        case errorText(String?)
        /// An answer taken back (`error.text` clears the pasted text).
        case withdraw(fact: String)
        /// The person's most recent answer taken back, with the text it pasted.
        case back
        /// What the live probes measured.
        case measured(Measurement)
        /// The person applied the fix for `cause`: it worked, or it did not.
        case fixResult(cause: String, worked: Bool)
    }

    /// What a probe sweep reports back into the case: facts it measured (origin `probe`, so
    /// they never override what a person or a flag said), server replies (read like pasted
    /// error text by the same signatures) and the SMTP host it measured.
    package struct Measurement: Sendable, Equatable {
        package var facts: [String: String]
        package var replies: [String]
        package var host: String?

        package init(facts: [String: String], replies: [String] = [], host: String? = nil) {
            self.facts = facts
            self.replies = replies
            self.host = host
        }
    }

    package let engine: Engine
    /// The case as the events have built it.
    package private(set) var record: Case
    /// How questions are chosen (the benchmarks compare the engine's way to file order).
    package var policy: QuestionPolicy
    /// Where the person answers (their "I don't know" rates differ); nil for the defaults.
    package var channel: AnswerChannel?
    /// The error text before each paste that answered a question, so that `back` takes the
    /// paste back too. Not part of the case: a chat turn has no `back`.
    private var textBeforePaste: [String?] = []

    package init(
        engine: Engine, record: Case = Case(), policy: QuestionPolicy = .expectedGain,
        channel: AnswerChannel? = nil
    ) {
        self.engine = engine
        self.record = record
        self.policy = policy
        self.channel = channel
    }

    /// Applies one event; a refused event leaves the case as it was.
    package mutating func handle(_ event: Event) throws(InferenceError) {
        let knowledge = engine.knowledge
        switch event {
        case .given(let fact, let raw, let origin):
            if fact == Facts.errorTextFact {
                record.errorText = raw
                return
            }
            let value = try normalize(raw, for: fact)
            record.answer(fact, value, origin: origin)
        case .answer(let fact, let text):
            try answer(text, for: fact)
        case .paste(let text):
            record.paste(text)
        case .errorText(let text):
            record.errorText = text
        case .withdraw(let fact):
            guard knowledge.fact(fact) != nil else { throw .unknownFact(fact) }
            if fact == Facts.errorTextFact { record.errorText = nil } else { record.withdraw(fact) }
        case .back:
            if record.back() == Engine.errorKindFact, let previous = textBeforePaste.popLast() {
                record.errorText = previous
            }
        case .measured(let measurement):
            for (fact, value) in measurement.facts.sorted(by: { $0.key < $1.key })
            where knowledge.fact(fact) != nil {
                record.answer(fact, value, origin: .probe)
            }
            for reply in measurement.replies where !reply.isEmpty { record.paste(reply) }
            if let host = measurement.host { record.probedHost = host }
        case .fixResult(let cause, let worked):
            guard knowledge.cause(cause) != nil else { throw .unknownCause(cause) }
            if worked { record.resolved = true } else { record.fixFailed(for: cause) }
        }
    }

    /// What the case establishes (the error text's reading under the facts given), without the
    /// beliefs or the search for a next question: what aiming the probes needs.
    package var facts: Facts { engine.facts(for: record).facts }

    /// How the signatures read the pasted text, if there is any.
    package var reading: ErrorTextReader.Reading? { engine.facts(for: record).reading }

    /// Where the conversation stands: the beliefs, and the next question or the conclusion.
    package func next() -> Evaluation {
        engine.evaluate(record, policy: policy, channel: channel)
    }

    /// Asks every remaining question and takes `answer`'s reply to it, until the engine has
    /// nothing left to ask: the scripted diagnosis answers `unknown`, the simulation answers
    /// from what its person knows. `answer` sees the question and where things stood when it
    /// was asked. Returns the facts asked, in order.
    @discardableResult
    package mutating func answerRemaining(with answer: (Question, Evaluation) -> String) -> [String] {
        var asked: [String] = []
        // Each round settles one fact, so this bounds the loop.
        for _ in 0...engine.knowledge.questions.count {
            let evaluation = next()
            guard let question = evaluation.next?.question else { break }
            asked.append(question.fact)
            // A reply the fact cannot take counts as not knowing: the loop must end.
            if (try? handle(.answer(fact: question.fact, text: answer(question, evaluation)))) == nil {
                record.answer(question.fact, Facts.unknown)
            }
        }
        return asked
    }

    /// The value a fact takes for what was typed, or why it takes none.
    private func normalize(_ raw: String, for fact: String) throws(InferenceError) -> String {
        switch AnswerNormalizer(knowledge: engine.knowledge).normalize(fact: fact, value: raw) {
        case .success(let value): return value
        case .failure(let problem): throw problem
        }
    }

    /// An answer as typed. For the error-kind question a text that is not one of its choices
    /// is pasted error text: it is added to the case's error text and read for what it says.
    private mutating func answer(_ text: String, for fact: String) throws(InferenceError) {
        do {
            record.answer(fact, try normalize(text, for: fact))
        } catch {
            guard fact == Engine.errorKindFact, case .notAChoice = error else { throw error }
            textBeforePaste.append(record.errorText)
            record.paste(text)
            // Text the signatures cannot place answers the question as "unknown", not as
            // "something else": unread text must not weigh against the known causes.
            if engine.facts(for: record).facts.value(fact) == nil {
                record.answer(fact, Facts.unknown)
            }
        }
    }
}

/// Asks the user for one fact.
package struct Question: Hashable, Sendable {
    package var id: String
    package var fact: String
    package var text: LocalizedText
    package var help: LocalizedText
    /// The user's effort in minutes: 1 a glance, 2 open a page, 3 dig or ask someone.
    package var cost: Double
    /// Only asked when this holds; nil means always.
    package var when: Condition?
    /// A probe that can answer the question instead of the user.
    package var probe: String?
    /// For number facts, the answers offered.
    package var choices: [String]
    /// How often users cannot answer (they say "I don't know"): the expected information of
    /// the question is scaled by the rest.
    package var unknownRate: Double
    /// The rate where a channel differs from `unknownRate`.
    package var unknownRates: [AnswerChannel: Double]
    /// Questions of one topic ask the same thing in other forms: once one of them is answered
    /// "unknown", the others are not asked (unless a permitted probe answers them).
    package var topic: String?
    package var location: SourceLocation?

    /// How often people on `channel` cannot answer.
    package func unknownRate(on channel: AnswerChannel?) -> Double {
        channel.flatMap { unknownRates[$0] } ?? unknownRate
    }

    package init(
        id: String, fact: String, text: LocalizedText, help: LocalizedText,
        cost: Double = 1, when: Condition? = nil, probe: String? = nil,
        choices: [String] = [], unknownRate: Double = 0, unknownRates: [AnswerChannel: Double] = [:],
        topic: String? = nil, location: SourceLocation? = nil
    ) {
        self.id = id
        self.fact = fact
        self.text = text
        self.help = help
        self.cost = cost
        self.when = when
        self.probe = probe
        self.choices = choices
        self.unknownRate = unknownRate
        self.unknownRates = unknownRates
        self.topic = topic
        self.location = location
    }
}

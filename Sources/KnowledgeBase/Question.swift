/// Asks the user for one fact.
public struct Question: Hashable, Sendable {
    public var id: String
    public var fact: String
    public var text: LocalizedText
    public var help: LocalizedText
    /// The user's effort: 1 a glance, 2 open a page, 3 dig or ask someone.
    public var cost: Double
    /// Only asked when this holds; nil means always.
    public var when: Condition?
    /// A probe that can answer the question instead of the user.
    public var probe: String?
    /// For number facts, the answers offered.
    public var choices: [String]
    /// How often users cannot answer (they say "I don't know"): the expected information of
    /// the question is scaled by the rest.
    public var unknownRate: Double
    public var location: SourceLocation?

    public init(id: String, fact: String, text: LocalizedText, help: LocalizedText,
                cost: Double = 1, when: Condition? = nil, probe: String? = nil,
                choices: [String] = [], unknownRate: Double = 0, location: SourceLocation? = nil) {
        self.id = id
        self.fact = fact
        self.text = text
        self.help = help
        self.cost = cost
        self.when = when
        self.probe = probe
        self.choices = choices
        self.unknownRate = unknownRate
        self.location = location
    }
}

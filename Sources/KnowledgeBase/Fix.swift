/// Numbered steps that resolve a cause.
public struct Fix: Hashable, Sendable {
    /// One step; `when` limits it to some setups (an Odoo version, a provider).
    public struct Step: Hashable, Sendable {
        public var text: LocalizedText
        public var when: Condition?

        public init(text: LocalizedText, when: Condition? = nil) {
            self.text = text
            self.when = when
        }
    }

    public var id: String
    public var title: LocalizedText
    /// When the fix fits at all; nil means always.
    public var applies: Condition?
    public var steps: [Step]
    public var verify: LocalizedText
    public var verifyProbe: String?
    public var source: [String]
    public var location: SourceLocation?

    public init(id: String, title: LocalizedText, applies: Condition? = nil, steps: [Step],
                verify: LocalizedText, verifyProbe: String? = nil, source: [String] = [],
                location: SourceLocation? = nil) {
        self.id = id
        self.title = title
        self.applies = applies
        self.steps = steps
        self.verify = verify
        self.verifyProbe = verifyProbe
        self.source = source
        self.location = location
    }

    /// The steps that apply to `facts`. A step whose condition reads an unknown fact is kept:
    /// better one step too many than a missing one.
    public func steps(for facts: Facts) -> [Step] {
        steps.filter { step in
            guard let when = step.when else { return true }
            if when.referencedFacts.contains(where: { facts.value($0) == nil }) { return true }
            return when.holds(for: facts)
        }
    }
}

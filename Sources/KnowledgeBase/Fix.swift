/// Numbered steps that resolve a cause.
package struct Fix: Hashable, Sendable {
    /// One step; `when` limits it to some setups (an Odoo version, a provider).
    package struct Step: Hashable, Sendable {
        package var text: LocalizedText
        package var when: Condition?

        package init(text: LocalizedText, when: Condition? = nil) {
            self.text = text
            self.when = when
        }
    }

    /// How much can go wrong while trying it: weighs its minutes (`TroubleshootingModel`).
    package enum Risk: String, CaseIterable, Hashable, Sendable {
        case low, medium, high
    }

    package var id: String
    package var title: LocalizedText
    /// The person's time to carry it out, in minutes (verification is added by the model).
    package var minutes: Double
    package var risk: Risk
    /// When the fix fits at all; nil means always.
    package var applies: Condition?
    package var steps: [Step]
    package var verify: LocalizedText
    package var verifyProbe: String?
    package var source: [String]
    package var location: SourceLocation?

    package init(
        id: String, title: LocalizedText, minutes: Double = 10, risk: Risk = .low,
        applies: Condition? = nil, steps: [Step],
        verify: LocalizedText, verifyProbe: String? = nil, source: [String] = [],
        location: SourceLocation? = nil
    ) {
        self.id = id
        self.title = title
        self.minutes = minutes
        self.risk = risk
        self.applies = applies
        self.steps = steps
        self.verify = verify
        self.verifyProbe = verifyProbe
        self.source = source
        self.location = location
    }

    /// The steps that apply to `facts`. A step whose condition reads an unknown fact is kept:
    /// better one step too many than a missing one.
    package func steps(for facts: Facts) -> [Step] {
        steps.filter { step in
            guard let when = step.when else { return true }
            if when.referencedFacts.contains(where: { facts.value($0) == nil }) { return true }
            return when.holds(for: facts)
        }
    }
}

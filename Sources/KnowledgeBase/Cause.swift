/// A root cause of failing outgoing mail.
package struct Cause: Hashable, Sendable {
    package var id: String
    package var category: String
    /// How common the cause is before any evidence, in (0, 1].
    package var prior: Double
    package var title: LocalizedText
    package var summary: LocalizedText
    /// Fix ids, best first.
    package var fixes: [String]
    package var evidence: [Evidence]
    package var source: [String]
    package var location: SourceLocation?

    package init(
        id: String, category: String, prior: Double, title: LocalizedText,
        summary: LocalizedText, fixes: [String] = [], evidence: [Evidence] = [],
        source: [String] = [], location: SourceLocation? = nil
    ) {
        self.id = id
        self.category = category
        self.prior = prior
        self.title = title
        self.summary = summary
        self.fixes = fixes
        self.evidence = evidence
        self.source = source
        self.location = location
    }
}

/// A condition on facts and how strongly it speaks for (ratio > 1) or against (ratio < 1) a cause.
package struct Evidence: Hashable, Sendable {
    package var condition: Condition
    /// Likelihood ratio: how much more often the condition holds when the cause is the culprit
    /// than across all cases.
    package var ratio: Double
    package var why: LocalizedText?
    package var location: SourceLocation?

    package init(
        condition: Condition, ratio: Double, why: LocalizedText? = nil,
        location: SourceLocation? = nil
    ) {
        self.condition = condition
        self.ratio = ratio
        self.why = why
        self.location = location
    }
}

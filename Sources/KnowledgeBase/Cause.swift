/// A root cause of failing outgoing mail.
public struct Cause: Hashable, Sendable {
    public var id: String
    public var category: String
    /// How common the cause is before any evidence, in (0, 1].
    public var prior: Double
    public var title: LocalizedText
    public var summary: LocalizedText
    /// Fix ids, best first.
    public var fixes: [String]
    public var evidence: [Evidence]
    public var source: [String]
    public var location: SourceLocation?

    public init(id: String, category: String, prior: Double, title: LocalizedText,
                summary: LocalizedText, fixes: [String] = [], evidence: [Evidence] = [],
                source: [String] = [], location: SourceLocation? = nil) {
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
public struct Evidence: Hashable, Sendable {
    public var condition: Condition
    /// Likelihood ratio: how much more often the condition holds when the cause is the culprit
    /// than across all cases.
    public var ratio: Double
    public var why: LocalizedText?
    public var location: SourceLocation?

    public init(condition: Condition, ratio: Double, why: LocalizedText? = nil,
                location: SourceLocation? = nil) {
        self.condition = condition
        self.ratio = ratio
        self.why = why
        self.location = location
    }
}

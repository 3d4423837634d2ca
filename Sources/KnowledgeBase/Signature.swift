/// A pattern over pasted error text that establishes facts.
public struct Signature: Hashable, Sendable {
    public var id: String
    public var title: LocalizedText
    public var pattern: Pattern
    /// Facts set to fixed values when the pattern matches, in file order.
    public var sets: [(fact: String, value: String)]
    /// Facts set from named capture groups.
    public var extract: [(fact: String, group: String)]
    /// When two signatures set one fact differently, the higher specificity wins.
    public var specificity: Int
    public var source: [String]
    public var matchExamples: [String]
    public var noMatchExamples: [String]
    public var location: SourceLocation?

    public init(id: String, title: LocalizedText, pattern: Pattern,
                sets: [(fact: String, value: String)] = [],
                extract: [(fact: String, group: String)] = [], specificity: Int = 1,
                source: [String] = [], matchExamples: [String] = [],
                noMatchExamples: [String] = [], location: SourceLocation? = nil) {
        self.id = id
        self.title = title
        self.pattern = pattern
        self.sets = sets
        self.extract = extract
        self.specificity = specificity
        self.source = source
        self.matchExamples = matchExamples
        self.noMatchExamples = noMatchExamples
        self.location = location
    }

    public static func == (lhs: Signature, rhs: Signature) -> Bool { lhs.id == rhs.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

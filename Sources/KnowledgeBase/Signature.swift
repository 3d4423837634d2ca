/// A pattern over pasted error text that establishes facts.
package struct Signature: Hashable, Sendable {
    package var id: String
    package var title: LocalizedText
    package var pattern: Pattern
    /// Facts set to fixed values when the pattern matches, in file order.
    package var sets: [(fact: String, value: String)]
    /// Facts set from named capture groups.
    package var extract: [(fact: String, group: String)]
    /// When two signatures set one fact differently, the higher specificity wins.
    package var specificity: Int
    package var source: [String]
    package var matchExamples: [String]
    package var noMatchExamples: [String]
    package var location: SourceLocation?

    package init(
        id: String, title: LocalizedText, pattern: Pattern,
        sets: [(fact: String, value: String)] = [],
        extract: [(fact: String, group: String)] = [], specificity: Int = 1,
        source: [String] = [], matchExamples: [String] = [],
        noMatchExamples: [String] = [], location: SourceLocation? = nil
    ) {
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

    package static func == (lhs: Signature, rhs: Signature) -> Bool { lhs.id == rhs.id }
    package func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

/// A pattern over pasted error text that establishes facts.
package struct Signature: Hashable, Sendable {
    /// What a match means.
    package enum Role: String, Sendable {
        /// The matched text is evidence: its facts are set.
        case reads
        /// The matched text is a frame around the error (an Odoo dialog, a log prefix): it is
        /// set aside before anything else reads the text, and may say only what the frame
        /// itself shows (the symptom: which screen failed), never what went wrong.
        case wrapper
    }

    package var id: String
    package var title: LocalizedText
    package var pattern: Pattern
    /// Facts set to fixed values when the pattern matches, in file order.
    package var sets: [(fact: String, value: String)]
    /// Facts set from named capture groups.
    package var extract: [(fact: String, group: String)]
    /// When two signatures set one fact differently, the higher specificity wins.
    package var specificity: Int
    package var role: Role
    package var source: [String]
    package var matchExamples: [String]
    package var noMatchExamples: [String]
    package var location: SourceLocation?

    package init(
        id: String, title: LocalizedText, pattern: Pattern,
        sets: [(fact: String, value: String)] = [],
        extract: [(fact: String, group: String)] = [], specificity: Int = 1,
        role: Role = .reads, source: [String] = [], matchExamples: [String] = [],
        noMatchExamples: [String] = [], location: SourceLocation? = nil
    ) {
        self.id = id
        self.title = title
        self.pattern = pattern
        self.sets = sets
        self.extract = extract
        self.specificity = specificity
        self.role = role
        self.source = source
        self.matchExamples = matchExamples
        self.noMatchExamples = noMatchExamples
        self.location = location
    }

    package static func == (lhs: Signature, rhs: Signature) -> Bool { lhs.id == rhs.id }
    package func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

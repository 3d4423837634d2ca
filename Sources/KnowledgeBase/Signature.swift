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
        /// The matched text names the user's provider in their own words ("gmail rejects the
        /// password", "my office 365 account", "el outlook mesh byb3at"). It sets only
        /// `provider`, and is read after host names, banner tags and help URLs: only when none
        /// of them named a provider, never in a bounce, never inside a destination phrase,
        /// and only as a whole word (not inside a host name or an address).
        case names
        /// The matched text says where mail goes ("sending to Gmail users", "Gmail
        /// recipients", "btewsal l gmail"): a provider named inside it is the recipient's, so
        /// it is hidden from the provider reading. It sets nothing.
        case destination
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

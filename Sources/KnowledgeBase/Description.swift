/// How people describe one kind of failure in their own words, in either language: labelled
/// examples that the reader's back-off learns from (with the signatures' own examples), for
/// text that no signature recognises.
package struct Description: Hashable, Sendable {
    package var id: String
    /// The fact and value the examples illustrate (`error.kind: auth-rejected`).
    package var fact: String
    package var value: String
    package var examples: [String]
    package var source: [String]
    package var location: SourceLocation?

    package init(
        id: String, fact: String, value: String, examples: [String], source: [String] = [],
        location: SourceLocation? = nil
    ) {
        self.id = id
        self.fact = fact
        self.value = value
        self.examples = examples
        self.source = source
        self.location = location
    }
}

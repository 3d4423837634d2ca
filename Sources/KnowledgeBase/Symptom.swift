/// What the user sees first; each symptom is a value of the fact `symptom`.
package struct Symptom: Hashable, Sendable {
    package var id: String
    package var title: LocalizedText
    package var summary: LocalizedText
    /// Patterns that recognise the symptom in the user's own words, per language.
    package var phrases: [Language: [Pattern]]
    package var location: SourceLocation?

    package init(
        id: String, title: LocalizedText, summary: LocalizedText,
        phrases: [Language: [Pattern]] = [:], location: SourceLocation? = nil
    ) {
        self.id = id
        self.title = title
        self.summary = summary
        self.phrases = phrases
        self.location = location
    }
}

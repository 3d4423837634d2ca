/// What the user sees first; each symptom is a value of the fact `symptom`.
public struct Symptom: Hashable, Sendable {
    public var id: String
    public var title: LocalizedText
    public var summary: LocalizedText
    /// Patterns that recognise the symptom in the user's own words, per language.
    public var phrases: [Language: [Pattern]]
    public var location: SourceLocation?

    public init(id: String, title: LocalizedText, summary: LocalizedText,
                phrases: [Language: [Pattern]] = [:], location: SourceLocation? = nil) {
        self.id = id
        self.title = title
        self.summary = summary
        self.phrases = phrases
        self.location = location
    }
}

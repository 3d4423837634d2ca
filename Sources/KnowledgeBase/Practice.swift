/// Advice that is not the fix of one cause: a best practice, a worked example, a tip.
public struct Practice: Hashable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case bestPractice = "best-practice"
        case workedExample = "worked-example"
        case advancedTip = "advanced-tip"
        case expertHelp = "expert-help"
    }

    public var id: String
    public var kind: Kind
    public var title: LocalizedText
    public var text: LocalizedText
    public var causes: [String]
    public var source: [String]
    public var location: SourceLocation?

    public init(id: String, kind: Kind, title: LocalizedText, text: LocalizedText,
                causes: [String] = [], source: [String] = [], location: SourceLocation? = nil) {
        self.id = id
        self.kind = kind
        self.title = title
        self.text = text
        self.causes = causes
        self.source = source
        self.location = location
    }
}

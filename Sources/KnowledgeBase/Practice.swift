/// Advice that is not the fix of one cause: a best practice, a worked example, a tip.
package struct Practice: Hashable, Sendable {
    package enum Kind: String, Sendable, CaseIterable {
        case bestPractice = "best-practice"
        case workedExample = "worked-example"
        case advancedTip = "advanced-tip"
        case expertHelp = "expert-help"
    }

    package var id: String
    package var kind: Kind
    package var title: LocalizedText
    package var text: LocalizedText
    package var causes: [String]
    package var source: [String]
    package var location: SourceLocation?

    package init(
        id: String, kind: Kind, title: LocalizedText, text: LocalizedText,
        causes: [String] = [], source: [String] = [], location: SourceLocation? = nil
    ) {
        self.id = id
        self.kind = kind
        self.title = title
        self.text = text
        self.causes = causes
        self.source = source
        self.location = location
    }
}

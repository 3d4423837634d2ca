/// A fact the engine reasons with, and the values it may take.
public struct FactDefinition: Hashable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case choice, number, text
    }

    /// One allowed value of a choice fact.
    public struct Value: Hashable, Sendable {
        public var id: String
        public var label: LocalizedText
        /// How common the value is among all users; the base rate when answers are weighed.
        public var weight: Double

        public init(id: String, label: LocalizedText, weight: Double = 1) {
            self.id = id
            self.label = label
            self.weight = weight
        }
    }

    public var id: String
    public var kind: Kind
    public var title: LocalizedText
    public var values: [Value]
    /// The probe that measures this fact, when one does.
    public var probe: String?
    public var location: SourceLocation?

    public init(id: String, kind: Kind, title: LocalizedText, values: [Value] = [],
                probe: String? = nil, location: SourceLocation? = nil) {
        self.id = id
        self.kind = kind
        self.title = title
        self.values = values
        self.probe = probe
        self.location = location
    }

    /// The allowed value with this id, if the fact is a choice.
    public func value(_ id: String) -> Value? { values.first { $0.id == id } }
}

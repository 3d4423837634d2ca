/// A fact the engine reasons with, and the values it may take.
package struct FactDefinition: Hashable, Sendable {
    package enum Kind: String, Sendable, CaseIterable {
        case choice, number, text
    }

    /// One allowed value of a choice fact.
    package struct Value: Hashable, Sendable {
        package var id: String
        package var label: LocalizedText
        /// How common the value is among all users; the base rate when answers are weighed.
        package var weight: Double
        /// Other ways people type this value in a chat: "جيميل" for Gmail, "اوفيس 365" for
        /// Microsoft 365. Matched after the same normalisation as the labels.
        package var also: [String]
        /// How much likelier this value is when none of the known causes is at work than its
        /// base rate says: an error text no rule recognises is what an unknown cause produces.
        package var noneRatio: Double

        package init(
            id: String, label: LocalizedText, weight: Double = 1, also: [String] = [], noneRatio: Double = 1
        ) {
            self.id = id
            self.label = label
            self.weight = weight
            self.also = also
            self.noneRatio = noneRatio
        }
    }

    package var id: String
    package var kind: Kind
    package var title: LocalizedText
    package var values: [Value]
    /// The probe that measures this fact, when one does.
    package var probe: String?
    package var location: SourceLocation?

    package init(
        id: String, kind: Kind, title: LocalizedText, values: [Value] = [],
        probe: String? = nil, location: SourceLocation? = nil
    ) {
        self.id = id
        self.kind = kind
        self.title = title
        self.values = values
        self.probe = probe
        self.location = location
    }

    /// The allowed value with this id, if the fact is a choice.
    package func value(_ id: String) -> Value? { values.first { $0.id == id } }
}

import KnowledgeBase

/// Turns what a user typed for a fact into the value the rules use, or says why it cannot:
/// a choice accepts its id, its label in either language, or its number in the list shown;
/// a number accepts Arabic-Indic digits; every fact accepts `unknown`.
package struct AnswerNormalizer: Sendable {

    /// Longer than any host name, address or version; pasted text goes to `error.text`.
    package static let maximumLength = 1_024

    let knowledge: KnowledgeBase

    package init(knowledge: KnowledgeBase) {
        self.knowledge = knowledge
    }

    package func normalize(
        fact: String, value raw: String,
        choices: [String] = []
    ) -> Result<String, InferenceError> {
        guard let definition = knowledge.fact(fact) else { return .failure(.unknownFact(fact)) }
        let value = raw.trimmingCharacters(in: Character.quotesAndSpaces)
        if value.isEmpty { return .failure(.empty(fact: fact)) }
        if value.utf8.count > Self.maximumLength, !(definition.kind == .choice && fact == Engine.errorKindFact) {
            return .failure(.tooLong(fact: fact, limit: Self.maximumLength))
        }
        let lowered = value.lowercased()
        // Compared folded: "لا اعرف" and "لا أعرف", "جيميل" and "جيمـيل" are the same answer.
        let folded = TypedText.fold(value)
        if Self.unknownPhrases.contains(folded) {
            return .success(Facts.unknown)
        }
        switch definition.kind {
        case .choice:
            if let match = definition.values.first(where: { $0.id == lowered }) {
                return .success(match.id)
            }
            if let match = definition.values.first(where: { choice in
                [choice.label.en, choice.label.ar].contains { TypedText.fold($0) == folded }
                    || choice.also.contains { TypedText.fold($0) == folded }
            }) {
                return .success(match.id)
            }
            if let yesNo = Self.yesNo[folded], definition.value(yesNo) != nil {
                return .success(yesNo)
            }
            if value.count <= 3, let number = FactNumber.parse(value), let position = Int(exactly: number),
                position >= 1, position <= definition.values.count
            {
                return .success(definition.values[position - 1].id)
            }
            return .failure(
                .notAChoice(
                    fact: fact, value: value,
                    allowed: definition.values.map(\.id)))
        case .number:
            if let number = FactNumber.parse(value) {
                // A choice number from the list shown ("2" for the second port) is the port
                // only when it is not itself a plausible answer; the caller passes choices
                // when it showed a numbered list.
                if !choices.isEmpty, let position = Int(exactly: number), position >= 1,
                    position <= choices.count,
                    !choices.contains(where: { FactNumber.parse($0) == number })
                {
                    return .success(choices[position - 1])
                }
                // Int(exactly:) is nil beyond Int's range: such a number stays in decimal form.
                return .success(Int(exactly: number).map(String.init) ?? String(number))
            }
            return .failure(.notANumber(fact: fact, value: value))
        case .text:
            return .success(value)
        }
    }

    /// "I don't know" as people write it, folded (shared with the linter).
    static var unknownPhrases: Set<String> { TypedText.unknownAnswers }

    /// Yes and no as people write them (folded): Gulf, Egyptian and Levantine forms included.
    static let yesNo: [String: String] = Dictionary(
        [
            ("y", "yes"), ("yes", "yes"), ("true", "yes"), ("نعم", "yes"), ("أيوه", "yes"), ("ايوا", "yes"),
            ("اي", "yes"), ("ايه", "yes"), ("اه", "yes"), ("آه", "yes"), ("أكيد", "yes"), ("صح", "yes"),
            ("n", "no"), ("no", "no"), ("false", "no"), ("لا", "no"), ("لأ", "no"), ("كلا", "no"), ("لاء", "no"),
        ].map { (TypedText.fold($0.0), $0.1) }, uniquingKeysWith: { first, _ in first })
}

import KnowledgeBase

/// Says a condition in words, with the facts' titles and the values' labels:
/// "Email provider is Gmail (@gmail.com)" rather than `{fact: provider, is: gmail}`.
package struct ConditionDescriber: Sendable {
    let knowledge: KnowledgeBase

    package init(knowledge: KnowledgeBase) {
        self.knowledge = knowledge
    }

    package func describe(_ condition: Condition, in language: Language) -> String {
        let ar = language == .ar
        switch condition {
        // Words a support engineer would say, not set notation: "Email provider is Gmail or
        // Outlook.com", «مزوّد البريد: Gmail أو Outlook.com».
        case .equals(let fact, let value):
            return ar
                ? "\(title(fact, language)): \(label(value, of: fact, language))"
                : "\(title(fact, language)) is \(label(value, of: fact, language))"
        case .oneOf(let fact, let values):
            let labels = values.map { label($0, of: fact, language) }
            return ar
                ? "\(title(fact, language)): \(Self.list(labels, or: " أو ", separator: "، "))"
                : "\(title(fact, language)) is \(Self.list(labels, or: " or ", separator: ", "))"
        case .above(let fact, let number):
            return ar
                ? "\(title(fact, language)) أكبر من \(format(number))"
                : "\(title(fact, language)) is above \(format(number))"
        case .below(let fact, let number):
            return ar
                ? "\(title(fact, language)) أقل من \(format(number))"
                : "\(title(fact, language)) is below \(format(number))"
        case .matches(let fact, let pattern):
            return ar
                ? "\(title(fact, language)) يطابق ‎/\(pattern.source)/"
                : "\(title(fact, language)) matches /\(pattern.source)/"
        case .known(let fact, let known):
            if ar { return known ? "\(title(fact, language)) معروف" : "\(title(fact, language)) غير معروف" }
            return known ? "\(title(fact, language)) is known" : "\(title(fact, language)) is not known"
        case .signature(let id):
            let name = knowledge.signatures.first { $0.id == id }?.title[language] ?? id
            return ar ? "نص الخطأ يطابق «\(name)»" : "the error text matches “\(name)”"
        case .all(let items):
            return items.map { describe($0, in: language) }.joined(separator: ar ? " و " : " and ")
        case .any(let items):
            return "("
                + items.map { describe($0, in: language) }
                .joined(separator: ar ? " أو " : " or ") + ")"
        case .not(let inner):
            return (ar ? "ليس: " : "not: ") + describe(inner, in: language)
        }
    }

    /// "A, B or C".
    static func list(_ items: [String], or: String, separator: String) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: separator) + or + items.last!
    }

    package func title(_ fact: String, _ language: Language) -> String {
        knowledge.fact(fact)?.title[language] ?? fact
    }

    package func label(_ value: String, of fact: String, _ language: Language) -> String {
        if value == Facts.unknown { return language == .ar ? "لا أعرف" : "I don't know" }
        return knowledge.fact(fact)?.value(value)?.label[language] ?? value
    }

    private func format(_ number: Double) -> String {
        number == number.rounded() ? String(Int(number)) : String(number)
    }
}

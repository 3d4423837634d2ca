import KnowledgeBase

/// Why the inference module refused something it was given: an answer the fact does not
/// allow, a fact or cause the rules do not have. The one error type of this module.
package enum InferenceError: Error, Equatable, CustomStringConvertible {
    /// No fact of that name in the rules.
    case unknownFact(String)
    case notAChoice(fact: String, value: String, allowed: [String])
    case notANumber(fact: String, value: String)
    case empty(fact: String)
    case tooLong(fact: String, limit: Int)
    /// No cause of that name in the rules (a fix result for an unknown cause).
    case unknownCause(String)

    package var description: String {
        switch self {
        case .unknownFact(let fact):
            return "unknown fact '\(fact)'"
        case .notAChoice(let fact, let value, let allowed):
            return "'\(Self.clip(value))' is not an answer for '\(fact)' (allowed: "
                + allowed.joined(separator: ", ") + ", unknown)"
        case .notANumber(let fact, let value):
            return "'\(fact)' needs a number, got '\(Self.clip(value))'"
        case .empty(let fact):
            return "the answer for '\(fact)' is empty"
        case .tooLong(let fact, let limit):
            return "the answer for '\(fact)' is longer than \(limit) characters"
        case .unknownCause(let cause):
            return "unknown cause '\(cause)'"
        }
    }

    /// The problem as the person who answered reads it: in their language, naming the
    /// question's fact and its choices by their labels, never by internal ids.
    package func message(in language: Language, knowledge: KnowledgeBase) -> String {
        let ar = language == .ar
        let describer = ConditionDescriber(knowledge: knowledge)
        switch self {
        case .unknownFact(let fact):
            return ar ? "لا يوجد معطى باسم «\(fact)»" : "there is no fact called '\(fact)'"
        case .notAChoice(let fact, let value, let allowed):
            let labels = (allowed + [Facts.unknown]).map { describer.label($0, of: fact, language) }
            let title = describer.title(fact, language)
            return ar
                ? "«\(Self.clip(value))» ليست من إجابات سؤال «\(title)». اكتب رقم الخيار أو إحدى الإجابات: \(labels.joined(separator: "، "))"
                : "“\(Self.clip(value))” is not one of the answers for “\(title)”. Type a choice's number or one of: \(labels.joined(separator: ", "))"
        case .notANumber(let fact, let value):
            let title = describer.title(fact, language)
            return ar
                ? "«\(title)» رقم، و«\(Self.clip(value))» ليس رقماً"
                : "“\(title)” is a number; “\(Self.clip(value))” is not"
        case .empty(let fact):
            return ar
                ? "الإجابة عن «\(describer.title(fact, language))» فارغة"
                : "the answer for “\(describer.title(fact, language))” is empty"
        case .tooLong(let fact, let limit):
            return ar
                ? "الإجابة عن «\(describer.title(fact, language))» أطول من \(limit) حرف؛ الصق نص الخطأ في error"
                : "the answer for “\(describer.title(fact, language))” is longer than \(limit) characters; paste error text as error"
        case .unknownCause(let cause):
            return ar ? "سبب غير معروف «\(cause)»" : "unknown cause '\(cause)'"
        }
    }

    /// A wrong answer is quoted back short: it may be a whole pasted log.
    static func clip(_ value: String) -> String {
        value.count > 80 ? String(value.prefix(80)) + "…" : value
    }
}

import Foundation
import KnowledgeBase

/// The HOW and WHY NOT explanations: the evidence chain behind a cause's probability, each
/// step with the rule file that holds it.
package struct Explainer: Sendable {
    /// One step of a chain.
    package struct Step: Sendable {
        /// What held, in words.
        package var description: String
        /// The factor it multiplied the odds of the cause by (below 1: it spoke against it).
        package var factor: Double
        /// Why the rule says so, when the rule explains itself.
        package var why: String?
        /// The rule that holds this evidence.
        package var location: SourceLocation?
        /// The facts it read (to say where each came from).
        package var facts: Set<String> = []
    }

    let engine: Engine

    package init(engine: Engine) {
        self.engine = engine
    }

    /// Every piece of evidence that moved `cause`, strongest first.
    package func how(_ cause: String, facts: Facts, language: Language) -> [Step] {
        guard let index = engine.knowledge.causes.firstIndex(where: { $0.id == cause }) else {
            return []
        }
        let describer = ConditionDescriber(knowledge: engine.knowledge)
        let location = engine.knowledge.causes[index].location
        return engine.model.contributions(of: index, facts: facts).map { contribution in
            if let evidence = contribution.evidence {
                return Step(
                    description: describer.describe(evidence.condition, in: language),
                    factor: contribution.factor, why: evidence.why?[language],
                    location: evidence.location ?? location, facts: evidence.condition.facts)
            }
            let fact = contribution.fact ?? ""
            let value = contribution.value ?? ""
            let text = "\(describer.title(fact, language)) = \(describer.label(value, of: fact, language))"
            let why =
                language == .ar
                ? "القاعدة تتوقع قيمة أخرى لهذه المعلومة عند هذا السبب"
                : "the rules expect another value of this fact for this cause"
            return Step(
                description: text, factor: contribution.factor, why: why,
                location: location, facts: [fact])
        }.sorted { abs(log($0.factor)) > abs(log($1.factor)) }
    }

    /// WHY the engine asks `next`: which causes each answer would raise, or, when no answer
    /// raises one above the rest, how much the answer is expected to narrow things down.
    package func why(_ next: NextQuestion, language: Language) -> String {
        let ar = language == .ar
        let describer = ConditionDescriber(knowledge: engine.knowledge)
        var parts: [String] = []
        for separation in next.separates where !separation.raises.isEmpty {
            let label = describer.label(separation.value, of: next.question.fact, language)
            let causes = separation.raises.compactMap { engine.knowledge.cause($0)?.title[language] }
            parts.append(
                ar
                    ? "«\(label)» ترجّح: \(causes.joined(separator: "، "))"
                    : "“\(label)” points to \(causes.joined(separator: ", "))")
        }
        let bits = String(format: "%.2f", next.gain)
        if parts.isEmpty {
            return ar
                ? "هذا السؤال يضيّق الاحتمالات (\(bits) بت من المعلومات المتوقعة)."
                : "This question narrows things down (\(bits) bits expected)."
        }
        let joined = parts.joined(separator: ar ? "؛ " : "; ")
        return ar
            ? "هذا السؤال يفرّق بين الأسباب: \(joined)."
            : "This question tells causes apart: \(joined)."
    }

    /// What speaks against `cause`: evidence below 1, and whether the user ruled it out.
    package func whyNot(
        _ cause: String, facts: Facts, session: Case,
        language: Language
    ) -> [Step] {
        var steps = how(cause, facts: facts, language: language).filter { $0.factor < 1 }
        if session.ruledOut.contains(cause) {
            let text =
                language == .ar
                ? "طُبّق إصلاحه ولم تُحل المشكلة"
                : "its fix was applied and did not help"
            steps.insert(Step(description: text, factor: 0, why: nil, location: nil), at: 0)
        }
        return steps
    }
}

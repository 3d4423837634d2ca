import Foundation
import KnowledgeBase

/// The HOW and WHY NOT explanations: the evidence chain behind a cause's probability, each
/// step with the rule file that holds it.
public struct Explainer: Sendable {
    /// One step of a chain.
    public struct Step: Sendable {
        /// What held, in words.
        public var description: String
        /// The factor it multiplied the odds of the cause by (below 1: it spoke against it).
        public var factor: Double
        /// Why the rule says so, when the rule explains itself.
        public var why: String?
        /// The rule that holds this evidence.
        public var location: SourceLocation?
    }

    let engine: Engine

    public init(engine: Engine) {
        self.engine = engine
    }

    /// Every piece of evidence that moved `cause`, strongest first.
    public func how(_ cause: String, facts: Facts, language: Language) -> [Step] {
        guard let index = engine.knowledge.causes.firstIndex(where: { $0.id == cause }) else {
            return []
        }
        let describer = ConditionDescriber(knowledge: engine.knowledge)
        let location = engine.knowledge.causes[index].location
        return engine.model.contributions(of: index, facts: facts).map { contribution in
            if let evidence = contribution.evidence {
                return Step(description: describer.describe(evidence.condition, in: language),
                            factor: contribution.factor, why: evidence.why?[language],
                            location: evidence.location ?? location)
            }
            let fact = contribution.fact ?? "", value = contribution.value ?? ""
            let text = "\(describer.title(fact, language)) = \(describer.label(value, of: fact, language))"
            let why = language == .ar
                ? "القاعدة تتوقع قيمة أخرى لهذه المعلومة عند هذا السبب"
                : "the rules expect another value of this fact for this cause"
            return Step(description: text, factor: contribution.factor, why: why,
                        location: location)
        }.sorted { abs(log($0.factor)) > abs(log($1.factor)) }
    }

    /// What speaks against `cause`: evidence below 1, and whether the user ruled it out.
    public func whyNot(_ cause: String, facts: Facts, session: Session,
                       language: Language) -> [Step] {
        var steps = how(cause, facts: facts, language: language).filter { $0.factor < 1 }
        if session.ruledOut.contains(cause) {
            let text = language == .ar ? "طُبّق إصلاحه ولم تُحل المشكلة"
                : "its fix was applied and did not help"
            steps.insert(Step(description: text, factor: 0, why: nil, location: nil), at: 0)
        }
        return steps
    }
}

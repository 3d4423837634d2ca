/// Everything Mail Doctor knows, loaded from `rules/`. A plain value: the engine and renderers
/// read it, nothing writes it after loading.
public struct KnowledgeBase: Sendable {
    package var facts: [FactDefinition]
    package var causes: [Cause]
    package var fixes: [Fix]
    package var questions: [Question]
    package var signatures: [Signature]
    package var providers: [Provider]
    package var symptoms: [Symptom]
    package var practices: [Practice]

    private var factIndex: [String: Int]
    private var causeIndex: [String: Int]
    private var fixIndex: [String: Int]
    private var providerIndex: [String: Int]

    package init(
        facts: [FactDefinition] = [], causes: [Cause] = [], fixes: [Fix] = [],
        questions: [Question] = [], signatures: [Signature] = [],
        providers: [Provider] = [], symptoms: [Symptom] = [],
        practices: [Practice] = []
    ) {
        self.facts = facts
        self.causes = causes
        self.fixes = fixes
        self.questions = questions
        self.signatures = signatures
        self.providers = providers
        self.symptoms = symptoms
        self.practices = practices
        factIndex = KnowledgeBase.index(facts.map(\.id))
        causeIndex = KnowledgeBase.index(causes.map(\.id))
        fixIndex = KnowledgeBase.index(fixes.map(\.id))
        providerIndex = KnowledgeBase.index(providers.map(\.id))
    }

    package func fact(_ id: String) -> FactDefinition? { factIndex[id].map { facts[$0] } }
    package func cause(_ id: String) -> Cause? { causeIndex[id].map { causes[$0] } }
    package func fix(_ id: String) -> Fix? { fixIndex[id].map { fixes[$0] } }
    package func provider(_ id: String) -> Provider? { providerIndex[id].map { providers[$0] } }

    /// The first occurrence wins, so a duplicate id (a lint error) cannot hide the original.
    private static func index(_ ids: [String]) -> [String: Int] {
        var index: [String: Int] = [:]
        for (position, id) in ids.enumerated() where index[id] == nil { index[id] = position }
        return index
    }
}

/// The probes the rules may name. The Probes module registers one probe per name.
package enum ProbeName: String, CaseIterable, Sendable {
    case odooConfig = "odoo-config"
    case odooServer = "odoo-server"
    case dns, tcp, smtp, tls, clock
}

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
    package var replyCodes: [ReplyCode]
    package var descriptions: [Description]
    /// The DNS blocklists the dnsbl probe asks (rules/blocklists.yaml).
    package var blocklists: [Blocklist] = []
    /// The reader's back-off, trained from the signatures' examples and the descriptions when
    /// the rules are compiled (nil for a knowledge base built by hand without one). Read from
    /// the compiled cache on first use: only text no signature recognises needs it.
    package var classifier: TextClassifier? {
        get { classifierStorage.value }
        set { classifierStorage = OnFirstUse(value: newValue) }
    }
    private var classifierStorage: OnFirstUse<TextClassifier?>
    /// The Public Suffix List shipped beside the rules (`data/public_suffix_list.dat`), for
    /// DMARC's organizational domains when headers are read (RFC 7489 §3.2). Read lazily, so a
    /// chat turn that reads no headers never opens it; only the implicit `*` rule without it.
    package var publicSuffixes: PublicSuffixList = .defaultRuleOnly
    /// The costs behind the decision to ask or to try a fix.
    package var troubleshooting: TroubleshootingModel

    private var factIndex: [String: Int]
    private var causeIndex: [String: Int]
    private var fixIndex: [String: Int]
    private var providerIndex: [String: Int]
    private var replyCodeIndex: [String: Int]

    package init(
        facts: [FactDefinition] = [], causes: [Cause] = [], fixes: [Fix] = [],
        questions: [Question] = [], signatures: [Signature] = [],
        providers: [Provider] = [], symptoms: [Symptom] = [],
        practices: [Practice] = [], replyCodes: [ReplyCode] = [],
        descriptions: [Description] = [], classifier: TextClassifier? = nil,
        troubleshooting: TroubleshootingModel = TroubleshootingModel()
    ) {
        self.facts = facts
        self.causes = causes
        self.fixes = fixes
        self.questions = questions
        self.signatures = signatures
        self.providers = providers
        self.symptoms = symptoms
        self.practices = practices
        self.replyCodes = replyCodes
        self.descriptions = descriptions
        classifierStorage = OnFirstUse(value: classifier)
        self.troubleshooting = troubleshooting
        replyCodeIndex = KnowledgeBase.index(replyCodes.map(\.code))
        factIndex = KnowledgeBase.index(facts.map(\.id))
        causeIndex = KnowledgeBase.index(causes.map(\.id))
        fixIndex = KnowledgeBase.index(fixes.map(\.id))
        providerIndex = KnowledgeBase.index(providers.map(\.id))
    }

    /// Sets the classifier to one made when it is first asked for.
    package mutating func setClassifier(onFirstUse make: @escaping @Sendable () -> TextClassifier?) {
        classifierStorage = OnFirstUse(make)
    }

    package func fact(_ id: String) -> FactDefinition? { factIndex[id].map { facts[$0] } }
    package func cause(_ id: String) -> Cause? { causeIndex[id].map { causes[$0] } }
    package func fix(_ id: String) -> Fix? { fixIndex[id].map { fixes[$0] } }
    package func provider(_ id: String) -> Provider? { providerIndex[id].map { providers[$0] } }
    package func replyCode(_ code: String) -> ReplyCode? { replyCodeIndex[code].map { replyCodes[$0] } }

    /// The back-off's training set: each signature's `match` examples labelled with the value
    /// it sets for `fact`, and the descriptions of that fact. An example's `group` names the
    /// signature or description it comes from (the classifier holds out whole groups to
    /// measure its reliability).
    package func trainingExamples(for fact: String) -> [(text: String, label: String, group: String)] {
        var examples: [(text: String, label: String, group: String)] = []
        for signature in signatures where signature.role == .reads {
            guard let value = signature.sets.first(where: { $0.fact == fact })?.value else { continue }
            examples += signature.matchExamples.map { ($0, value, "signature:\(signature.id)") }
        }
        for description in descriptions where description.fact == fact {
            examples += description.examples.map { ($0, description.value, "description:\(description.id)") }
        }
        return examples
    }

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
    case dns, tcp, smtp, tls, clock, dnsbl, ptr
}

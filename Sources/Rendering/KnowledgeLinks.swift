import KnowledgeBase

/// Relations the documentation shows but the rules do not spell out: which error signatures
/// and symptoms point to a cause, which questions and probes check it. Derived by evaluating
/// the cause's evidence, so the docs can never disagree with the engine.
struct KnowledgeLinks {
    let knowledge: KnowledgeBase
    /// Cause id -> the signatures pointing to it, and signature id -> the causes, computed once.
    private let signaturesByCause: [String: [Signature]]
    private let causesBySignature: [String: [Cause]]

    init(knowledge: KnowledgeBase) {
        self.knowledge = knowledge
        var byCause: [String: [Signature]] = [:]
        var bySignature: [String: [Cause]] = [:]
        // A wrapper frames every error alike: it points to no cause.
        for signature in knowledge.signatures where signature.role == .reads {
            var facts = Facts(matchedSignatures: [signature.id])
            for (fact, value) in signature.sets { facts[fact] = value }
            for cause in knowledge.causes
            where cause.evidence.contains(where: { $0.ratio > 1 && $0.condition.holds(for: facts) }) {
                byCause[cause.id, default: []].append(signature)
                bySignature[signature.id, default: []].append(cause)
            }
        }
        signaturesByCause = byCause
        causesBySignature = bySignature
    }

    /// Signatures whose facts alone make some evidence for the cause hold with ratio above 1.
    func signatures(pointingTo cause: Cause) -> [Signature] { signaturesByCause[cause.id] ?? [] }

    /// Symptoms whose value raises the cause.
    func symptoms(pointingTo cause: Cause) -> [Symptom] {
        knowledge.symptoms.filter { symptom in
            let facts = Facts(["symptom": symptom.id])
            return cause.evidence.contains { $0.ratio > 1 && $0.condition.holds(for: facts) }
        }
    }

    /// Questions that ask for a fact the cause's evidence reads, in rule order.
    func questions(checking cause: Cause) -> [Question] {
        let facts = cause.evidence.reduce(into: Set<String>()) { $0.formUnion($1.condition.facts) }
        return knowledge.questions.filter { facts.contains($0.fact) }
    }

    /// Probes that can check the cause: those of its questions and of its fixes' verification.
    func probes(checking cause: Cause) -> [String] {
        var probes = questions(checking: cause).compactMap(\.probe)
        probes += cause.fixes.compactMap { knowledge.fix($0)?.verifyProbe }
        var seen = Set<String>()
        return probes.filter { seen.insert($0).inserted }.sorted()
    }

    /// Causes a signature points to, in rule order.
    func causes(for signature: Signature) -> [Cause] { causesBySignature[signature.id] ?? [] }
}

import Inference
import KnowledgeBase
import Probes
import Service

/// Live probes in chatbot mode: only with --allow-probes, only the safe depth (never a login),
/// once per SMTP host, and never against loopback or private targets unless the operator said
/// --allow-private-targets too.
enum StepProbes {
    static func run(on conversation: inout Conversation, allowPrivate: Bool, rules: String) async {
        await runOnSendingAddress(&conversation, allowPrivate: allowPrivate)
        let facts = conversation.facts
        guard let host = facts.value(ProbeFacts.host), conversation.record.probedHost != host else { return }
        var context = ProbeContext(facts: facts, policy: TargetPolicy(allowPrivate: allowPrivate))
        context.publicSuffixes = PublicSuffixList.shipped(inRules: rules)
        context.use(facts.value("provider").flatMap { conversation.engine.knowledge.provider($0) })
        let outcomes = await ProbeRunner().run(context, names: ProbeContext.safeSweep)
        try? conversation.handle(.measured(ProbeFindings.measurement(outcomes, host: host)))
    }
}

extension StepProbes {
    /// Pasted headers name the sending address: its blocklists and reverse DNS, once (a fact
    /// a probe already measured is not measured again on a later turn). Private and loopback
    /// addresses are never looked up.
    static func runOnSendingAddress(_ conversation: inout Conversation, allowPrivate: Bool) async {
        let facts = conversation.facts
        guard facts.value(ProbeFacts.sendingIP) != nil else { return }
        let measured = [ProbeFacts.ipBlocklisted, ProbeFacts.ipReverseDNS].contains {
            conversation.record.answer(for: $0)?.origin == .probe
        }
        guard !measured else { return }
        let base = ProbeContext(facts: facts, policy: TargetPolicy(allowPrivate: allowPrivate))
        let context = HeadersDiagnosis.context(for: conversation, base: base)
        let outcomes = await ProbeRunner().run(context, names: [.dnsbl, .ptr])
        try? conversation.handle(.measured(ProbeFindings.measurement(outcomes, host: nil)))
    }
}

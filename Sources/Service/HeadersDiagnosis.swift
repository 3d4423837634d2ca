import Foundation
import Inference
import KnowledgeBase
import MessageHeaders
import Probes
import Rendering

/// What a received message's headers mean: the receiver's verdicts and alignment, what to
/// change, and (when probes are allowed) the blocklists, reverse DNS and DNS records of the
/// sending address and From domain, all through the same conversation as an error text.
package enum HeadersDiagnosis {
    /// The probes a header block can aim: the sending address's blocklists and reverse DNS,
    /// and the From domain's SPF (for that address), DKIM (at the signature's selector) and
    /// DMARC.
    package static let probes: Set<ProbeName> = [.dnsbl, .ptr, .dns]

    /// The probe context for the headers read into `conversation`, on top of `base` (the
    /// DNS server, timeouts and guard the caller chose).
    package static func context(for conversation: Conversation, base: ProbeContext) -> ProbeContext {
        var context = base
        let facts = conversation.facts
        context.sendingAddress = base.sendingAddress ?? facts.value(ProbeFacts.sendingIP)
        context.clientAddress = base.clientAddress ?? context.sendingAddress
        context.from = base.from ?? facts.value(ProbeFacts.from)
        context.blocklists = conversation.engine.knowledge.blocklists
        if context.publicSuffixes == nil { context.publicSuffixes = conversation.engine.knowledge.publicSuffixes }
        if let analysis = conversation.reading?.headers, let domain = analysis.fromDomain {
            // The selector the message was signed with for its own domain is the record to check.
            let selectors =
                analysis.signatures.filter { $0.domain == domain }.compactMap(\.selector)
                + analysis.dkim.filter { $0.domain == domain }.compactMap(\.selector)
            for selector in selectors where !context.dkimSelectors.contains(selector) {
                context.dkimSelectors.append(selector)
            }
        }
        if let provider = facts.value("provider").flatMap({ conversation.engine.knowledge.provider($0) }) {
            context.use(provider)
        }
        return context
    }

    /// The report, once the conversation holds the headers (and any probe measurement).
    package static func report(
        _ conversation: Conversation, outcomes: [ProbeOutcome], language: Language
    ) -> HeadersReport? {
        guard let analysis = conversation.reading?.headers else { return nil }
        let engine = conversation.engine
        var evaluation = conversation.next()
        evaluation.next = nil
        if evaluation.conclusion == nil { evaluation.conclusion = .openQuestions }
        let diagnosis = ReportBuilder(engine: engine, language: language)
            .report(for: conversation.record, evaluation: evaluation)
        let provider = evaluation.facts.value("provider").flatMap { engine.knowledge.provider($0) }
        let hint = provider.map {
            HeaderFindings.ProviderHint(name: $0.name, spfInclude: $0.spfInclude, dkimSelectors: $0.dkimSelectors)
        }
        return HeadersReport(
            language: language, receiver: analysis.receiver, from: analysis.fromAddress ?? analysis.fromDomain,
            returnPath: analysis.returnPathDomain, sendingIP: analysis.sendingIP,
            findings: HeaderFindings.findings(analysis).map {
                .init(check: $0.check, status: $0.status.rawValue, message: $0.message[language])
            },
            advice: HeaderFindings.advice(analysis, provider: hint).map { $0[language] },
            checks: outcomes.map {
                ProbeReport.Check(
                    probe: $0.probe.rawValue, check: $0.check, status: $0.status.rawValue,
                    message: $0.message[language], seconds: ($0.seconds * 100).rounded() / 100, evidence: $0.evidence)
            },
            facts: evaluation.facts.values.filter { $0.key != Facts.errorTextFact },
            causes: diagnosis.causes, otherProbability: diagnosis.otherProbability)
    }
}

import Foundation
import Inference
import KnowledgeBase
import Probes
import Rendering

/// What a probe sweep found, handed back to the conversation and put in a report: `probe`,
/// `diagnose` and the MCP `probe` tool share it.
package enum ProbeFindings {
    /// The sweep's findings as one `measured` event: measured facts (origin `probe`, so they
    /// never override what a person or a flag said), server replies (read by the signatures
    /// like pasted error text) and the SMTP host measured.
    package static func measurement(_ outcomes: [ProbeOutcome], host: String?) -> Conversation.Measurement {
        var facts: [String: String] = [:]
        for outcome in outcomes {
            facts.merge(outcome.facts) { _, later in later }
        }
        return Conversation.Measurement(facts: facts, replies: outcomes.compactMap(\.errorText), host: host)
    }

    /// The report of a sweep: each check, the facts, and the causes the findings point to
    /// when any check found a problem. `conversation` already holds the measurement.
    package static func report(
        _ outcomes: [ProbeOutcome], context: ProbeContext, conversation: Conversation, seconds: Double,
        language: Language, evidence: Bool
    ) -> ProbeReport {
        let evaluation = conversation.next()
        let diagnosis = ReportBuilder(engine: conversation.engine, language: language)
            .report(for: conversation.record, evaluation: evaluation)
        let problems = outcomes.contains { $0.status == .problem }
        return ProbeReport(
            language: language, target: describe(context),
            checks: outcomes.map { outcome in
                ProbeReport.Check(
                    probe: outcome.probe.rawValue, check: outcome.check,
                    status: outcome.status.rawValue, message: outcome.message[language],
                    seconds: (outcome.seconds * 100).rounded() / 100,
                    evidence: evidence ? outcome.evidence : [])
            },
            seconds: seconds,
            facts: evaluation.facts.values.filter { $0.key != Facts.errorTextFact },
            causes: problems ? diagnosis.causes : [])
    }

    /// The target in one line: `smtp.example.com:587 starttls, example.com`.
    package static func describe(_ context: ProbeContext) -> String {
        var parts: [String] = []
        if let host = context.host {
            parts.append("\(host):\(context.effectivePort) \(context.encryption ?? "none")")
        }
        if let domain = context.senderDomain { parts.append(domain) }
        if let url = context.odooURL { parts.append(url) }
        return parts.isEmpty ? "-" : parts.joined(separator: ", ")
    }
}

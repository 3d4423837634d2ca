import KnowledgeBase

/// What one check found: a status, a message in both languages, the facts it establishes for
/// the engine, and the raw evidence (transcript lines, certificate fields, DNS answers) for
/// `--verbose`. Passwords never reach it: transcripts are masked before they are stored.
package struct ProbeOutcome: Sendable, Equatable {
    package enum Status: String, Sendable, Codable, Comparable {
        case ok, problem, unknown

        package static func < (lhs: Status, rhs: Status) -> Bool {
            let order: [Status] = [.ok, .unknown, .problem]
            return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
        }
    }

    package var probe: ProbeName
    /// The check within the probe, e.g. `587` for tcp, `spf` for dns.
    package var check: String
    package var status: Status
    package var message: LocalizedText
    /// Facts for the engine (fact id -> value).
    package var facts: [String: String]
    /// Server text that the signatures should read (an SMTP reply, a TLS error).
    package var errorText: String?
    package var evidence: [String]
    package var seconds: Double

    package init(
        probe: ProbeName, check: String, status: Status, message: LocalizedText,
        facts: [String: String] = [:], errorText: String? = nil, evidence: [String] = [],
        seconds: Double = 0
    ) {
        self.probe = probe
        self.check = check
        self.status = status
        self.message = message
        self.facts = facts
        self.errorText = errorText
        self.evidence = evidence
        self.seconds = seconds
    }
}

extension ProbeOutcome {
    /// The outcome of a probe the target policy refused (a private address in chatbot mode).
    static func notProbed(_ probe: ProbeName, check: String, refusal: String) -> ProbeOutcome {
        ProbeOutcome(
            probe: probe, check: check, status: .unknown,
            message: LocalizedText(en: "Not probed: \(refusal).", ar: "لم يُفحص: \(refusal)."))
    }
}

import Foundation
import KnowledgeBase

/// DMARC policy discovery as a receiver does it (RFC 7489 §6.6.3): the record at
/// `_dmarc.<From domain>`, else at `_dmarc.<organizational domain>`; more than one record at
/// the name that answers means no policy applies at all, and the organizational domain's
/// `sp=` (else `p=`) governs a subdomain sender.
struct DMARCCheck {
    struct Outcome: Sendable {
        /// The name whose record applies (or was found broken), and its text.
        var recordName: String?
        var record: String?
        var parsed: DMARCRecord?
        /// The policy that applies to mail from the domain; nil when none does.
        var appliedPolicy: DMARCRecord.Policy?
        /// How many DMARC records the answering name has (more than one: none applies).
        var recordCount = 0
        var organizationalDomain: String?
        /// The DNS lookup failed, so nothing is known.
        var failure: String?
        var evidence: [String] = []
    }

    let resolver: any Resolver
    let suffixes: PublicSuffixList

    func run(domain: String) async -> Outcome {
        var outcome = Outcome()
        let name = SPFCheck.normalised(domain)
        // The organizational domain is looked up only when the sender's own name has no
        // record: most senders have one, and reading the suffix list then costs nothing.
        for index in 0..<2 {
            var candidate = name
            if index == 1 {
                outcome.organizationalDomain = suffixes.organizationalDomain(name)
                guard let organizational = outcome.organizationalDomain, organizational != name else { break }
                candidate = organizational
            }
            let answer = await resolver.records("_dmarc.\(candidate)", .txt)
            outcome.evidence.append("TXT _dmarc.\(candidate): \(answer)")
            if case .failed(let why) = answer {
                outcome.failure = why
                return outcome
            }
            let records = answer.records.filter(DMARCRecord.isDMARC)
            guard !records.isEmpty else { continue }
            outcome.recordName = "_dmarc.\(candidate)"
            outcome.recordCount = records.count
            outcome.record = records.first
            guard records.count == 1, let text = records.first else { return outcome }
            let parsed = DMARCRecord(text)
            outcome.parsed = parsed
            guard parsed.invalid == nil else { return outcome }
            outcome.appliedPolicy = index == 0 ? parsed.policy : (parsed.subdomainPolicy ?? parsed.policy)
            return outcome
        }
        return outcome
    }
}

/// The facts a header block establishes, by their names in `rules/facts-headers.yaml` (and
/// `mail.from`, `symptom` of `rules/facts.yaml`). One place, so that a test can check that the
/// rules define every one.
package enum HeaderFacts {
    package static let delivered = "headers.delivered"
    package static let spfResult = "headers.spf-result"
    package static let dkimResult = "headers.dkim-result"
    package static let dmarcResult = "headers.dmarc-result"
    package static let alignment = "headers.dmarc-alignment"
    package static let sendingIP = "mail.sending-ip"
    package static let reverseDNS = "ip.reverse-dns"
    package static let from = "mail.from"
    package static let symptom = "symptom"

    package static let all = [
        delivered, spfResult, dkimResult, dmarcResult, alignment, sendingIP, reverseDNS, from, symptom,
    ]

    /// RFC 8601 §2.7.2 (SPF, the values of RFC 7208 §2.6), §2.7.1 (DKIM), RFC 7489 §11.2 (DMARC).
    static let spfValues: Set<String> = ["pass", "fail", "softfail", "neutral", "none", "permerror", "temperror"]
    static let dkimValues: Set<String> = ["pass", "fail", "policy", "neutral", "none", "permerror", "temperror"]
    static let dmarcValues: Set<String> = ["pass", "fail", "none", "permerror", "temperror"]
}

extension HeaderAnalysis {
    /// The facts for the engine. A verdict outside the registered values (a receiver's own
    /// word) sets nothing rather than a wrong value.
    package var facts: [String: String] {
        var facts: [String: String] = [:]
        if !isBounce, verdictField != nil || !hops.isEmpty { facts[HeaderFacts.delivered] = "yes" }
        if let spf {
            // "hardfail" is some receivers' word for fail.
            let result = spf.result == "hardfail" ? "fail" : spf.result
            if HeaderFacts.spfValues.contains(result) { facts[HeaderFacts.spfResult] = result }
        }
        if let dkim = alignedDKIMResult, HeaderFacts.dkimValues.contains(dkim) { facts[HeaderFacts.dkimResult] = dkim }
        if let dmarc, HeaderFacts.dmarcValues.contains(dmarc) { facts[HeaderFacts.dmarcResult] = dmarc }
        if let alignment { facts[HeaderFacts.alignment] = alignment.rawValue }
        if let sendingIP { facts[HeaderFacts.sendingIP] = sendingIP }
        if let reverseDNS { facts[HeaderFacts.reverseDNS] = reverseDNS }
        if let fromAddress, fromAddress.contains("@") { facts[HeaderFacts.from] = fromAddress }
        if spamVerdict != nil { facts[HeaderFacts.symptom] = "emails-in-spam" }
        return facts
    }
}

import Foundation
import KnowledgeBase

/// DNS as a receiver sees it: does the SMTP host resolve, and for the sender's domain the MX,
/// SPF (evaluated), DKIM at the provider's or given selectors, and the DMARC policy.
package struct DNSProbe: Probe {
    package let name = ProbeName.dns

    package init() {}

    package func applies(to context: ProbeContext) -> Bool {
        context.host != nil || context.senderDomain != nil
    }

    package func run(_ context: ProbeContext) async -> [ProbeOutcome] {
        let resolver = context.resolver
        let clock = ContinuousClock()
        let start = clock.now
        var outcomes: [ProbeOutcome] = []
        if let host = context.host, let refusal = await context.refusal(for: host) {
            // In chatbot mode a private or unknown name gets the one answer the other probes
            // give, never its addresses: which internal names exist is not the user's to learn.
            outcomes.append(.notProbed(name, check: "host", refusal: refusal))
        } else if let host = context.host, !TargetPolicy.isNumeric(host), host != "localhost" {
            outcomes.append(await hostCheck(host, resolver: resolver))
        }
        if let domain = context.senderDomain {
            async let spf = spfCheck(domain, context: context, resolver: resolver)
            async let dkim = dkimCheck(domain, context: context, resolver: resolver)
            async let dmarc = dmarcCheck(domain, resolver: resolver)
            async let mx = mxCheck(domain, resolver: resolver)
            outcomes += await [mx, spf, dkim, dmarc].compactMap { $0 }
        }
        let seconds = (clock.now - start).seconds
        return outcomes.map {
            var outcome = $0
            outcome.seconds = seconds
            return outcome
        }
    }

    /// Does the host resolve, the way the connection will resolve it (the system's resolver,
    /// /etc/hosts included, or `--dns-server`): the DNS check must never say "does not
    /// resolve" about a host the TCP and SMTP probes have just reached.
    func hostCheck(_ host: String, resolver: any Resolver) async -> ProbeOutcome {
        let answer = await resolver.addresses(host)
        let via = resolver.name
        switch answer {
        case .addresses(let addresses):
            return ProbeOutcome(
                probe: name, check: "host", status: .ok,
                message: LocalizedText(
                    en: "\(host) resolves to \(addresses.prefix(3).joined(separator: ", "))",
                    ar: "\(host) يُحل إلى \(addresses.prefix(3).joined(separator: "، "))"),
                facts: [ProbeFacts.dnsHostResolves: "yes"],
                evidence: ["\(host) via \(via): \(addresses.joined(separator: ", "))"])
        case .failed(let why):
            return ProbeOutcome(
                probe: name, check: "host", status: .unknown,
                message: LocalizedText(
                    en: "could not look up \(host): \(why)",
                    ar: "تعذّر الاستعلام عن \(host): \(why)"),
                evidence: ["\(host) via \(via): \(why)"])
        case .notFound(let why):
            return ProbeOutcome(
                probe: name, check: "host", status: .problem,
                message: LocalizedText(
                    en: "\(host) does not resolve (no A or AAAA record)",
                    ar: "اسم الخادم \(host) لا يُحل (لا يوجد سجل A أو AAAA)"),
                facts: [ProbeFacts.dnsHostResolves: "no", ProbeFacts.errorKind: "host-not-found"],
                errorText: "socket.gaierror: [Errno -2] Name or service not known",
                evidence: ["\(host) via \(via): \(why)"])
        }
    }

    func mxCheck(_ domain: String, resolver: any Resolver) async -> ProbeOutcome? {
        let answer = await resolver.records(domain, .mx)
        let records = answer.records
        return ProbeOutcome(
            probe: name, check: "mx", status: records.isEmpty ? .unknown : .ok,
            message: LocalizedText(
                en: records.isEmpty
                    ? "\(domain) has no MX record" : "MX of \(domain): \(records.joined(separator: ", "))",
                ar: records.isEmpty
                    ? "لا يوجد سجل MX للنطاق \(domain)"
                    : "سجلات MX للنطاق \(domain): \(records.joined(separator: "، "))"),
            evidence: ["MX \(domain): \(answer)"])
    }

    func spfCheck(_ domain: String, context: ProbeContext, resolver: any Resolver) async -> ProbeOutcome? {
        let result = await SPFEvaluator(resolver: resolver).evaluate(
            domain: domain,
            providerInclude: context.spfInclude)
        var facts = [ProbeFacts.dnsSpfOk: result.ok ? "yes" : "no"]
        if result.lookups > SPFEvaluator.Result.lookupLimit { facts[ProbeFacts.dnsSpfLookupsExceeded] = "yes" }
        let evidence = [
            "record: \(result.record ?? "none") (\(result.recordCount) found)",
            "lookups: \(result.lookups), void lookups: \(result.voidLookups)",
            "includes: \(result.includes.joined(separator: ", "))",
        ]
        if result.ok {
            return ProbeOutcome(
                probe: name, check: "spf", status: .ok,
                message: LocalizedText(
                    en: "SPF of \(domain) is valid (\(result.lookups) lookups)",
                    ar: "سجل SPF للنطاق \(domain) سليم (\(result.lookups) استعلامات)"),
                facts: facts, evidence: evidence)
        }
        let problems = result.problems.joined(separator: "; ")
        return ProbeOutcome(
            probe: name, check: "spf", status: .problem,
            message: LocalizedText(
                en: "SPF of \(domain): \(problems)",
                ar: "سجل SPF للنطاق \(domain): \(Self.arabic(result))"),
            facts: facts, evidence: evidence)
    }

    static func arabic(_ result: SPFEvaluator.Result) -> String {
        var parts: [String] = []
        if result.recordCount == 0 { parts.append("لا يوجد سجل SPF") }
        if result.recordCount > 1 { parts.append("يوجد \(result.recordCount) سجلات SPF والمسموح سجل واحد") }
        if result.includesProvider == false { parts.append("لا يتضمن نطاق المزوّد") }
        if result.lookups > SPFEvaluator.Result.lookupLimit {
            parts.append("\(result.lookups) استعلام DNS والحد الأقصى 10")
        }
        if result.voidLookups > SPFEvaluator.Result.voidLimit {
            parts.append("\(result.voidLookups) استعلامات فارغة والحد الأقصى 2")
        }
        if result.plusAll { parts.append("+all يسمح لأي أحد بالإرسال باسم النطاق") }
        return parts.joined(separator: "؛ ")
    }

    func dkimCheck(_ domain: String, context: ProbeContext, resolver: any Resolver) async -> ProbeOutcome? {
        let selectors = context.dkimSelectors
        guard !selectors.isEmpty else { return nil }
        var found: [String] = []
        var evidence: [String] = []
        for selector in selectors {
            let name = "\(selector)._domainkey.\(domain)"
            let answer = await resolver.records(name, .txt)
            evidence.append("TXT \(name): \(answer)")
            if answer.records.contains(where: { $0.contains("p=") }) { found.append(selector) }
        }
        if !found.isEmpty {
            return ProbeOutcome(
                probe: name, check: "dkim", status: .ok,
                message: LocalizedText(
                    en: "DKIM key found at selector \(found.joined(separator: ", "))",
                    ar: "وُجد مفتاح DKIM عند المحدد \(found.joined(separator: "، "))"),
                facts: [ProbeFacts.dnsDkimOk: "yes"], evidence: evidence)
        }
        return ProbeOutcome(
            probe: name, check: "dkim", status: .problem,
            message: LocalizedText(
                en: "no DKIM key at selector \(selectors.joined(separator: ", "))",
                ar: "لا يوجد مفتاح DKIM عند المحدد \(selectors.joined(separator: "، "))"),
            facts: [ProbeFacts.dnsDkimOk: "no"], evidence: evidence)
    }

    func dmarcCheck(_ domain: String, resolver: any Resolver) async -> ProbeOutcome? {
        let answer = await resolver.records("_dmarc.\(domain)", .txt)
        let record = answer.records.first { $0.lowercased().hasPrefix("v=dmarc1") }
        guard let record else {
            return ProbeOutcome(
                probe: name, check: "dmarc", status: .problem,
                message: LocalizedText(
                    en: "\(domain) has no DMARC record",
                    ar: "لا يوجد سجل DMARC للنطاق \(domain)"),
                facts: [ProbeFacts.dnsDmarcPresent: "no"], evidence: ["TXT _dmarc.\(domain): \(answer)"])
        }
        let policy =
            record.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            .first { $0.lowercased().hasPrefix("p=") }.map { String($0.dropFirst(2)).lowercased() } ?? "none"
        return ProbeOutcome(
            probe: name, check: "dmarc", status: .ok,
            message: LocalizedText(
                en: "DMARC policy of \(domain): p=\(policy)",
                ar: "سياسة DMARC للنطاق \(domain): p=\(policy)"),
            facts: [ProbeFacts.dnsDmarcPresent: "yes", ProbeFacts.dnsDmarcPolicy: policy],
            evidence: ["TXT _dmarc.\(domain): \(record)"])
    }
}

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
            async let dmarc = dmarcCheck(domain, context: context, resolver: resolver)
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

    /// The MX hosts, and whether one is an alias: RFC 5321 §5.1 and RFC 2181 §10.3 require an MX
    /// to name a host with its own A or AAAA record, never a CNAME; some senders refuse it.
    func mxCheck(_ domain: String, resolver: any Resolver) async -> ProbeOutcome? {
        let answer = await resolver.records(domain, .mx)
        let records = answer.records
        var evidence = ["MX \(domain): \(answer)"]
        guard !records.isEmpty else {
            return ProbeOutcome(
                probe: name, check: "mx", status: .unknown,
                message: LocalizedText(
                    en: "\(domain) has no MX record", ar: "لا يوجد سجل MX للنطاق \(domain)"),
                evidence: evidence)
        }
        var aliases: [String] = []
        for record in records {
            guard let host = record.split(separator: " ").last.map(String.init) else { continue }
            let cname = await resolver.records(host, .cname)
            if let target = cname.records.first {
                aliases.append("\(host) → \(target)")
                evidence.append("CNAME \(host): \(target)")
            }
        }
        if !aliases.isEmpty {
            return ProbeOutcome(
                probe: name, check: "mx", status: .problem,
                message: LocalizedText(
                    en: "an MX of \(domain) points to a CNAME (\(aliases.joined(separator: ", "))): RFC 5321 §5.1 "
                        + "and RFC 2181 §10.3 forbid it and some servers refuse to deliver to it. Fix: point the MX "
                        + "at the host name the alias leads to",
                    ar: "سجل MX للنطاق \(domain) يشير إلى اسم مستعار CNAME (\(aliases.joined(separator: "، "))): "
                        + "يمنع ذلك RFC 5321 §5.1 وRFC 2181 §10.3، وبعض الخوادم ترفض التسليم إليه. الحل: اجعل MX "
                        + "يشير إلى اسم الخادم الذي يقود إليه الاسم المستعار"),
                facts: [ProbeFacts.dnsMxCname: "yes"], evidence: evidence)
        }
        return ProbeOutcome(
            probe: name, check: "mx", status: .ok,
            message: LocalizedText(
                en: "MX of \(domain): \(records.joined(separator: ", "))",
                ar: "سجلات MX للنطاق \(domain): \(records.joined(separator: "، "))"),
            facts: [ProbeFacts.dnsMxCname: "no"], evidence: evidence)
    }

    func spfCheck(_ domain: String, context: ProbeContext, resolver: any Resolver) async -> ProbeOutcome? {
        let result = await SPFEvaluator(resolver: resolver).evaluate(
            domain: domain, providerInclude: context.spfInclude, clientAddress: context.clientAddress)
        let walk = result.walk
        var facts = [ProbeFacts.dnsSpfOk: result.ok ? "yes" : "no"]
        // Without a client address only a verdict every client gets is a fact: none, permerror,
        // temperror, or pass through +all (softfail for an unlisted client says nothing).
        if let client = result.client {
            facts[ProbeFacts.dnsSpfResult] = client.result.rawValue
        } else if [.none, .permerror, .temperror, .pass].contains(walk.result) {
            facts[ProbeFacts.dnsSpfResult] = walk.result.rawValue
        }
        facts[ProbeFacts.dnsSpfLookupsExceeded] = walk.lookups > SPFCheck.lookupLimit ? "yes" : "no"
        var evidence = [
            "record: \(walk.record ?? "none") (\(walk.recordCount) found)",
            "check_host for an unlisted client: \(walk.result.rawValue)",
            "lookups: \(walk.lookups), void lookups: \(walk.voidLookups)",
            "includes and redirects: \(walk.targets.joined(separator: ", "))",
        ]
        if !walk.unnamedTargets.isEmpty {
            evidence.append("named only with a client address: \(walk.unnamedTargets.joined(separator: ", "))")
        }
        var findings: [LocalizedText] = []
        if let problem = walk.problem { findings.append(DNSFindings.spf(problem, domain: domain)) }
        if let via = walk.passAllVia { findings.append(DNSFindings.plusAll(domain: domain, via: via)) }
        if result.includesProvider == false, let include = result.providerInclude {
            findings.append(DNSFindings.notIncluded(include))
        }
        if let client = result.client {
            evidence.append("check_host for \(client.address): \(client.result.rawValue)")
            if client.result != .pass { findings.append(DNSFindings.clientVerdict(client.address, client.result)) }
        }
        if findings.isEmpty {
            let via =
                result.includesProvider == nil && result.providerInclude != nil
                ? LocalizedText(
                    en: "; whether it includes \(result.providerInclude!) depends on the sending address",
                    ar: "؛ وتضمينه \(result.providerInclude!) يتوقف على عنوان الإرسال")
                : LocalizedText(en: "", ar: "")
            return ProbeOutcome(
                probe: name, check: "spf", status: .ok,
                message: LocalizedText(
                    en: "SPF of \(domain) is valid (\(walk.lookups) lookups)\(via.en)",
                    ar: "سجل SPF للنطاق \(domain) سليم (\(walk.lookups) استعلامات)\(via.ar)"),
                facts: facts, evidence: evidence)
        }
        let status: ProbeOutcome.Status = walk.result == .temperror ? .unknown : .problem
        return ProbeOutcome(
            probe: name, check: "spf", status: status,
            message: LocalizedText(
                en: "SPF of \(domain): \(findings.map(\.en).joined(separator: "; "))",
                ar: "سجل SPF للنطاق \(domain): \(findings.map(\.ar).joined(separator: "؛ "))"),
            facts: facts, evidence: evidence)
    }

    /// Each selector's key record read as a verifier reads it (RFC 6376 §3.6.1): a revoked, a
    /// broken or a too-small key is no key.
    func dkimCheck(_ domain: String, context: ProbeContext, resolver: any Resolver) async -> ProbeOutcome? {
        let selectors = context.dkimSelectors
        guard !selectors.isEmpty else { return nil }
        var found: [String] = []
        var broken: [(en: String, ar: String)] = []
        var evidence: [String] = []
        for selector in selectors {
            let name = "\(selector)._domainkey.\(domain)"
            let answer = await resolver.records(name, .txt)
            evidence.append("TXT \(name): \(answer)")
            // Several TXT strings at a selector: the key record is the one with a p= tag.
            guard let text = answer.records.first(where: { $0.contains("p=") }) ?? answer.records.first else {
                continue
            }
            let record = DKIMKeyRecord(text)
            switch record.status {
            case .key(let type, let bits) where type == "rsa" && bits < DKIMKeyRecord.minimumRSABits:
                broken.append(
                    (
                        "the key at \(selector) is RSA \(bits) bits: verifiers refuse keys under 1024 bits "
                            + "(RFC 8301) and the signature counts as none. Fix: publish a 2048-bit key",
                        "المفتاح عند \(selector) من نوع RSA بطول \(bits) بت: يرفض المتحققون المفاتيح الأقل من 1024 بت "
                            + "(RFC 8301) فيُعامل التوقيع كأنه غير موجود. الحل: انشر مفتاحاً بطول 2048 بت"
                    ))
            case .key(let type, let bits):
                found.append("\(selector) (\(type) \(bits) bits)")
            case .revoked:
                broken.append(
                    (
                        "the key at \(selector) is revoked (empty p=): every signature with this selector fails "
                            + "(RFC 6376 §3.6.1). Fix: publish the provider's current key, or sign with another selector",
                        "المفتاح عند \(selector) ملغى (p= فارغ): يفشل كل توقيع بهذا المحدد (RFC 6376 §3.6.1). الحل: "
                            + "انشر المفتاح الحالي من المزوّد أو وقّع بمحدد آخر"
                    ))
            case .invalid(let why):
                broken.append(
                    (
                        "the record at \(selector) is not a usable DKIM key: \(why). Verifiers treat the signature "
                            + "as failed (permfail). Fix: copy the record again exactly as the provider gives it",
                        "السجل عند \(selector) ليس مفتاح DKIM صالحاً: \(record.arabicReason ?? why). يعامل المتحققون التوقيع كتوقيع فاشل "
                            + "(permfail). الحل: انسخ السجل من جديد كما يعطيه المزوّد تماماً"
                    ))
            }
        }
        if !found.isEmpty {
            return ProbeOutcome(
                probe: name, check: "dkim", status: .ok,
                message: LocalizedText(
                    en: "DKIM key found at selector \(found.joined(separator: ", "))",
                    ar: "وُجد مفتاح DKIM عند المحدد \(found.joined(separator: "، "))"),
                facts: [ProbeFacts.dnsDkimOk: "yes"], evidence: evidence)
        }
        if !broken.isEmpty {
            return ProbeOutcome(
                probe: name, check: "dkim", status: .problem,
                message: LocalizedText(
                    en: "DKIM: \(broken.map(\.en).joined(separator: "; "))",
                    ar: "DKIM: \(broken.map(\.ar).joined(separator: "؛ "))"),
                facts: [ProbeFacts.dnsDkimOk: "no"], evidence: evidence)
        }
        return ProbeOutcome(
            probe: name, check: "dkim", status: .problem,
            message: LocalizedText(
                en: "no DKIM key at selector \(selectors.joined(separator: ", "))",
                ar: "لا يوجد مفتاح DKIM عند المحدد \(selectors.joined(separator: "، "))"),
            facts: [ProbeFacts.dnsDkimOk: "no"], evidence: evidence)
    }

    func dmarcCheck(_ domain: String, context: ProbeContext, resolver: any Resolver) async -> ProbeOutcome? {
        let check = DMARCCheck(resolver: resolver, suffixes: context.publicSuffixes ?? .defaultRuleOnly)
        let outcome = await check.run(domain: domain)
        var evidence = outcome.evidence
        if let organizational = outcome.organizationalDomain {
            evidence.append("organizational domain: \(organizational)")
        }
        if let failure = outcome.failure {
            return ProbeOutcome(
                probe: name, check: "dmarc", status: .unknown,
                message: LocalizedText(
                    en: "could not look up the DMARC record of \(domain): \(failure)",
                    ar: "تعذّر الاستعلام عن سجل DMARC للنطاق \(domain): \(failure)"),
                evidence: evidence)
        }
        guard let recordName = outcome.recordName else {
            return ProbeOutcome(
                probe: name, check: "dmarc", status: .problem,
                message: LocalizedText(
                    en: "\(domain) has no DMARC record: Gmail and Yahoo require one from bulk senders, and receivers "
                        + "apply no policy of yours. Fix: publish a TXT record at _dmarc.\(domain) such as "
                        + "'v=DMARC1; p=none; rua=mailto:you@\(domain)', then tighten p= once reports are clean",
                    ar: "لا يوجد سجل DMARC للنطاق \(domain): تشترطه Gmail وYahoo على المرسلين بكثرة، ولا تطبّق الخوادم "
                        + "المستقبِلة أي سياسة لك. الحل: انشر سجل TXT عند _dmarc.\(domain) مثل "
                        + "'v=DMARC1; p=none; rua=mailto:you@\(domain)' ثم شدّد p= حين تصبح التقارير سليمة"),
                facts: [ProbeFacts.dnsDmarcPresent: "no"], evidence: evidence)
        }
        if outcome.recordCount > 1 {
            return ProbeOutcome(
                probe: name, check: "dmarc", status: .problem,
                message: LocalizedText(
                    en: "\(recordName) has \(outcome.recordCount) DMARC records: receivers apply none of them "
                        + "(RFC 7489 §6.6.3), as if there were no DMARC. Fix: keep exactly one",
                    ar: "يوجد \(outcome.recordCount) سجلات DMARC عند \(recordName): لا تطبّق الخوادم المستقبِلة أياً منها "
                        + "(RFC 7489 §6.6.3) كأن النطاق بلا DMARC. الحل: أبقِ سجلاً واحداً فقط"),
                facts: [ProbeFacts.dnsDmarcPresent: "no"], evidence: evidence)
        }
        let parsed = outcome.parsed!
        evidence.append("TXT \(recordName): \(outcome.record ?? "")")
        if let invalid = parsed.invalid {
            return ProbeOutcome(
                probe: name, check: "dmarc", status: .problem,
                message: LocalizedText(
                    en: "the DMARC record at \(recordName) is invalid: \(invalid.en). Receivers apply no DMARC policy "
                        + "(RFC 7489 §6.6.3). Fix: write it as 'v=DMARC1; p=none|quarantine|reject; ...', tags "
                        + "separated by ';'",
                    ar: "سجل DMARC عند \(recordName) غير صالح: \(invalid.ar). لا تطبّق الخوادم المستقبِلة أي سياسة DMARC "
                        + "(RFC 7489 §6.6.3). الحل: اكتبه بالشكل 'v=DMARC1; p=none|quarantine|reject; ...' مع "
                        + "فصل الوسوم بـ ';'"),
                facts: [ProbeFacts.dnsDmarcPresent: "no"], evidence: evidence)
        }
        let policy = outcome.appliedPolicy ?? .none
        let inherited = recordName != "_dmarc.\(SPFCheck.normalised(domain))"
        let source =
            inherited
            ? LocalizedText(
                en:
                    " (from the organizational domain's \(recordName), \(parsed.subdomainPolicy == nil ? "p=" : "sp="))",
                ar: " (من سجل النطاق التنظيمي \(recordName)، \(parsed.subdomainPolicy == nil ? "p=" : "sp="))")
            : LocalizedText(en: "", ar: "")
        let alignment =
            "adkim=\(parsed.dkimAlignment.rawValue) aspf=\(parsed.spfAlignment.rawValue)"
            + (parsed.percent < 100 ? " pct=\(parsed.percent)" : "")
        evidence.append("alignment: \(alignment)")
        let warnings = parsed.warnings.isEmpty ? "" : "; \(parsed.warnings.map(\.en).joined(separator: "; "))"
        let warningsAr = parsed.warnings.isEmpty ? "" : "؛ \(parsed.warnings.map(\.ar).joined(separator: "؛ "))"
        return ProbeOutcome(
            probe: name, check: "dmarc", status: .ok,
            message: LocalizedText(
                en: "DMARC policy of \(domain): p=\(policy.rawValue)\(source.en), \(alignment)\(warnings)",
                ar: "سياسة DMARC للنطاق \(domain): p=\(policy.rawValue)\(source.ar)، \(alignment)\(warningsAr)"),
            facts: [ProbeFacts.dnsDmarcPresent: "yes", ProbeFacts.dnsDmarcPolicy: policy.rawValue],
            evidence: evidence)
    }
}

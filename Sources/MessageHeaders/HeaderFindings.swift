import KnowledgeBase

/// What the headers say, in English and Arabic: each verdict with the domain it is for and
/// how it stands against the From domain, then what to change. One place, so the wording is
/// the same in the `headers` report, the docs and the tests.
package enum HeaderFindings {
    /// One line of the reading: `check` is `receiver`, `spf`, `dkim`, `dmarc`, `alignment`,
    /// `sending-ip`, `reverse-dns` or `spam`.
    package struct Finding: Sendable, Equatable {
        package enum Status: String, Sendable { case ok, problem, unknown }
        package var check: String
        package var status: Status
        package var message: LocalizedText
    }

    /// The sending provider as the catalog knows it, for advice that names its include and
    /// selectors.
    package struct ProviderHint: Sendable {
        package var name: String
        package var spfInclude: String?
        package var dkimSelectors: [String]

        package init(name: String, spfInclude: String?, dkimSelectors: [String]) {
            self.name = name
            self.spfInclude = spfInclude
            self.dkimSelectors = dkimSelectors
        }
    }

    package static func findings(_ a: HeaderAnalysis) -> [Finding] {
        var out: [Finding] = []
        let from = a.fromDomain ?? "?"
        if let receiver = a.receiver ?? a.verdictField.map({ _ in "?" }) {
            let field = a.verdictField ?? "Authentication-Results"
            out.append(
                Finding(
                    check: "receiver", status: .ok,
                    message: LocalizedText(
                        en: "Verdicts of \(receiver == "?" ? "the receiving server" : receiver) (\(field))",
                        ar: "أحكام \(receiver == "?" ? "الخادم المستقبِل" : "الخادم المستقبِل \(receiver)") (\(field))")))
        } else {
            out.append(
                Finding(
                    check: "receiver", status: .unknown,
                    message: LocalizedText(
                        en: "No Authentication-Results or Received-SPF field: the receiver's verdicts are not in "
                            + "these headers (paste the whole header block, from the top)",
                        ar: "لا يوجد حقل Authentication-Results ولا Received-SPF: أحكام الخادم المستقبِل ليست في هذه "
                            + "الترويسات (الصق كتلة الترويسات كاملةً من أولها)")))
        }
        if let spf = a.spf {
            let domain = spf.domain ?? "?"
            let align = alignmentWords(spf, from: from)
            let status: Finding.Status = spf.result == "pass" ? .ok : (spf.result == "temperror" ? .unknown : .problem)
            out.append(
                Finding(
                    check: "spf", status: status,
                    message: LocalizedText(
                        en:
                            "SPF \(spf.result) for \(domain) (the envelope sender, Return-Path): \(spfMeaning(spf.result).en)"
                            + "; \(align.en)",
                        ar:
                            "نتيجة SPF ‏\(spf.result) للنطاق \(domain) (مرسِل الظرف، Return-Path): \(spfMeaning(spf.result).ar)"
                            + "؛ \(align.ar)")))
        }
        for dkim in a.dkim {
            guard let domain = dkim.domain else {
                // Some verifiers write dkim=fail for a message without any signature.
                out.append(
                    Finding(
                        check: "dkim", status: dkim.result == "pass" ? .ok : .problem,
                        message: LocalizedText(
                            en: "DKIM \(dkim.result) without a signing domain: the message carries no usable signature",
                            ar: "نتيجة DKIM ‏\(dkim.result) بلا نطاق توقيع: لا تحمل الرسالة توقيعاً صالحاً")))
                continue
            }
            let selector = dkim.selector.map { " s=\($0)" } ?? ""
            let reason = dkim.reason.map { " (\($0))" } ?? ""
            let align = alignmentWords(dkim, from: from)
            out.append(
                Finding(
                    check: "dkim", status: dkim.result == "pass" ? .ok : .problem,
                    message: LocalizedText(
                        en: "DKIM \(dkim.result)\(reason) for d=\(domain)\(selector); \(align.en)",
                        ar: "نتيجة DKIM ‏\(dkim.result)\(reason) للتوقيع d=\(domain)\(selector)؛ \(align.ar)")))
        }
        if a.dkim.isEmpty && a.verdictField?.hasSuffix("Authentication-Results") == true {
            let signed = a.signatures.compactMap(\.domain)
            out.append(
                Finding(
                    check: "dkim", status: signed.isEmpty ? .problem : .unknown,
                    message: signed.isEmpty
                        ? LocalizedText(
                            en: "no DKIM signature: the message was not signed",
                            ar: "لا يوجد توقيع DKIM: الرسالة غير موقّعة")
                        : LocalizedText(
                            en: "signed by d=\(signed.joined(separator: ", ")), but the receiver wrote no DKIM verdict",
                            ar:
                                "موقّعة بالنطاق d=\(signed.joined(separator: "، "))، لكن الخادم المستقبِل لم يكتب حكماً لـ DKIM"
                        )))
        }
        if let dmarc = a.dmarc {
            let policy = a.dmarcPolicy.map { " (p=\($0))" } ?? ""
            out.append(
                Finding(
                    check: "dmarc", status: dmarc == "pass" ? .ok : .problem,
                    message: LocalizedText(
                        en: "DMARC \(dmarc)\(policy) for the From domain \(from): \(dmarcMeaning(dmarc).en)",
                        ar: "نتيجة DMARC ‏\(dmarc)\(policy) لنطاق المرسِل \(from): \(dmarcMeaning(dmarc).ar)")))
        }
        if let alignment = a.alignment {
            out.append(alignmentFinding(alignment, a))
        }
        if let ip = a.sendingIP {
            let hop = a.sendingHop
            let name = hop?.reverseName.map { $0 == "unknown" ? "" : " (\($0))" } ?? ""
            let via = a.sendingIPSource ?? "Received"
            out.append(
                Finding(
                    check: "sending-ip", status: .ok,
                    message: LocalizedText(
                        en: "sent from \(ip)\(name), as \(via) gives it",
                        ar: "أُرسلت من العنوان \(ip)\(name)، كما يذكره الحقل \(via)")))
        } else if let invalid = a.invalidSendingIP {
            out.append(
                Finding(
                    check: "sending-ip", status: .unknown,
                    message: LocalizedText(
                        en: "the sending address in the headers, \(invalid), is not a valid IP address (edited before "
                            + "pasting?): blocklists and reverse DNS cannot be checked",
                        ar: "عنوان الإرسال في الترويسات \(invalid) ليس عنوان IP صالحاً (هل عُدّل قبل اللصق؟): لا يمكن "
                            + "فحص قوائم الحظر ولا Reverse DNS")))
        }
        switch a.reverseDNS {
        case "missing":
            out.append(
                Finding(
                    check: "reverse-dns", status: .problem,
                    message: LocalizedText(
                        en: "the receiver found no reverse DNS (PTR) name for \(a.sendingIP ?? "the sending address")",
                        ar: "لم يجد الخادم المستقبِل اسماً عكسياً (PTR) للعنوان \(a.sendingIP ?? "المرسِل")")))
        case "unconfirmed":
            out.append(
                Finding(
                    check: "reverse-dns", status: .problem,
                    message: LocalizedText(
                        en:
                            "iprev \(a.iprev ?? "fail"): the PTR name of \(a.sendingIP ?? "the sending address") does not "
                            + "resolve back to it (RFC 8601 §2.7.3)",
                        ar:
                            "نتيجة iprev ‏\(a.iprev ?? "fail"): اسم PTR للعنوان \(a.sendingIP ?? "المرسِل") لا يُحل عائداً "
                            + "إليه (RFC 8601 §2.7.3)")))
        case "confirmed":
            out.append(
                Finding(
                    check: "reverse-dns", status: .ok,
                    message: LocalizedText(
                        en: "iprev pass: the sending address has a forward-confirmed PTR name",
                        ar: "نتيجة iprev ‏pass: لعنوان الإرسال اسم PTR مؤكَّد بالاتجاهين")))
        default: break
        }
        if let spam = a.spamVerdict {
            out.append(
                Finding(
                    check: "spam", status: .problem,
                    message: LocalizedText(
                        en: "the receiver filed it as spam (\(spam))",
                        ar: "صنّفها الخادم المستقبِل بريداً عشوائياً (\(spam))")))
        }
        if a.isBounce {
            out.append(
                Finding(
                    check: "delivery", status: .problem,
                    message: LocalizedText(
                        en: "this is a bounce quoting the original message: it was not delivered",
                        ar: "هذه رسالة ارتداد تقتبس الرسالة الأصلية: لم تُسلَّم")))
        }
        return out
    }

    static func alignmentWords(_ id: HeaderAnalysis.Identifier, from: String) -> LocalizedText {
        guard id.domain != nil else {
            return LocalizedText(en: "no domain to align", ar: "لا يوجد نطاق للمقارنة")
        }
        if id.strict {
            return LocalizedText(
                en: "aligned with From (\(from)), strict and relaxed",
                ar: "متوافق مع نطاق المرسِل (\(from)) بالنمطين الصارم والمرن")
        }
        if id.relaxed {
            return LocalizedText(
                en: "aligned with From (\(from)) in relaxed mode only (same organizational domain), not strict",
                ar: "متوافق مع نطاق المرسِل (\(from)) بالنمط المرن فقط (النطاق التنظيمي نفسه)، لا بالصارم")
        }
        return LocalizedText(
            en: "not aligned with From (\(from)), neither relaxed nor strict",
            ar: "غير متوافق مع نطاق المرسِل (\(from))، لا بالنمط المرن ولا بالصارم")
    }

    static func spfMeaning(_ result: String) -> LocalizedText {
        switch result {
        case "pass": return LocalizedText(en: "the sending server is authorised", ar: "الخادم المرسِل مصرّح له")
        case "fail", "hardfail":
            return LocalizedText(
                en: "the domain's SPF record does not authorise the sending server",
                ar: "سجل SPF للنطاق لا يصرّح للخادم المرسِل")
        case "softfail":
            return LocalizedText(
                en: "the record says the server is probably not authorised (~all)",
                ar: "السجل يقول إن الخادم غالباً غير مصرّح له (~all)")
        case "neutral":
            return LocalizedText(
                en: "the record says nothing about the server (?all)", ar: "السجل لا يقول شيئاً عن الخادم (?all)")
        case "none": return LocalizedText(en: "the domain has no SPF record", ar: "لا يوجد سجل SPF للنطاق")
        case "permerror":
            return LocalizedText(en: "the SPF record is broken (permerror)", ar: "سجل SPF معطوب (permerror)")
        case "temperror":
            return LocalizedText(
                en: "a DNS failure during the check (temperror)", ar: "عطل DNS أثناء الفحص (temperror)")
        default: return LocalizedText(en: "a result outside RFC 7208", ar: "نتيجة خارج RFC 7208")
        }
    }

    static func dmarcMeaning(_ result: String) -> LocalizedText {
        switch result {
        case "pass":
            return LocalizedText(
                en: "SPF or DKIM passed for a domain aligned with From",
                ar: "نجح SPF أو DKIM لنطاق متوافق مع نطاق المرسِل")
        case "fail":
            return LocalizedText(
                en: "neither SPF nor DKIM passed for a domain aligned with From; the domain's policy applies",
                ar: "لم ينجح SPF ولا DKIM لنطاق متوافق مع نطاق المرسِل، فتُطبَّق سياسة النطاق")
        case "none":
            return LocalizedText(en: "the From domain publishes no DMARC record", ar: "نطاق المرسِل لا ينشر سجل DMARC")
        default: return LocalizedText(en: "the DMARC check could not finish", ar: "تعذّر إكمال فحص DMARC")
        }
    }

    static func alignmentFinding(_ alignment: HeaderAnalysis.Alignment, _ a: HeaderAnalysis) -> Finding {
        let from = a.fromDomain ?? "?"
        switch alignment {
        case .aligned:
            let relaxed = a.alignedOnlyRelaxed
            return Finding(
                check: "alignment", status: .ok,
                message: relaxed
                    ? LocalizedText(
                        en: "DMARC alignment: a domain that passed shares \(from)'s organizational domain (relaxed "
                            + "alignment; a record with adkim=s or aspf=s would fail it)",
                        ar: "توافق DMARC: نطاق ناجح يشترك مع \(from) في النطاق التنظيمي (توافق مرن؛ السجل الذي فيه "
                            + "adkim=s أو aspf=s يُفشله)")
                    : LocalizedText(
                        en: "DMARC alignment: \(from) itself passed", ar: "توافق DMARC: نجح النطاق \(from) نفسه"))
        case .misaligned:
            let passing = Set(([a.spf].compactMap { $0 } + a.dkim).filter { $0.result == "pass" }.compactMap(\.domain))
                .sorted().joined(separator: ", ")
            if a.alignedOnlyRelaxed {
                return Finding(
                    check: "alignment", status: .problem,
                    message: LocalizedText(
                        en:
                            "DMARC alignment fails in strict mode: \(passing) passed, which is only relaxed-aligned with "
                            + "\(from), and the receiver failed DMARC",
                        ar: "يفشل توافق DMARC بالنمط الصارم: نجح \(passing)، وتوافقه مع \(from) مرن فقط، وأفشل الخادم "
                            + "المستقبِل DMARC"))
            }
            return Finding(
                check: "alignment", status: .problem,
                message: LocalizedText(
                    en: "DMARC alignment fails: only \(passing) passed, a domain other than the From domain \(from)",
                    ar: "يفشل توافق DMARC: لم ينجح إلا \(passing)، وهو نطاق غير نطاق المرسِل \(from)"))
        case .failing:
            return Finding(
                check: "alignment", status: .problem,
                message: LocalizedText(
                    en: "DMARC alignment fails: nothing passed SPF or DKIM for \(from)",
                    ar: "يفشل توافق DMARC: لم ينجح SPF ولا DKIM للنطاق \(from)"))
        }
    }
}

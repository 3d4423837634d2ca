import KnowledgeBase

extension HeaderFindings {
    /// What to change, most important first, naming the domains, selector, include and
    /// address these headers show. Empty when nothing in the headers needs changing.
    package static func advice(_ a: HeaderAnalysis, provider: ProviderHint?) -> [LocalizedText] {
        var out: [LocalizedText] = []
        let from = a.fromDomain ?? "<your domain>"
        let fromAr = a.fromDomain ?? "<نطاقك>"
        let organizational = a.fromOrganizational ?? from
        // SPF that fails for the From domain's own envelope: authorise the server.
        if let spf = a.spf, ["fail", "hardfail", "softfail", "none", "neutral", "permerror"].contains(spf.result),
            spf.relaxed || a.alignment != .aligned
        {
            let domain = spf.domain ?? from
            if spf.result == "permerror" {
                out.append(
                    LocalizedText(
                        en: "Repair the SPF record of \(domain): receivers cannot read it. Run "
                            + "'mail-doctor probe --from someone@\(domain)' to see the broken term.",
                        ar: "أصلح سجل SPF للنطاق \(domain): لا تستطيع الخوادم المستقبِلة قراءته. شغّل "
                            + "'mail-doctor probe --from someone@\(domain)' لترى الجزء المعطوب."))
            } else if let include = provider?.spfInclude, let name = provider?.name {
                out.append(
                    LocalizedText(
                        en: "Authorise \(name) in the SPF record of \(domain): add include:\(include) before the all "
                            + "term (one TXT record only, for example 'v=spf1 include:\(include) ~all').",
                        ar: "صرّح لـ \(name) في سجل SPF للنطاق \(domain): أضف include:\(include) قبل all (سجل TXT واحد "
                            + "فقط، مثل 'v=spf1 include:\(include) ~all')."))
            } else {
                let ip = a.sendingIP
                let mechanism = ip.map { $0.contains(":") ? "ip6:\($0)" : "ip4:\($0)" }
                out.append(
                    LocalizedText(
                        en: "Authorise the server that sent it in the SPF record of \(domain): add your provider's "
                            + "include:, or \(mechanism ?? "ip4:<the sending address>") when Odoo's own server delivers "
                            + "the mail, before the all term.",
                        ar: "صرّح للخادم الذي أرسلها في سجل SPF للنطاق \(domain): أضف include: الخاص بمزوّدك، أو "
                            + "\(mechanism ?? "ip4:<عنوان الإرسال>") إن كان خادم Odoo نفسه يسلّم البريد، قبل all."))
            }
        }
        // DKIM that fails for the From domain: the published key does not match.
        for dkim in a.dkim where dkim.relaxed && dkim.result != "pass" {
            let domain = dkim.domain ?? from
            let selector = dkim.selector ?? provider?.dkimSelectors.first ?? "<selector>"
            let record = "\(selector)._domainkey.\(domain)"
            let bodyChanged = (dkim.reason ?? "").lowercased().contains("body hash")
            if bodyChanged {
                out.append(
                    LocalizedText(
                        en: "The message was changed after it was signed (body hash did not verify): find what adds "
                            + "to it on the way (a footer, a disclaimer, a mailing list) or sign after it.",
                        ar: "عُدّلت الرسالة بعد توقيعها (body hash did not verify): ابحث عمّا يضيف إليها في الطريق "
                            + "(تذييل أو إخلاء مسؤولية أو قائمة بريدية) أو اجعل التوقيع بعده."))
            } else {
                out.append(
                    LocalizedText(
                        en: "Publish at \(record) exactly the DKIM key the sending service gives you (TXT or CNAME); "
                            + "the key published there now does not verify signatures with s=\(selector).",
                        ar: "انشر عند \(record) مفتاح DKIM الذي تعطيك إياه خدمة الإرسال كما هو تماماً (TXT أو CNAME)؛ "
                            + "المفتاح المنشور هناك الآن لا يتحقق من التواقيع ذات s=\(selector)."))
            }
        }
        // Not signed for the From domain at all.
        if a.alignment != .aligned, a.alignedDKIMResult == "none" {
            let selectors = provider?.dkimSelectors ?? []
            let at =
                selectors.isEmpty
                ? ""
                : " (\(provider!.name) signs with \(selectors.map { "\($0)._domainkey.\(from)" }.joined(separator: ", ")))"
            let atAr =
                selectors.isEmpty
                ? ""
                : " (يوقّع \(provider!.name) عند \(selectors.map { "\($0)._domainkey.\(from)" }.joined(separator: "، ")))"
            out.append(
                LocalizedText(
                    en: "Turn on DKIM signing for \(from) at the service that sends the mail and publish the selector "
                        + "record it gives you\(at).",
                    ar: "فعّل توقيع DKIM للنطاق \(fromAr) لدى الخدمة التي ترسل البريد وانشر سجل المحدِّد (Selector) الذي "
                        + "تعطيك إياه\(atAr)."))
        }
        if a.alignment == .misaligned {
            if a.alignedOnlyRelaxed {
                out.append(
                    LocalizedText(
                        en: "Either sign with \(from) itself, or relax the DMARC record of \(organizational): remove "
                            + "adkim=s / aspf=s (relaxed is the default, RFC 7489 §6.3).",
                        ar: "إما أن توقّع بالنطاق \(fromAr) نفسه، أو أن تليّن سجل DMARC للنطاق \(organizational): احذف "
                            + "adkim=s أو aspf=s (النمط المرن هو الافتراضي، RFC 7489 §6.3)."))
            } else {
                let passing = Set(
                    ([a.spf].compactMap { $0 } + a.dkim).filter { $0.result == "pass" }.compactMap(\.domain)
                )
                .sorted().joined(separator: ", ")
                out.append(
                    LocalizedText(
                        en: "Make a passing check carry your domain: at the sending service set up your own domain "
                            + "(\"custom DKIM\", \"domain authentication\") so that it signs with d=\(from) instead of "
                            + "\(passing), and publish the selector record it gives you.",
                        ar: "اجعل فحصاً ناجحاً يحمل نطاقك: لدى خدمة الإرسال اضبط نطاقك الخاص (\"custom DKIM\" أو "
                            + "\"domain authentication\") لتوقّع بـ d=\(fromAr) بدلاً من \(passing)، وانشر سجل المحدِّد "
                            + "الذي تعطيك إياه."))
                out.append(
                    LocalizedText(
                        en: "Or send from an address at a domain that does pass: in Odoo change the From address (the "
                            + "notifications address) and the outgoing server's FROM Filtering (from_filter) to it.",
                        ar: "أو أرسل من عنوان في نطاق ينجح فعلاً: في Odoo غيّر عنوان المرسِل (عنوان الإشعارات) وحقل "
                            + "FROM Filtering ‏(from_filter) في خادم البريد الصادر إليه."))
            }
        }
        if a.dmarc == "none" {
            out.append(
                LocalizedText(
                    en: "Publish a DMARC record: TXT at _dmarc.\(organizational) such as 'v=DMARC1; p=none; "
                        + "rua=mailto:dmarc@\(organizational)' (Gmail and Yahoo require one from bulk senders).",
                    ar: "انشر سجل DMARC: سجل TXT عند _dmarc.\(organizational) مثل 'v=DMARC1; p=none; "
                        + "rua=mailto:dmarc@\(organizational)' (تشترطه Gmail وYahoo على المرسلين بكثرة)."))
        }
        if a.reverseDNS == "missing" || a.reverseDNS == "unconfirmed" {
            let ip = a.sendingIP ?? "the sending address"
            let ipAr = a.sendingIP ?? "عنوان الإرسال"
            out.append(
                LocalizedText(
                    en: "Give \(ip) a reverse DNS name: ask whoever owns the address (your VPS or hosting provider's "
                        + "panel) for a PTR record such as mail.\(organizational), and make that name's A record point "
                        + "back to \(ip).",
                    ar: "اجعل للعنوان \(ipAr) اسماً عكسياً: اطلب ممن يملك العنوان (لوحة الخادم الافتراضي VPS أو شركة "
                        + "الاستضافة) سجل PTR مثل mail.\(organizational)، واجعل سجل A لهذا الاسم يشير إلى \(ipAr)."))
        }
        if out.isEmpty, a.spamVerdict != nil {
            out.append(
                LocalizedText(
                    en: "SPF, DKIM and DMARC do not explain the spam verdict: check the sending address against "
                        + "blocklists ('mail-doctor headers --probes') and the message's content and links.",
                    ar: "لا تفسّر SPF وDKIM وDMARC تصنيف الرسالة كبريد عشوائي: افحص عنوان الإرسال في قوائم الحظر "
                        + "('mail-doctor headers --probes') ومحتوى الرسالة وروابطها."))
        }
        return out
    }
}

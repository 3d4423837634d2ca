import KnowledgeBase

/// What the DNS probe tells the administrator, in English and Arabic: what a receiver does
/// with the record as it is, and how to fix it. One place, so the wording of a finding is the
/// same wherever it is shown.
enum DNSFindings {
    static func spf(_ problem: SPFCheck.Problem, domain: String) -> LocalizedText {
        switch problem {
        case .noRecord:
            return LocalizedText(
                en: "no SPF record: receivers get the result 'none', and Gmail, Yahoo and Microsoft send such "
                    + "mail to spam or refuse it. Fix: publish one TXT record at \(domain) such as "
                    + "'v=spf1 include:<your provider> ~all'",
                ar: "لا يوجد سجل SPF: تحصل الخوادم المستقبِلة على النتيجة none، وتضع Gmail وYahoo وMicrosoft "
                    + "هذه الرسائل في البريد العشوائي أو ترفضها. الحل: انشر سجل TXT واحداً عند \(domain) مثل "
                    + "'v=spf1 include:<نطاق المزوّد> ~all'")
        case .multipleRecords(let name, let count):
            return LocalizedText(
                en: "\(count) SPF records at \(name) (there must be one): receivers return permerror "
                    + "(RFC 7208 §4.5) and ignore them all. Fix: merge them into one v=spf1 record",
                ar: "يوجد \(count) سجلات SPF عند \(name) والمسموح سجل واحد: تعيد الخوادم المستقبِلة النتيجة "
                    + "permerror (RFC 7208 §4.5) وتتجاهلها كلها. الحل: ادمجها في سجل v=spf1 واحد")
        case .syntax(let name, let error):
            return LocalizedText(
                en: "the SPF record of \(name) is invalid: \(error.message). Receivers do not evaluate a record with "
                    + "a syntax error anywhere in it and return permerror (RFC 7208 §4.6), as if there were no "
                    + "SPF at all. Fix: correct or remove that term",
                ar: "سجل SPF للنطاق \(name) غير صالح: \(error.arabic). لا تقيّم الخوادم المستقبِلة سجلاً فيه خطأ صياغة "
                    + "في أي موضع، وتعيد permerror (RFC 7208 §4.6) كأن النطاق بلا SPF. الحل: صحّح هذا الجزء أو احذفه")
        case .targetWithoutRecord(let term, let target):
            return LocalizedText(
                en: "\(term) points to \(target), which has no SPF record: receivers return permerror for "
                    + "every message (RFC 7208 §5.2, §6.1), whichever server sent it. Fix: correct the name or "
                    + "remove the term",
                ar: "\(term) يشير إلى \(target) الذي لا يملك سجل SPF: تعيد الخوادم المستقبِلة permerror لكل "
                    + "رسالة (RFC 7208 §5.2 و§6.1) أياً كان الخادم المرسِل. الحل: صحّح الاسم أو احذف هذا الجزء")
        case .loop(let target):
            return LocalizedText(
                en: "the include chain comes back to \(target) (a loop): receivers return permerror. Fix: remove "
                    + "the include that points back",
                ar: "سلسلة include تعود إلى \(target) (حلقة): تعيد الخوادم المستقبِلة permerror. الحل: احذف "
                    + "include الذي يعود إلى النطاق")
        case .lookupLimit(let count):
            return LocalizedText(
                en: "\(count) DNS lookups (the limit is 10): receivers stop at the eleventh and return permerror "
                    + "(RFC 7208 §4.6.4), so mail fails SPF even from your provider. Fix: remove includes you no "
                    + "longer use, or list addresses with ip4:/ip6: instead of a, mx and nested includes",
                ar: "\(count) استعلام DNS والحد الأقصى 10: تتوقف الخوادم المستقبِلة عند الحادي عشر وتعيد permerror "
                    + "(RFC 7208 §4.6.4)، فتفشل رسائلك في SPF حتى من مزوّدك. الحل: احذف include غير المستخدمة، "
                    + "أو اكتب العناوين بـ ip4:/ip6: بدل a وmx وinclude المتداخلة")
        case .voidLimit(let count):
            return LocalizedText(
                en: "\(count) void lookups (the limit is 2): names in the record that do not exist or have no "
                    + "records; receivers return permerror after the second (RFC 7208 §4.6.4). Fix: remove the "
                    + "terms that point to names that no longer exist",
                ar: "\(count) استعلامات فارغة والحد الأقصى 2: أسماء في السجل غير موجودة أو بلا سجلات، وتعيد "
                    + "الخوادم المستقبِلة permerror بعد الثاني (RFC 7208 §4.6.4). الحل: احذف الأجزاء التي تشير إلى "
                    + "أسماء لم تعد موجودة")
        case .mxLimit(let name):
            return LocalizedText(
                en: "the mx mechanism for \(name) has more than 10 MX hosts: receivers return permerror "
                    + "(RFC 7208 §4.6.4). Fix: list the sending addresses with ip4:/ip6: instead",
                ar: "آلية mx للنطاق \(name) تعطي أكثر من 10 خوادم MX: تعيد الخوادم المستقبِلة permerror "
                    + "(RFC 7208 §4.6.4). الحل: اكتب عناوين الإرسال بـ ip4:/ip6: بدلاً منها")
        case .dnsFailure(let name, let why):
            return LocalizedText(
                en: "the lookup of \(name) failed (\(why)): receivers return temperror and defer the mail with a "
                    + "4xx reply; it is retried, and bounces if the DNS stays broken. Fix: check the DNS hosting "
                    + "of \(name)",
                ar: "فشل الاستعلام عن \(name) (\(why)): تعيد الخوادم المستقبِلة temperror وتؤجل الرسالة برد 4xx، "
                    + "فيُعاد إرسالها وترتد إن بقي DNS معطلاً. الحل: افحص استضافة DNS للاسم \(name)")
        case .invalidDomain(let name):
            return LocalizedText(
                en: "'\(name)' is not a domain name SPF can check: receivers return 'none'",
                ar: "'\(name)' ليس اسم نطاق يمكن فحص SPF له: تعيد الخوادم المستقبِلة none")
        }
    }

    static func plusAll(domain: String, via: [String]) -> LocalizedText {
        let path = via.isEmpty ? "" : " (through \(via.joined(separator: " → ")))"
        let pathAr = via.isEmpty ? "" : " (عبر \(via.joined(separator: " ← ")))"
        return LocalizedText(
            en: "+all\(path) lets any server on the internet pass SPF as \(domain): receivers give a "
                + "pass to forgeries too, and many treat such a record as spam-friendly. Fix: end the record "
                + "with ~all or -all, and put +all in no included record",
            ar: "+all\(pathAr) يسمح لأي خادم على الإنترنت باجتياز SPF باسم \(domain): تمنح الخوادم المستقبِلة "
                + "النتيجة pass للرسائل المزورة أيضاً، وكثير منها يعامل هذا السجل كعلامة بريد مزعج. الحل: أنهِ "
                + "السجل بـ ~all أو -all، ولا تضع +all في أي سجل مُضمَّن")
    }

    static func notIncluded(_ include: String) -> LocalizedText {
        LocalizedText(
            en: "does not include \(include): receivers will not count mail that Odoo sends through the "
                + "provider as authorised (fail or softfail). Fix: add include:\(include) before the all term",
            ar: "لا يتضمن نطاق المزوّد \(include): لن تعدّ الخوادم المستقبِلة الرسائل التي يرسلها Odoo عبر المزوّد "
                + "مصرّحاً بها (fail أو softfail). الحل: أضف include:\(include) قبل all")
    }

    static func clientVerdict(_ address: String, _ result: SPFResult) -> LocalizedText {
        LocalizedText(
            en: "for mail sent from \(address) receivers get SPF \(result.rawValue)",
            ar: "للرسائل المرسلة من \(address) تحصل الخوادم المستقبِلة على نتيجة SPF ‏\(result.rawValue)")
    }
}

import Foundation
import Inference
import KnowledgeBase

/// Writes the pages of one language. Arabic pages are wrapped in `<div dir="rtl">`.
struct DocsPageWriter {
    let knowledge: KnowledgeBase
    let language: Language
    let links: KnowledgeLinks
    var describer: ConditionDescriber { ConditionDescriber(knowledge: knowledge) }
    var ar: Bool { language == .ar }
    var other: Language { ar ? .en : .ar }

    func t(_ en: String, _ ar: String) -> String { self.ar ? ar : en }

    func page(_ body: [String], otherLanguagePath: String) -> String {
        var lines = [DocsGenerator.header, ""]
        if ar { lines += ["<div dir=\"rtl\">", ""] }
        lines += body
        lines += [
            "", "---", "",
            t("[النسخة العربية](\(otherLanguagePath))", "[English version](\(otherLanguagePath))"),
        ]
        if ar { lines += ["", "</div>"] }
        let text = Self.escapingPlaceholders(lines.joined(separator: "\n")) + "\n"
        return ar ? Bidi.isolateMarkdown(text) : text
    }

    /// The rules write placeholders as `<region>` or `<your domain>`; in Markdown those would
    /// be HTML tags and vanish from the page ("smtp..amazonaws.com"). Everything in angle
    /// brackets that is not one of the page's own tags, outside code, becomes text.
    static func escapingPlaceholders(_ markdown: String) -> String {
        let ownTags = ["<a ", "</a>", "<div", "</div>", "<br>", "<!--", "<bdi", "</bdi>", "<http"]
        var out: [String] = []
        var inFence = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { inFence.toggle() }
            guard !inFence, line.contains("<") else {
                out.append(String(line))
                continue
            }
            var result = ""
            var inCode = false
            var index = line.startIndex
            while index < line.endIndex {
                let character = line[index]
                if character == "`" { inCode.toggle() }
                if character == "<", !inCode, !ownTags.contains(where: { line[index...].hasPrefix($0) }) {
                    result += "&lt;"
                } else {
                    result.append(character)
                }
                index = line.index(after: index)
            }
            out.append(result)
        }
        return out.joined(separator: "\n")
    }

    func categoryTitle(_ category: String) -> String {
        let names: [String: (String, String)] = [
            "connection": ("Connection", "الاتصال"), "tls": ("TLS and certificates", "TLS والشهادات"),
            "authentication": ("Authentication", "المصادقة"), "sender": ("Sender", "المرسِل"),
            "message": ("The message", "الرسالة"), "delivery": ("Delivery", "التسليم"),
            "odoo": ("Odoo", "Odoo"), "server": ("The server", "الخادم"),
        ]
        guard let name = names[category] else { return category }
        return ar ? name.1 : name.0
    }

    // MARK: index

    func index() -> String {
        var body: [String] = []
        body.append(t("# Mail Doctor: why Odoo cannot send email", "# Mail Doctor: لماذا لا يرسل Odoo البريد؟"))
        body.append("")
        body.append(
            t(
                """
                Each page below is one root cause of failing outgoing email in Odoo: what it is, the \
                errors and symptoms that point to it, how to check it, and how to fix it step by step. \
                To diagnose a case, run `mail-doctor diagnose`; to read a pasted error, \
                `mail-doctor explain "<error>"`.
                """,
                """
                كل صفحة أدناه سبب جذري لفشل إرسال البريد من Odoo: ما هو، والأخطاء والأعراض التي تدل عليه، \
                وكيف تتحقق منه، وكيف تصلحه خطوة بخطوة. لتشخيص حالة شغّل `mail-doctor diagnose --lang ar`، \
                ولقراءة رسالة خطأ ملصقة: `mail-doctor explain --lang ar "<نص الخطأ>"`.
                """))
        body.append("")
        var categories: [String] = []
        for cause in knowledge.causes where !categories.contains(cause.category) {
            categories.append(cause.category)
        }
        for category in categories {
            body.append("## \(categoryTitle(category))")
            body.append("")
            for cause in knowledge.causes where cause.category == category {
                body.append("- [\(cause.title[language])](causes/\(cause.id).md) `\(cause.id)`")
            }
            body.append("")
        }
        body.append(t("## Reference", "## مراجع"))
        body.append("")
        body.append(t("- [Provider settings](providers.md)", "- [إعدادات مزوّدي البريد](providers.md)"))
        body.append(t("- [Error reference, by code](errors.md)", "- [مرجع رسائل الخطأ حسب الرمز](errors.md)"))
        body.append(
            t(
                "- [Best practices and worked examples](practices.md)",
                "- [ممارسات مثالية وأمثلة عملية](practices.md)"))
        body.append(
            t(
                "- [How Mail Doctor reasons](how-it-reasons.md)",
                "- [كيف يستنتج Mail Doctor](how-it-reasons.md)"))
        return page(body, otherLanguagePath: "../\(other.rawValue)/index.md")
    }

    // MARK: causes

    func causePage(_ cause: Cause) -> String {
        var body: [String] = []
        body.append("# \(cause.title[language])")
        body.append("")
        body.append(
            "`\(cause.id)` · \(categoryTitle(cause.category)) · "
                + t("[all causes](../index.md)", "[كل الأسباب](../index.md)"))
        body.append("")
        body.append(cause.summary[language])
        body.append("")
        let symptoms = links.symptoms(pointingTo: cause)
        if !symptoms.isEmpty {
            body.append(t("## Symptoms", "## الأعراض"))
            body.append("")
            for symptom in symptoms { body.append("- \(symptom.title[language])") }
            body.append("")
        }
        let signatures = links.signatures(pointingTo: cause)
        if !signatures.isEmpty {
            body.append(t("## Error texts that point to it", "## رسائل الخطأ التي تدل عليه"))
            body.append("")
            for signature in signatures {
                body.append("### [\(signature.title[language])](../errors.md#\(anchor(signature)))")
                body.append("")
                if let example = signature.matchExamples.first {
                    body += fenced(example)
                    body.append("")
                }
            }
        }
        body.append(t("## What raises and lowers it", "## ما يرجّحه وما يستبعده"))
        body.append("")
        body.append(t("| when | factor |", "| عندما | المعامل |"))
        body.append("|---|---|")
        for evidence in cause.evidence {
            let factor = evidence.ratio >= 1 ? "×\(format(evidence.ratio))" : "÷\(format(1 / evidence.ratio))"
            var when = describer.describe(evidence.condition, in: language)
            if let why = evidence.why { when += ": " + why[language] }
            body.append("| \(cell(when)) | \(factor) |")
        }
        body.append("")
        body.append(t("## How to check", "## كيف تتحقق منه"))
        body.append("")
        body.append(t("### By hand", "### يدوياً"))
        body.append("")
        for question in links.questions(checking: cause) {
            body.append("- **\(question.text[language])** \(question.help[language])")
        }
        body.append("")
        body.append(t("### With Mail Doctor", "### باستخدام Mail Doctor"))
        body.append("")
        let probes = links.probes(checking: cause)
        let langFlag = ar ? " --lang ar" : ""
        body.append(
            "- `mail-doctor diagnose\(langFlag)`: "
                + t(
                    "asks only what separates this cause from the others.",
                    "يسأل فقط ما يفرّق هذا السبب عن غيره."))
        body.append(
            "- `mail-doctor explain\(langFlag) \"<error>\"`: "
                + t("reads the pasted error.", "يقرأ رسالة الخطأ الملصقة."))
        if !probes.isEmpty {
            body.append(
                "- `mail-doctor probe --config /etc/odoo/odoo.conf`: "
                    + t("live checks of this cause: ", "فحوص مباشرة لهذا السبب: ")
                    + probes.map { "`\($0)`" }.joined(separator: ", "))
        }
        body.append("")
        body.append(t("## Fixes", "## الإصلاح"))
        body.append("")
        for fixID in cause.fixes {
            guard let fix = knowledge.fix(fixID) else { continue }
            body.append("### \(fix.title[language])")
            body.append("")
            if let applies = fix.applies {
                body.append(
                    t("_Applies when: ", "_ينطبق عندما: ")
                        + describer.describe(applies, in: language) + "_")
                body.append("")
            }
            for (number, step) in fix.steps.enumerated() {
                var text = "\(number + 1). \(step.text[language])"
                if let when = step.when {
                    text += t(" _(only when ", " _(فقط في حالة ") + describer.describe(when, in: language) + ")_"
                }
                body.append(text)
            }
            body.append("")
            body.append(t("**Verify:** ", "**للتحقق:** ") + fix.verify[language])
            body.append("")
        }
        if !cause.source.isEmpty {
            body.append(t("## Sources", "## المصادر"))
            body.append("")
            for source in cause.source { body.append("- \(sourceText(source))") }
        }
        return page(body, otherLanguagePath: "../../\(other.rawValue)/causes/\(cause.id).md")
    }

    // MARK: providers

    func providersPage() -> String {
        var body: [String] = []
        body.append(t("# Provider settings", "# إعدادات مزوّدي البريد"))
        body.append("")
        body.append(
            t(
                """
                What to type in Odoo's outgoing mail server for each provider. In Odoo, choosing \
                TLS (STARTTLS) sets the port to 25: type the port yourself.
                """,
                """
                ما تكتبه في خادم البريد الصادر في Odoo لكل مزوّد. عند اختيار TLS (STARTTLS) يضبط Odoo \
                المنفذ على 25 تلقائياً، فاكتب رقم المنفذ بنفسك.
                """))
        body.append("")
        body.append(
            t(
                "| provider | SMTP host | ports | app password | OAuth in Odoo | max size | daily limit | SPF include |",
                "| المزوّد | خادم SMTP | المنافذ | كلمة مرور التطبيقات | OAuth في Odoo | الحد الأقصى للحجم | الحد اليومي | SPF include |"
            ))
        body.append("|---|---|---|---|---|---|---|---|")
        for provider in knowledge.providers {
            let hosts = provider.hosts.map { "`\($0)`" }.joined(separator: "<br>")
            let ports = provider.ports.map { "\($0.port) \(securityLabel($0.security))" }
                .joined(separator: "<br>")
            let appPassword: String
            switch provider.appPassword {
            case "required": appPassword = t("required", "مطلوبة")
            case "optional": appPassword = t("optional", "اختيارية")
            default: appPassword = t("no", "لا")
            }
            let oauth = provider.oauth ? t("yes", "نعم") : t("no", "لا")
            let size = provider.maxMessageMB.map { "\(format($0)) " + t("MB", "ميغابايت") } ?? "–"
            let daily = provider.dailyLimit.map(String.init) ?? "–"
            let spf = provider.spfInclude.map { "`\($0)`" } ?? "–"
            body.append(
                "| [\(provider.name)](#\(provider.id)) | \(hosts.isEmpty ? "–" : hosts) | \(ports) | \(appPassword) | \(oauth) | \(size) | \(daily) | \(spf) |"
            )
        }
        body.append("")
        for provider in knowledge.providers {
            body.append("<a id=\"\(provider.id)\"></a>")
            body.append("")
            body.append("## \(provider.name)")
            body.append("")
            body.append(t("**Authentication:** ", "**المصادقة:** ") + provider.auth[language])
            body.append("")
            if let limits = provider.limits {
                body.append(t("**Limits:** ", "**الحدود:** ") + limits[language])
                body.append("")
            }
            if !provider.dkimSelectors.isEmpty {
                body.append(
                    t("**DKIM selectors:** ", "**محددات DKIM:** ")
                        + provider.dkimSelectors.map { "`\($0)`" }.joined(separator: ", "))
                body.append("")
            }
            if let notes = provider.notes {
                body.append(notes[language])
                body.append("")
            }
            body.append(t("Provider documentation: ", "توثيق المزوّد: ") + "<\(provider.docs)>")
            body.append("")
        }
        return page(body, otherLanguagePath: "../\(other.rawValue)/providers.md")
    }

    func securityLabel(_ security: String) -> String {
        switch security {
        case "ssl": return "SSL/TLS"
        case "starttls": return "TLS (STARTTLS)"
        default: return t("none", "بلا تشفير")
        }
    }

    // MARK: errors

    func anchor(_ signature: Signature) -> String { "sig-" + signature.id }

    func codes(_ signature: Signature) -> String {
        let reply = signature.sets.first { $0.fact == "smtp.reply-code" }?.value
        let enhanced = signature.sets.first { $0.fact == "smtp.enhanced-code" }?.value
        return [reply, enhanced].compactMap { $0 }.joined(separator: " ")
    }

    func errorsPage() -> String {
        var body: [String] = []
        body.append(t("# Error reference", "# مرجع رسائل الخطأ"))
        body.append("")
        body.append(
            t(
                """
                Every error text Mail Doctor recognises, with the codes it carries (search this page \
                for `535 5.7.8`, `WRONG_VERSION_NUMBER`, `5.7.139` …), an example, and the causes it \
                points to. Paste any of them into `mail-doctor explain`.
                """,
                """
                كل رسائل الخطأ التي يتعرّف عليها Mail Doctor، مع رموزها (ابحث في الصفحة عن `535 5.7.8` أو \
                `WRONG_VERSION_NUMBER` أو `5.7.139` …)، ومثال لكل منها، والأسباب التي تدل عليها. \
                الصق أياً منها في `mail-doctor explain --lang ar`.
                """))
        body.append("")
        let sorted = knowledge.signatures.sorted {
            let a = codes($0)
            let b = codes($1)
            if a.isEmpty != b.isEmpty { return !a.isEmpty }
            return (a, $0.id) < (b, $1.id)
        }
        body.append(t("| code | error | causes |", "| الرمز | الخطأ | الأسباب |"))
        body.append("|---|---|---|")
        for signature in sorted {
            // Titles in the page's language: an Arabic reader is not given internal ids.
            let causes = links.causes(for: signature)
                .map { "[\(cell($0.title[language]))](causes/\($0.id).md)" }.joined(separator: t(", ", "، "))
            let code = codes(signature).isEmpty ? "–" : "`\(codes(signature))`"
            body.append("| \(code) | [\(cell(signature.title[language]))](#\(anchor(signature))) | \(causes) |")
        }
        body.append("")
        for signature in sorted {
            body.append("<a id=\"\(anchor(signature))\"></a>")
            body.append("")
            body.append("## \(signature.title[language])")
            body.append("")
            var facts: [String] = []
            for (fact, value) in signature.sets {
                facts.append("\(describer.title(fact, language)): \(describer.label(value, of: fact, language))")
            }
            for (fact, _) in signature.extract {
                facts.append(describer.title(fact, language) + t(" (read from the text)", " (يُقرأ من النص)"))
            }
            body.append("`\(signature.id)`" + (codes(signature).isEmpty ? "" : " · `\(codes(signature))`"))
            body.append("")
            if signature.role == .wrapper {
                body.append(
                    t(
                        "A frame around the error, set aside before the text is read: only what it wraps is evidence.",
                        "إطار حول الخطأ يُنحّى جانباً قبل قراءة النص: الدليل هو ما بداخله فقط."))
                body.append("")
            }
            if signature.role == .names {
                body.append(
                    t(
                        "The provider as the user names it, read as a whole word only when no host name, banner or "
                            + "help URL in the text named one, never in a bounce and never as the destination.",
                        "المزوّد كما يسمّيه المستخدم بكلماته، ويُقرأ كلمةً كاملة فقط إذا لم يذكر النص اسم خادم أو وسماً "
                            + "أو رابط مساعدة لمزوّد، ولا يُقرأ في رسائل الارتداد ولا حين يكون المزوّد هو الوجهة."))
                body.append("")
            }
            if signature.role == .destination {
                body.append(
                    t(
                        "Says where the mail goes: a provider named inside it is the recipient's, so it is not read as "
                            + "the user's provider.",
                        "يبيّن وجهة الرسائل: المزوّد المذكور داخله هو مزوّد المستلم، فلا يُقرأ على أنه مزوّد المستخدم."))
                body.append("")
            }
            if !facts.isEmpty {
                body.append(t("Establishes: ", "يثبت: ") + facts.joined(separator: "; "))
                body.append("")
            }
            let causes = links.causes(for: signature)
            if !causes.isEmpty {
                body.append(
                    t("Points to: ", "يدل على: ")
                        + causes.map { "[\($0.title[language])](causes/\($0.id).md)" }
                        .joined(separator: t(", ", "، ")))
                body.append("")
            }
            for example in signature.matchExamples {
                body += fenced(example)
                body.append("")
            }
        }
        body += replyCodesSection()
        return page(body, otherLanguagePath: "../\(other.rawValue)/errors.md")
    }

    /// The reply-code registry the reader looks codes up in, wherever a reply sits in a text.
    func replyCodesSection() -> [String] {
        guard !knowledge.replyCodes.isEmpty else { return [] }
        var body: [String] = ["<a id=\"reply-codes\"></a>", ""]
        body.append(t("## SMTP reply codes", "## رموز ردود SMTP"))
        body.append("")
        body.append(
            t(
                "Basic codes (RFC 5321) and enhanced status codes (RFC 3463, IANA's registry, and the providers' own), read in any pasted text; a specific wording above says more and wins.",
                "الرموز الأساسية (RFC 5321) ورموز الحالة المفصّلة (RFC 3463 وسجل IANA ورموز المزوّدين)، تُقرأ في أي نص ملصوق، والصياغة المحددة أعلاه تقول أكثر فتُقدَّم عليها."
            ))
        body.append("")
        body.append(t("| code | meaning | what it establishes |", "| الرمز | المعنى | ما يثبته |"))
        body.append("|---|---|---|")
        for code in knowledge.replyCodes {
            let sets = code.sets.map { describer.label($0.value, of: $0.fact, language) }.joined(separator: "; ")
            body.append("| `\(code.code)` | \(cell(code.title[language])) | \(cell(sets)) |")
        }
        body.append("")
        return body
    }

    // MARK: practices

    func practicesPage() -> String {
        var body: [String] = []
        body.append(t("# Best practices, worked examples and tips", "# ممارسات مثالية وأمثلة عملية ونصائح"))
        body.append("")
        let kinds: [(Practice.Kind, String, String)] = [
            (.bestPractice, "Best practices", "ممارسات مثالية"),
            (.workedExample, "Worked examples", "أمثلة عملية"),
            (.advancedTip, "Advanced tips", "نصائح متقدمة"),
            (.expertHelp, "When to call an Odoo expert", "متى تستعين بخبير Odoo"),
        ]
        for (kind, en, arTitle) in kinds {
            let items = knowledge.practices.filter { $0.kind == kind }
            guard !items.isEmpty else { continue }
            body.append("## \(t(en, arTitle))")
            body.append("")
            for practice in items {
                body.append("### \(practice.title[language])")
                body.append("")
                body.append(practice.text[language])
                if !practice.causes.isEmpty {
                    body.append("")
                    body.append(
                        t("Related causes: ", "أسباب ذات صلة: ")
                            + practice.causes.compactMap { id in
                                knowledge.cause(id).map { "[\($0.title[language])](causes/\(id).md)" }
                            }.joined(separator: t(", ", "، ")))
                }
                body.append("")
            }
        }
        return page(body, otherLanguagePath: "../\(other.rawValue)/practices.md")
    }

    // MARK: reasoning

    func reasoningPage() -> String {
        let other = Int(BeliefModel.otherPrior * 100)
        let model = knowledge.troubleshooting
        let share = Int(Engine.probeCostShare * 100)
        let weights = Fix.Risk.allCases.map { "\($0.rawValue) ×\(format(model.riskWeights[$0] ?? 1))" }
            .joined(separator: ", ")
        var body =
            ar
            ? [
                "# كيف يستنتج Mail Doctor",
                "",
                "الفرضيات هي الأسباب المعروفة في القواعد، ومعها «لا شيء من الأسباب المعروفة». نفترض سبباً جذرياً واحداً في كل مرة، وأن المعطيات مستقلة بمعلومية السبب (نموذج Bayes البسيط):",
                "",
                "`P(السبب | المعطيات) ∝ الاحتمال المسبق × ∏ احتمال كل معطى بمعلومية السبب`",
                "",
                "- **الأدلة**: شرط على المعطيات مع نسبة أرجحية. الدليل على معطى واحد من النوع ذي الخيارات المحددة (مثل: المزوّد Gmail ×5) يوزّع الاحتمال على قيم ذلك المعطى بحسب أوزانها ثم يُطبَّع، فيخفض السبب قليلاً عند الإجابات الأخرى. أما الأدلة على أكثر من معطى، أو على الأرقام والنصوص وتطابق رسائل الخطأ، فتضرب كنسبة أرجحية عادية عندما تتحقق. تُرفع كل نسبة إلى الأس \(format(model.evidenceExponent)) (`evidence-exponent` في `rules/troubleshooting.yaml`) لتعني الاحتمالات ما تقوله، ويُحسب ما تقوله رسالة الخطأ \(format(model.textEvidenceScale)) ضعفاً من ذلك (`text-evidence-scale`)، أما الإجابات فتُحسب مرة واحدة.",
                "- **«لا شيء من الأسباب المعروفة»** يبدأ باحتمال \(other)٪ وأرجحيته 1 لكل معطى، فيتقدّم عندما تتعارض الأدلة مع كل ما تعرفه القواعد، ويقول المحرك ذلك صراحة.",
                "- **الاحتمالات تُحسب من جديد من المعطيات** في كل مرة، فتغيير إجابة أو سحبها دقيق تماماً.",
                "",
                "## متى يسأل ومتى يقترح إصلاحاً",
                "",
                "في كل خطوة يقارن المحرك بين طريقين (Heckerman وBreese وRommelse، 1995، «استكشاف الأعطال بنظرية القرار»): أن يجرّب الشخص الإصلاح الأنجع الآن ثم يتحقق ويكمل إن لم ينجح، أو أن يُسأل سؤالاً آخر أولاً. لكل إصلاح كلفة بالدقائق من وقت الشخص (`minutes` في القواعد) مضروبة في وزن خطورته (\(weights))، ويضاف إليها \(format(model.verifyMinutes)) دقيقة للتحقق. ولكل سؤال كلفته بالدقائق (`cost`)، والسؤال الذي يجيب عنه فحص مسموح به يكلف \(share)٪ منها.",
                "",
                "**كلفة الإصلاح المتوقعة** حين تُجرَّب الإصلاحات بترتيب تنازلي لنسبة الاحتمال إلى الكلفة (p/C)، والإصلاح لا يُدفع ثمنه إلا إذا فشل كل ما قبله:",
                "",
                "`ECR = min_m [ Σ_{k<m} C_k × (1 − Σ_{j<k} p_j) + C_esc × (1 − Σ_{k<m} p_k) ]`",
                "",
                "حيث C_esc (\(format(model.escalationMinutes)) دقيقة) هو تسليم الحالة لخبير يقرأ السجلات: ما يتبقى حين لا يناسب أي سبب معروف، وأقصى ما تستحقه سلسلة الإصلاحات قبل أن يصبح التصعيد أوفر.",
                "",
                "**كلفة السؤال أولاً**، مع احتمال u ألا يعرف الشخص الجواب (لكل سؤال، وحسب القناة: الطرفية أو المحادثة أو المساعد الذكي):",
                "",
                "`ECO(q) = C_q + u × ECR(p) + (1 − u) × Σₐ P(a) × ECR(p | a)`",
                "",
                "يُسأل السؤال ذو أقل ECO فقط إذا كان `ECO < ECR`؛ وإلا تنتهي الأسئلة ويقول المحرك أي إصلاح يُجرَّب أولاً ولماذا (احتماله وكلفته). إذا أجاب الشخص «لم ينجح» يُستبعد ذلك السبب وتأتي الخطوة التالية فوراً: الإصلاح التالي أو سؤال صار يستحق. والسؤال الذي أُجيب عنه بـ«لا أعرف» لا يُطرح مرة أخرى بصيغة ثانية من الموضوع نفسه (`topic`)، إلا إذا كان فحص مسموح به يستطيع الإجابة عنه. يُرشَّح للمقارنة الأسئلة ذات أعلى مكسب متوقع في المعلومات لكل دقيقة. وإذا لم يستحق أيٌّ منها أن يُسأل وحده، يُوزن سؤالان لا تفيد إجابتاهما إلا معاً (المنفذ وإعداد التشفير مثلاً) كزوج: يُسأل الأول، ثم الثاني بعد الإجابات التي يستحق فيها ذلك.",
            ]
            : [
                "# How Mail Doctor reasons",
                "",
                "The hypotheses are the causes in the rules plus \"none of the known causes\". One root cause at a time, and facts independent given the cause (naive Bayes):",
                "",
                "`P(cause | facts) ∝ prior(cause) × Π likelihood(fact | cause)`",
                "",
                "- **Evidence** is a condition on facts with a likelihood ratio. Evidence on a single choice fact (provider is Gmail ×5) spreads over that fact's values by their weights and is normalised, so it also lowers the cause a little for the other answers. Evidence over several facts, numbers, text and signature matches multiplies as a plain likelihood ratio when it holds. Every ratio is raised to the power \(format(model.evidenceExponent)) (`evidence-exponent` in `rules/troubleshooting.yaml`) so that the probabilities mean what they say, and what an error text says counts \(format(model.textEvidenceScale)) times that (`text-evidence-scale`); answers count once.",
                "- **\"None of the known causes\"** starts at \(other)% with likelihood 1 for every fact; it comes first when the evidence speaks against everything the rules know, and the engine says so.",
                "- **Beliefs are recomputed from the facts** every time, so changing or withdrawing an answer is exact.",
                "",
                "## When it asks and when it suggests a fix",
                "",
                "At every step the engine weighs two courses (Heckerman, Breese and Rommelse, 1995, \"Decision-theoretic troubleshooting\"): the person tries the most efficient fix now, checks it and carries on if it failed; or one more question is asked first. Every fix has a cost in minutes of the person's time (`minutes` in the rules) times the weight of its risk (\(weights)), plus \(format(model.verifyMinutes)) minutes to check it. Every question has a cost in minutes (`cost`); one that a permitted probe answers costs \(share)% of it.",
                "",
                "**The expected cost of repair**, trying the fixes in falling order of probability over cost (p/C), where a fix is paid for only when every one before it failed:",
                "",
                "`ECR = min_m [ Σ_{k<m} C_k × (1 − Σ_{j<k} p_j) + C_esc × (1 − Σ_{k<m} p_k) ]`",
                "",
                "where C_esc (\(format(model.escalationMinutes)) minutes) is handing the case to an expert who reads the logs: what is left when no known cause fits, and the most the sequence of fixes is worth before escalating is cheaper.",
                "",
                "**The expected cost of asking first**, with u the chance that the person cannot answer (per question, and per channel: terminal, chat or AI assistant):",
                "",
                "`ECO(q) = C_q + u × ECR(p) + (1 − u) × Σₐ P(a) × ECR(p | a)`",
                "",
                "The question with the lowest ECO is asked only when `ECO < ECR`; otherwise the questions end and the engine says which fix to try first and why (its probability and its cost). When the person says it did not work, that cause is ruled out and the next step follows at once: the next fix, or a question that has become worth asking. A question answered \"I don't know\" is not asked again in another form of the same `topic`, unless a permitted probe can answer it. The candidates are the questions with the highest expected information gain per minute. When none of them is worth asking alone, two questions whose answers matter only together (a port and its encryption setting) are weighed as a pair: the first asked, the second only after the answers where that pays.",
            ]
        body += workedExample()
        return page(body, otherLanguagePath: "../\(self.other.rawValue)/how-it-reasons.md")
    }

    /// A worked example computed by the engine itself: a Microsoft 365 mailbox whose sending
    /// stopped, with the settings the person knows.
    private func workedExample() -> [String] {
        let engine = Engine(knowledge: knowledge)
        var record = Case()
        for (fact, value) in [
            ("symptom", "stopped-working"), ("provider", "microsoft-365"), ("smtp.authentication", "login"),
            ("smtp.port", "587"), ("smtp.encryption", "starttls"),
        ] where knowledge.fact(fact) != nil {
            record.answer(fact, value)
        }
        let evaluation = engine.evaluate(record)
        guard let plan = evaluation.plan else { return [] }
        let describer = ConditionDescriber(knowledge: knowledge)
        let given = record.answers.map {
            "\(describer.title($0.fact, language)): \(describer.label($0.value, of: $0.fact, language))"
        }
        .joined(separator: t("; ", "؛ "))
        var lines = [
            "",
            t("## A worked example", "## مثال محسوب"),
            "",
            t(
                "Computed by the engine from the current rules (this page is regenerated with them). Known: \(given).",
                "حسبه المحرك من القواعد الحالية (تُولَّد هذه الصفحة معها). المعروف: \(given)."),
            "",
            t("| order | cause | p | C (minutes) | p/C |", "| الترتيب | السبب | p | C (دقائق) | p/C |"),
            "|---|---|---|---|---|",
        ]
        for (index, step) in plan.steps.prefix(4).enumerated() {
            let title = knowledge.cause(step.cause)?.title[language] ?? step.cause
            lines.append(
                "| \(index + 1) | \(cell(title)) | \(String(format: "%.2f", step.probability)) | "
                    + "\(String(format: "%.1f", step.minutes)) | \(String(format: "%.3f", step.probability / step.minutes)) |"
            )
        }
        lines.append("")
        let ecr = String(format: "%.1f", plan.expectedMinutes)
        if let next = evaluation.next {
            let eco = String(format: "%.1f", plan.askingFirstMinutes ?? 0)
            lines.append(
                t(
                    "ECR = \(ecr) minutes. Asking “\(next.question.text[language])” first: ECO = \(eco) minutes, which is less, so the engine asks it.",
                    "ECR = \(ecr) دقيقة. أما طرح السؤال «\(next.question.text[language])» أولاً فكلفته ECO = \(eco) دقيقة، وهي أقل، فيسأله المحرك."
                ))
        } else {
            let eco = plan.askingFirstMinutes.map { String(format: "%.1f", $0) }
            let first = plan.first.flatMap { knowledge.cause($0.cause)?.title[language] } ?? ""
            lines.append(
                eco.map { eco in
                    t(
                        "ECR = \(ecr) minutes; the best question first would cost ECO = \(eco) minutes. Asking does not pay, so the engine stops and says: try the fix for “\(first)” first.",
                        "ECR = \(ecr) دقيقة؛ وأفضل سؤال قبلها يجعلها ECO = \(eco) دقيقة. السؤال لا يوفّر شيئاً، فيتوقف المحرك ويقول: جرّب أولاً إصلاح «\(first)»."
                    )
                }
                    ?? t(
                        "ECR = \(ecr) minutes and no question is left to weigh: try the fix for “\(first)” first.",
                        "ECR = \(ecr) دقيقة ولا يبقى سؤال يُوزن: جرّب أولاً إصلاح «\(first)»."))
        }
        return lines
    }

    // MARK: helpers

    func fenced(_ text: String) -> [String] {
        // A fence longer than any backtick run inside keeps the example intact.
        var fence = "```"
        while text.contains(fence) { fence += "`" }
        return ["\(fence)text", text, fence]
    }

    func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.3g", value)
    }

    func sourceText(_ source: String) -> String {
        if source.hasPrefix("http") { return "<\(source)>" }
        if source.hasPrefix("article:") {
            return t("The seed article, ", "المقال المرجعي، ") + "`\(source.dropFirst(8))`"
        }
        if source.hasPrefix("odoo:") { return t("Odoo source: ", "شيفرة Odoo: ") + "`\(source.dropFirst(5))`" }
        return source
    }
}

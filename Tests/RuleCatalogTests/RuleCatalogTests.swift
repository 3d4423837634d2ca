import Foundation
import Inference
import KnowledgeBase
import MessageHeaders
import RuleLoader
import Testing

/// The shipped knowledge base as a catalogue: it loads clean, every signature example behaves,
/// the contract ids exist, and every item of the seed article is covered by some rule.
@Suite struct RuleCatalogTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let result = RuleLoader.load(
        directory: root.appendingPathComponent("rules").path,
        displayRoot: "rules")
    var knowledge: KnowledgeBase { Self.result.knowledge }

    @Test func theRulesLintCleanStrictly() {
        #expect(
            Self.result.diagnostics.isEmpty,
            "\(Self.result.diagnostics.prefix(5).map(\.description).joined(separator: "\n"))")
    }

    @Test func theContractCauseIdsAllExist() {
        let contract = [
            "smtp-host-unresolvable", "smtp-host-or-port-wrong", "port-blocked",
            "encryption-mismatch", "tls-certificate-invalid", "credentials-wrong",
            "app-password-required", "basic-auth-disabled", "auth-missing",
            "sender-not-authorized", "message-too-large", "sending-limit-exceeded",
            "recipient-rejected", "dns-auth-records-missing", "ip-reputation-blocked",
            "clock-skew", "odoo-outdated", "mail-queue-stuck", "no-outgoing-server",
            "oauth-token-invalid",
        ]
        for id in contract {
            #expect(knowledge.cause(id) != nil, "missing cause \(id)")
        }
    }

    @Test func theContractFactsAndValuesExist() {
        let choices: [String: [String]] = [
            "symptom": [
                "test-connection-fails", "emails-stuck-outgoing", "emails-failed",
                "emails-in-spam", "some-recipients-bounce", "large-attachments-fail",
                "stopped-working",
            ],
            "provider": [
                "gmail", "google-workspace", "microsoft-365", "outlook-com", "zoho",
                "yahoo", "icloud", "amazon-ses", "sendgrid", "mailgun", "brevo",
                "hosting-provider", "own-server", "other",
            ],
            "odoo.hosting": ["online", "odoo-sh", "on-premise"],
            "smtp.encryption": ["none", "starttls", "ssl"],
            "smtp.authentication": ["login", "gmail-oauth", "outlook-oauth", "certificate", "cli"],
        ]
        for (fact, values) in choices {
            let definition = knowledge.fact(fact)
            #expect(definition?.kind == .choice, "\(fact)")
            for value in values { #expect(definition?.value(value) != nil, "\(fact)=\(value)") }
        }
        for fact in [
            "account.two-factor", "account.app-password", "mail.from-matches-login",
            "queue.cron-active", "server.clock-correct",
        ] {
            #expect(Set(knowledge.fact(fact)?.values.map(\.id) ?? []) == ["yes", "no"], "\(fact)")
        }
        for (fact, kind) in [
            ("odoo.version", FactDefinition.Kind.number), ("smtp.port", .number),
            ("message.size-mb", .number), ("smtp.host", .text),
            ("smtp.user", .text), ("mail.from", .text), ("error.text", .text),
        ] {
            #expect(knowledge.fact(fact)?.kind == kind, "\(fact)")
        }
    }

    @Test func thereAreEnoughSignaturesProvidersAndQuestions() {
        #expect(knowledge.signatures.count >= 80)
        #expect(knowledge.providers.count >= 14)
        for provider in [
            "gmail", "google-workspace", "microsoft-365", "outlook-com", "zoho",
            "yahoo", "icloud", "amazon-ses", "sendgrid", "mailgun", "brevo",
            "postmark", "godaddy", "hostinger", "odoo-online",
        ] {
            #expect(knowledge.provider(provider) != nil, "provider \(provider)")
        }
    }

    /// One row per item of the seed article, by its `source` key. A row passes when at least
    /// one rule (cause, fix, practice) names it.
    static let articleItems: [(key: String, item: String)] = [
        ("article:cause-1", "بيانات SMTP غير دقيقة: inaccurate SMTP data"),
        ("article:cause-2", "عدم توافق بروتوكولات الأمان: security protocol mismatch"),
        ("article:cause-3", "قيود من مزودي الخدمة: provider restrictions, Gmail App Password"),
        ("article:cause-4", "إعدادات الجدار الناري: firewall closes 465/587"),
        ("article:cause-5", "مشكلة في سجلات DNS: SPF, DKIM, DMARC missing"),
        ("article:cause-6", "قيود حجم المرفقات: attachment size limits"),
        ("article:cause-7", "إعدادات خاطئة في الوقت والتاريخ: wrong time and date"),
        ("article:cause-8", "إصدار Odoo قديم: old Odoo version"),
        ("article:fix-1", "التحقق من إعدادات SMTP: check the SMTP settings"),
        ("article:fix-2", "ضبط بروتوكول التشفير: set the encryption protocol"),
        ("article:fix-3", "إنشاء App Password: create an app password"),
        ("article:fix-4", "إضافة سجلات DNS الصحيحة: add the right DNS records"),
        ("article:fix-5", "مراجعة سجل الأخطاء: review the error log (Technical > Email > Emails)"),
        ("article:fix-6", "التحقق من إعدادات السيرفر: check that 465 and 587 are open"),
        ("article:fix-7", "تحديث نسخة Odoo: update Odoo"),
        ("article:practice-1", "اختيار مزود بريد موثوق: choose a reliable provider"),
        ("article:practice-2", "تفعيل بروتوكولات الأمان دوماً: always enable security protocols"),
        ("article:practice-3", "مراجعة السجلات بشكل دوري: review the logs regularly"),
        ("article:practice-4", "عدم تجاوز الحد الأقصى لحجم المرفقات: stay under the size limit"),
        ("article:practice-5", "كلمات مرور قوية والمصادقة الثنائية: strong passwords and 2FA"),
        ("article:practice-6", "تدريب فريق العمل: train the team"),
        ("article:example-1", "فشل Gmail مع Odoo: Gmail fails with Odoo"),
        ("article:example-2", "وصول الرسائل إلى Spam: messages land in spam"),
        ("article:example-3", "خطأ Authentication failed"),
        ("article:example-4", "رفض الرسائل بسبب المرفقات: rejected for attachments"),
        ("article:example-5", "إغلاق المنافذ على السيرفر: closed ports on the server"),
        ("article:tip-1", "استخدام خادم بريد مخصص: a dedicated mail server"),
        ("article:tip-2", "سياسات أمان إضافية مثل DMARC: DMARC against spoofing"),
        ("article:tip-3", "تثبيت شهادات SSL صالحة: valid SSL certificates"),
        ("article:tip-4", "نسخ احتياطية للإعدادات: back up the settings"),
        ("article:tip-5", "مراقبة سمعة النطاق: watch the domain's reputation"),
        ("article:expert-1", "تكوين إعدادات SMTP باحترافية: configure SMTP professionally"),
        ("article:expert-2", "ربط البريد مع CRM والتسويق: connect mail with CRM and marketing"),
        ("article:expert-3", "فحص الأمان وضبط الجدار الناري: security review and firewall"),
        ("article:expert-4", "دعم فني وحلول فورية: support for recurring problems"),
    ]

    @Test(arguments: articleItems.map(\.key))
    func everyArticleItemIsCoveredByARule(_ key: String) {
        let sources =
            knowledge.causes.flatMap(\.source) + knowledge.fixes.flatMap(\.source)
            + knowledge.practices.flatMap(\.source)
        #expect(sources.contains(key), "no rule covers \(key)")
    }

    @Test func everySignatureExampleBehaves() {
        for signature in knowledge.signatures {
            #expect(!signature.matchExamples.isEmpty, "\(signature.id) has no examples")
            for example in signature.matchExamples {
                #expect(signature.pattern.matches(example), "\(signature.id) misses its example")
            }
            for example in signature.noMatchExamples {
                #expect(!signature.pattern.matches(example), "\(signature.id) matches a no-match example")
            }
        }
    }

    @Test func everyTextHasBothLanguages() {
        var texts: [LocalizedText] = []
        for cause in knowledge.causes { texts += [cause.title, cause.summary] }
        for fix in knowledge.fixes { texts += [fix.title, fix.verify] + fix.steps.map(\.text) }
        for question in knowledge.questions { texts += [question.text, question.help] }
        for text in texts {
            #expect(!text.en.isEmpty && !text.ar.isEmpty)
            // Arabic text must actually be Arabic, not a copy of the English.
            #expect(
                text.ar.unicodeScalars.contains { (0x0600...0x06FF).contains($0.value) },
                "not Arabic: \(text.ar.prefix(60))")
        }
    }

    @Test func everyFactTheEvidenceReadsCanBeLearned() {
        var learnable = Set(knowledge.questions.map(\.fact))
        learnable.formUnion(knowledge.facts.filter { $0.probe != nil }.map(\.id))
        for signature in knowledge.signatures {
            learnable.formUnion(signature.sets.map(\.fact))
            learnable.formUnion(signature.extract.map(\.fact))
        }
        learnable.insert("error.text")
        // A pasted header block fills these (MessageHeaders, read as the reader's first layer).
        learnable.formUnion(HeaderFacts.all)
        for cause in knowledge.causes {
            for evidence in cause.evidence {
                for fact in evidence.condition.facts where !learnable.contains(fact) {
                    Issue.record("cause \(cause.id) reads \(fact), which no question or signature fills")
                }
            }
        }
    }
}

/// The literal prefilter must never hide a signature from its own examples.
@Suite struct SignatureTriggerTests {
    @Test func everyExampleIsFoundThroughTheReader() {
        let knowledge = RuleCatalogTests.result.knowledge
        let reader = ErrorTextReader(knowledge: knowledge)
        for signature in knowledge.signatures {
            for example in signature.matchExamples {
                // A destination phrase is no reading of its own: it hides a provider's name.
                if signature.role == .destination {
                    #expect(
                        signature.pattern.firstMatch(in: BridgedText(example)) != nil,
                        "\(signature.id) is hidden by its trigger \(signature.pattern.trigger ?? [])")
                    continue
                }
                #expect(
                    reader.read(example).matches.contains { $0.signature == signature.id },
                    "\(signature.id) is hidden by its trigger \(signature.pattern.trigger ?? [])")
            }
        }
    }

    @Test func mostSignaturesHaveATrigger() {
        let signatures = RuleCatalogTests.result.knowledge.signatures
        let triggered = signatures.filter { $0.pattern.trigger != nil }.count
        #expect(Double(triggered) / Double(signatures.count) > 0.7)
    }
}

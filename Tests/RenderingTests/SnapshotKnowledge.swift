import KnowledgeBase

/// A small, fixed knowledge base for renderer snapshots: the snapshots test the renderers,
/// so they must not move when rules/ changes.
enum SnapshotKnowledge {
    static func make() -> KnowledgeBase {
        let facts = [
            FactDefinition(
                id: "provider", kind: .choice,
                title: LocalizedText(en: "Email provider", ar: "مزوّد البريد"),
                values: [
                    .init(id: "gmail", label: .same("Gmail")),
                    .init(id: "microsoft-365", label: .same("Microsoft 365")),
                ]),
            FactDefinition(
                id: "error.kind", kind: .choice,
                title: LocalizedText(en: "What the error says", ar: "ماذا تقول رسالة الخطأ"),
                values: [
                    .init(
                        id: "app-password-required",
                        label: LocalizedText(
                            en: "Application-specific password required (534 5.7.9)",
                            ar: "كلمة مرور التطبيقات مطلوبة (534 5.7.9)")),
                    .init(
                        id: "auth-rejected",
                        label: LocalizedText(
                            en: "Username and password not accepted (535)",
                            ar: "اسم المستخدم وكلمة المرور غير مقبولين (535)")),
                ]),
            FactDefinition(id: "smtp.port", kind: .number, title: LocalizedText(en: "SMTP port", ar: "منفذ SMTP")),
            FactDefinition(id: "error.text", kind: .text, title: LocalizedText(en: "Error text", ar: "نص الخطأ")),
        ]
        let fix = Fix(
            id: "create-app-password",
            title: LocalizedText(
                en: "Create an app password and use it in Odoo",
                ar: "إنشاء كلمة مرور التطبيقات واستخدامها في Odoo"),
            steps: [
                .init(
                    text: LocalizedText(
                        en:
                            "Turn on 2-step verification, then open myaccount.google.com/apppasswords and create a password named Odoo.",
                        ar: "فعّل التحقق بخطوتين، ثم افتح myaccount.google.com/apppasswords وأنشئ كلمة مرور باسم Odoo.")),
                .init(
                    text: LocalizedText(
                        en:
                            "In Odoo open Settings > Technical > Email > Outgoing Mail Servers, set smtp.gmail.com, port 587, TLS (STARTTLS), and paste it as the password.",
                        ar:
                            "في Odoo افتح «الإعدادات ← تقني ← البريد الإلكتروني ← خوادم البريد الصادر» واضبط smtp.gmail.com والمنفذ 587 وTLS (STARTTLS) ثم الصقها في «كلمة المرور»."
                    )),
            ],
            verify: LocalizedText(
                en: "Test Connection says Connection Test Successful!",
                ar: "يظهر «تم اختبار الاتصال بنجاح!» بعد «اختبار الاتصال»."))
        let causes = [
            Cause(
                id: "app-password-required", category: "authentication", prior: 0.1,
                title: LocalizedText(
                    en: "The provider requires an app password",
                    ar: "المزوّد يشترط كلمة مرور التطبيقات"),
                summary: LocalizedText(
                    en:
                        "Gmail no longer accepts the normal account password over SMTP; Odoo needs a 16-character app password.",
                    ar:
                        "لم تعد Gmail تقبل كلمة مرور الحساب العادية عبر SMTP، ويحتاج Odoo إلى كلمة مرور تطبيقات من 16 حرفاً."
                ),
                fixes: ["create-app-password"],
                evidence: [
                    Evidence(
                        condition: .equals(fact: "error.kind", value: "app-password-required"), ratio: 60,
                        why: LocalizedText(
                            en: "Google names the cause in its reply.",
                            ar: "Google تذكر السبب في ردها.")),
                    Evidence(condition: .equals(fact: "provider", value: "gmail"), ratio: 4),
                ]),
            Cause(
                id: "credentials-wrong", category: "authentication", prior: 0.1,
                title: LocalizedText(
                    en: "User name or password is wrong",
                    ar: "اسم المستخدم أو كلمة المرور غير صحيحة"),
                summary: LocalizedText(en: "The server refused the login.", ar: "رفض الخادم تسجيل الدخول."),
                fixes: ["create-app-password"],
                evidence: [
                    Evidence(condition: .equals(fact: "error.kind", value: "auth-rejected"), ratio: 10)
                ]),
        ]
        let questions = [
            Question(
                id: "ask-provider", fact: "provider",
                text: LocalizedText(en: "Which provider?", ar: "ما مزوّد البريد؟"),
                help: LocalizedText(en: "Look at the SMTP server.", ar: "انظر إلى خادم SMTP."))
        ]
        let signatures = [
            Signature(
                id: "gmail-534",
                title: LocalizedText(
                    en: "Gmail wants an app password (534 5.7.9)",
                    ar: "Gmail يطلب كلمة مرور تطبيقات (534 5.7.9)"),
                pattern: Pattern("534[^\\n]{0,10}5\\.7\\.9"),
                sets: [("error.kind", "app-password-required"), ("provider", "gmail")])
        ]
        return KnowledgeBase(
            facts: facts, causes: causes, fixes: [fix], questions: questions,
            signatures: signatures)
    }
}

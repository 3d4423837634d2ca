import Foundation
import KnowledgeBase
import MCP

/// The tools the server offers, each with its title and description in the server's language
/// and its input and output JSON Schemas from `schemas/` (the same files the CLI's JSON is
/// checked against, so a tool and a command cannot drift apart).
struct ToolCatalog: Sendable {
    struct Entry {
        var name: String
        var title: LocalizedText
        var description: LocalizedText
        var input: String
        var output: String
        var readOnly: Bool
        var openWorld: Bool
    }

    static let entries: [Entry] = [
        Entry(
            name: "explain_error",
            title: LocalizedText(en: "Explain an Odoo email error", ar: "شرح خطأ بريد في Odoo"),
            description: LocalizedText(
                en: "Reads an error text as pasted (Odoo's dialog, a traceback, a log excerpt, an SMTP reply; "
                    + "Arabic or English) and ranks the causes with probabilities, the evidence for each and "
                    + "the fix as steps. Asks nothing.",
                ar: "يقرأ نص الخطأ كما لُصق (نافذة Odoo أو سجل أو رد خادم SMTP، بالعربية أو الإنجليزية) ويرتّب "
                    + "الأسباب باحتمالاتها مع الأدلة وخطوات الإصلاح، دون أن يسأل شيئاً."),
            input: "mcp/explain-error.input", output: "report", readOnly: true, openWorld: false),
        Entry(
            name: "diagnose_step",
            title: LocalizedText(en: "Guided diagnosis, one turn", ar: "تشخيص موجّه، خطوة واحدة"),
            description: LocalizedText(
                en: "One turn of the guided diagnosis (the step protocol): send the state from the last "
                    + "result (null at first), the user's answers as fact: value, facts to withdraw, or the "
                    + "fix result; get the next question with its choices, or the diagnosis. Ask the user "
                    + "the question in their language and pass the answer back with the state.",
                ar: "خطوة من التشخيص الموجّه: أرسل الحالة من النتيجة السابقة (null في البداية) وإجابات المستخدم "
                    + "بصيغة fact: value أو ما يُسحب من المعطيات أو نتيجة الإصلاح، فتحصل على السؤال التالي "
                    + "وخياراته أو على التشخيص. اطرح السؤال على المستخدم بلغته وأعد إجابته مع الحالة."),
            input: "step-request", output: "step-response", readOnly: true, openWorld: false),
        Entry(
            name: "provider_settings",
            title: LocalizedText(en: "A provider's SMTP settings", ar: "إعدادات SMTP لمزوّد بريد"),
            description: LocalizedText(
                en: "The settings to enter in Odoo's Outgoing Mail Server form for a provider, by its id "
                    + "(gmail, microsoft-365, ...) or an SMTP host name: hosts, ports with their encryption, "
                    + "authentication (app password, OAuth), size and daily limits, the SPF include, DKIM "
                    + "selectors and the provider's own page.",
                ar: "ما يُدخل في نموذج خادم البريد الصادر في Odoo لمزوّد ما، بمعرّفه (gmail وmicrosoft-365…) "
                    + "أو باسم خادم SMTP: الخوادم والمنافذ وتشفيرها والمصادقة (كلمة مرور التطبيق أو OAuth) "
                    + "وحدود الحجم والإرسال اليومي وإدراج SPF ومحدِّدات DKIM وصفحة المزوّد."),
            input: "mcp/provider-settings.input", output: "provider", readOnly: true, openWorld: false),
        Entry(
            name: "scan_log",
            title: LocalizedText(en: "Scan an Odoo log", ar: "فحص سجل Odoo"),
            description: LocalizedText(
                en: "Reads Odoo log text (not a file path) and groups the mail failures in it by cause, with "
                    + "counts, first and last times, a sample line and the fix.",
                ar: "يقرأ نص سجل Odoo (لا مسار ملف) ويجمع إخفاقات البريد فيه حسب السبب، مع العدد وأول وآخر "
                    + "وقت وسطر مثال والإصلاح."),
            input: "mcp/scan-log.input", output: "scan", readOnly: true, openWorld: false),
        Entry(
            name: "probe",
            title: LocalizedText(en: "Probe an SMTP server live", ar: "فحص مباشر لخادم SMTP"),
            description: LocalizedText(
                en: "Checks a real SMTP server from this machine: DNS (and the sender domain's SPF, DKIM, "
                    + "DMARC), the TCP ports, the SMTP greeting, EHLO and STARTTLS, and the TLS certificate. "
                    + "Never logs in and never sends a message.",
                ar: "يفحص خادم SMTP حقيقياً من هذا الجهاز: DNS (وسجلات SPF وDKIM وDMARC لنطاق المرسِل) "
                    + "والمنافذ ورسالة الترحيب وEHLO وSTARTTLS وشهادة TLS، دون تسجيل دخول ودون إرسال أي رسالة."),
            input: "mcp/probe.input", output: "probe", readOnly: true, openWorld: true),
    ]

    let tools: [Tool]

    /// The probe tool is listed only when the operator allowed probes.
    init(schemas: URL, language: Language, probes: Bool) throws {
        tools = try Self.entries.filter { probes || $0.name != "probe" }.map { entry in
            Tool(
                name: entry.name, title: entry.title[language], description: entry.description[language],
                inputSchema: try Self.schema(entry.input, in: schemas),
                annotations: .init(
                    title: entry.title[language], readOnlyHint: entry.readOnly, destructiveHint: false,
                    idempotentHint: true, openWorldHint: entry.openWorld),
                outputSchema: try Self.schema(entry.output, in: schemas))
        }
    }

    /// `schemas/<name>.schema.json` as a value.
    static func schema(_ name: String, in folder: URL) throws -> Value {
        let url = folder.appendingPathComponent(name + ".schema.json")
        guard let data = try? Data(contentsOf: url) else {
            throw MCPError.internalError("cannot read the schema \(url.path)")
        }
        do {
            return try JSONDecoder().decode(Value.self, from: data)
        } catch {
            throw MCPError.internalError("the schema \(url.path) is not valid JSON")
        }
    }
}

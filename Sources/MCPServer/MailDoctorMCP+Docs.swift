import Foundation
import KnowledgeBase
import MCP
import Rendering

extension MailDoctorMCP {
    static let docsScheme = "mail-doctor://docs/"

    /// The generated docs (what `content/` holds), made from the loaded rules, so they always
    /// match the rules the tools reason with: `mail-doctor://docs/en/causes/<cause>.md`.
    var resources: [Resource] {
        docs.keys.sorted().map { path in
            Resource(
                name: path, uri: Self.docsScheme + path, title: Self.title(of: docs[path]!),
                description: path.hasPrefix("ar/") ? "Mail Doctor documentation (Arabic)" : "Mail Doctor documentation",
                mimeType: "text/markdown", size: docs[path]!.utf8.count)
        }
    }

    func read(_ uri: String) throws -> ReadResource.Result {
        guard uri.hasPrefix(Self.docsScheme), let text = docs[String(uri.dropFirst(Self.docsScheme.count))] else {
            throw MCPError.invalidParams("no resource '\(uri)'; list them with resources/list")
        }
        return ReadResource.Result(contents: [.text(text, uri: uri, mimeType: "text/markdown")])
    }

    /// A page's first heading, without the Markdown and the bidi marks around it.
    static func title(of page: String) -> String? {
        page.split(separator: "\n").first { $0.hasPrefix("# ") }.map {
            String($0.dropFirst(2)).filter { !"\u{2066}\u{2067}\u{2068}\u{2069}\u{200F}\u{200E}".contains($0) }
        }
    }

    var prompt: Prompt {
        Prompt(
            name: "diagnose-email",
            title: settings.language == .ar ? "تشخيص فشل إرسال البريد من Odoo" : "Diagnose Odoo email sending",
            description: settings.language == .ar
                ? "يبدأ تشخيصاً موجّهاً بلغة المستخدم، سؤالاً بعد سؤال، حتى السبب والإصلاح."
                : "Starts a guided diagnosis in the user's language, one question at a time, to the cause and its fix.",
            arguments: [
                .init(name: "lang", title: "Language", description: "en or ar", required: false),
                .init(
                    name: "error", title: "Error text", description: "The error as the user pasted it", required: false),
            ])
    }

    func prompt(_ request: GetPrompt.Parameters) throws -> GetPrompt.Result {
        guard request.name == prompt.name else {
            throw MCPError.invalidParams("no prompt '\(request.name)'; the prompt is \(prompt.name)")
        }
        let code = request.arguments?["lang"] ?? settings.language.rawValue
        guard let language = Language(rawValue: code) else {
            throw MCPError.invalidParams("diagnose-email: 'lang' must be en or ar")
        }
        let error = request.arguments?["error"].flatMap { $0.isEmpty ? nil : $0 }
        let text: String
        if language == .ar {
            text = """
                ساعدني في معرفة سبب فشل إرسال البريد من Odoo. استخدم أداة diagnose_step بالعربية \
                ("lang": "ar")، وابدأ بـ "state": null\(error == nil ? "" : " ونص الخطأ في \"error\""). \
                في كل خطوة اطرح عليّ السؤال بكلمات بسيطة مع خياراته، ثم أعد إجابتي في "answers" مع "state" \
                من النتيجة السابقة؛ وإن لم أعرف الجواب فأرسل "unknown". عند التشخيص اعرض السبب وخطوات \
                الإصلاح، ثم اسألني هل نجح الإصلاح وأرسل الجواب في "fixResult".
                """
        } else {
            text = """
                Help me find out why Odoo cannot send email. Use the diagnose_step tool with "lang": "en", \
                starting with "state": null\(error == nil ? "" : " and the error text as \"error\""). At each \
                step, ask me the question in plain words with its choices, then send my answer in "answers" \
                with the "state" from the last result; if I do not know, send "unknown". At the diagnosis, \
                show the cause and the fix steps, then ask me whether the fix worked and send it as "fixResult".
                """
        }
        var messages: [Prompt.Message] = [.user(.text(text: text))]
        if let error { messages.append(.user(.text(text: error))) }
        return GetPrompt.Result(description: prompt.description, messages: messages)
    }
}

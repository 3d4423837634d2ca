import ChatProtocol
import Foundation
import Inference
import KnowledgeBase
import MCP
import Probes
import Rendering
import Service

/// Mail Doctor as an MCP server: the tools, the docs as resources and a prompt that starts a
/// guided diagnosis, over stdio with the official Swift SDK. Another thin driver of the same
/// `Conversation`, the same signed chat state and the same probes' guard as `step`.
package struct MailDoctorMCP: Sendable {
    /// What the operator allowed when starting the server.
    package struct Settings: Sendable {
        package var language: Language
        package var allowProbes: Bool
        package var allowPrivateTargets: Bool
        /// The JSON Schemas of the tools' input and output (the repository's `schemas/`).
        package var schemas: URL
        /// `MAIL_DOCTOR_STATE_KEY`, which signs `diagnose_step`'s state as it signs `step`'s.
        package var stateKey: String?
        /// The version the server reports: the CLI's.
        package var version: String

        package init(
            language: Language, allowProbes: Bool, allowPrivateTargets: Bool, schemas: URL, stateKey: String?,
            version: String
        ) {
            self.version = version
            self.language = language
            self.allowProbes = allowProbes
            self.allowPrivateTargets = allowPrivateTargets
            self.schemas = schemas
            self.stateKey = stateKey
        }
    }

    let engine: Engine
    let settings: Settings
    let catalog: ToolCatalog
    private let pages: DocsPages
    /// The generated docs by path (`en/index.md`), made on first use: start-up stays quick for
    /// a client that never reads them.
    var docs: [String: String] { pages.value }

    /// Fails when a schema file is missing or broken: a tool without its contract is not served.
    package init(knowledge: KnowledgeBase, settings: Settings) throws {
        engine = Engine(knowledge: knowledge)
        self.settings = settings
        catalog = try ToolCatalog(
            schemas: settings.schemas, language: settings.language,
            probes: settings.allowProbes)
        pages = DocsPages(knowledge: knowledge)
    }

    /// Serves one client on stdin and stdout until it disconnects.
    package func run() async throws {
        let transport = DrainingTransport()
        let server = Server(
            name: "mail-doctor", version: settings.version, title: "Mail Doctor",
            instructions: settings.language == .ar
                ? "يشخّص فشل إرسال البريد من Odoo عبر SMTP: اشرح نص خطأ، أو ابدأ تشخيصاً موجّهاً بـ diagnose_step."
                : "Diagnoses why Odoo cannot send email over SMTP: explain an error text, or run a guided diagnosis with diagnose_step.",
            capabilities: .init(prompts: .init(), resources: .init(), tools: .init()))
        let service = self
        await server.withMethodHandler(ListTools.self) { _ in ListTools.Result(tools: service.catalog.tools) }
        await server.withMethodHandler(CallTool.self) { call in try await service.call(call) }
        await server.withMethodHandler(ListResources.self) { _ in ListResources.Result(resources: service.resources) }
        await server.withMethodHandler(ReadResource.self) { request in try service.read(request.uri) }
        await server.withMethodHandler(ListPrompts.self) { _ in ListPrompts.Result(prompts: [service.prompt]) }
        await server.withMethodHandler(GetPrompt.self) { request in try service.prompt(request) }
        try await server.start(transport: transport)
        // The transport ends its stream when the client has closed stdin and every request has
        // its response; the server then ends.
        await server.waitUntilCompleted()
        await server.stop()
    }

    /// One tool call; every refusal is an MCP error that says what to change.
    func call(_ call: CallTool.Parameters) async throws -> CallTool.Result {
        switch call.name {
        case "explain_error": return try explain(call.arguments)
        case "diagnose_step": return try step(call.arguments)
        case "provider_settings": return try providerSettings(call.arguments)
        case "scan_log": return try scan(call.arguments)
        case "probe": return try await probe(call.arguments)
        default:
            throw MCPError.methodNotFound(
                "no tool '\(call.name)'; the tools are "
                    + catalog.tools.map(\.name).joined(separator: ", "))
        }
    }

    /// The result of a tool: the structured value, and the same JSON as text for clients that
    /// read only text (as the MCP specification asks).
    static func result<Output: Codable>(_ output: Output) throws -> CallTool.Result {
        try CallTool.Result(
            content: [.text(JSONRenderer.render(output, pretty: false))], structuredContent: try Value(output))
    }
}

/// The docs pages, generated once, when first asked for.
final class DocsPages: @unchecked Sendable {
    private let knowledge: KnowledgeBase
    private let lock = NSLock()
    private var pages: [String: String]?

    init(knowledge: KnowledgeBase) { self.knowledge = knowledge }

    var value: [String: String] {
        lock.lock()
        defer { lock.unlock() }
        if let pages { return pages }
        let made = DocsGenerator(knowledge: knowledge).pages()
        pages = made
        return made
    }
}

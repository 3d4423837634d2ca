import ChatProtocol
import Foundation
import Inference
import KnowledgeBase
import MCP
import Probes
import Rendering
import Service

extension MailDoctorMCP {
    /// `explain_error`: the ranking an error text gives, as `explain --format json` shows it.
    func explain(_ values: [String: Value]?) throws -> CallTool.Result {
        let arguments = try ToolArguments(tool: "explain_error", values: values, allowed: ["text", "lang"])
        let language = try arguments.language(default: settings.language)
        let text = try arguments.string("text", required: true, limit: StepRequestParser.maximumBytes)!
        return try Self.result(Explanation.report(for: text, engine: engine, language: language).report)
    }

    /// `diagnose_step`: one turn of the step protocol; the arguments are a step request.
    func step(_ values: [String: Value]?) throws -> CallTool.Result {
        var request = values ?? [:]
        if request["lang"] == nil { request["lang"] = .string(settings.language.rawValue) }
        let data = try JSONEncoder().encode(request)
        let service = StepService(engine: engine, codec: StateCodec(secret: settings.stateKey))
        switch service.respond(to: data) {
        case .success(let response): return try Self.result(response)
        case .failure(let refusal):
            let field = refusal.error.field.map { " (\($0))" } ?? ""
            throw MCPError.invalidParams("diagnose_step: \(refusal.error.code)\(field): \(refusal.error.message)")
        }
    }

    /// `provider_settings`: by provider id or by an SMTP host name.
    func providerSettings(_ values: [String: Value]?) throws -> CallTool.Result {
        let arguments = try ToolArguments(
            tool: "provider_settings", values: values, allowed: ["provider", "host", "lang"])
        let language = try arguments.language(default: settings.language)
        let knowledge = engine.knowledge
        let known = knowledge.providers.map(\.id).joined(separator: ", ")
        let found: Provider
        if let id = try arguments.string("provider") {
            guard let provider = knowledge.provider(id) else {
                throw MCPError.invalidParams("provider_settings: no provider '\(id)'; the providers are \(known)")
            }
            found = provider
        } else if let host = try arguments.string("host") {
            guard let provider = ProviderSettings.provider(forHost: host, in: knowledge) else {
                throw MCPError.invalidParams(
                    "provider_settings: '\(host)' is not a host of a known provider; the providers are \(known)")
            }
            found = provider
        } else {
            throw MCPError.invalidParams("provider_settings: give 'provider' (an id such as gmail) or 'host'")
        }
        return try Self.result(ProviderSettings(found, language: language))
    }

    /// `scan_log`: the text of a log, never a path (a client must not make the server read files).
    func scan(_ values: [String: Value]?) throws -> CallTool.Result {
        let arguments = try ToolArguments(tool: "scan_log", values: values, allowed: ["text", "lang"])
        let language = try arguments.language(default: settings.language)
        let text = try arguments.string("text", required: true, limit: StepRequestParser.maximumBytes)!
        let scan = LogScan(engine: engine)
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) { scan.consume(line) }
        return try Self.result(scan.report(file: "-", language: language))
    }

    /// `probe`: the safe sweep (no login, never DATA), only when the operator allowed probes,
    /// and never to loopback or private addresses unless allowed too; the guard judges the
    /// addresses the connection would use, before any packet is sent to the target.
    func probe(_ values: [String: Value]?) async throws -> CallTool.Result {
        guard settings.allowProbes else {
            throw MCPError.invalidParams(
                "probe: live probes are off; the operator must start the server with mail-doctor mcp --allow-probes")
        }
        let arguments = try ToolArguments(
            tool: "probe", values: values, allowed: ["host", "port", "encryption", "from", "domain", "lang"])
        let language = try arguments.language(default: settings.language)
        let host = try arguments.string("host", required: true, limit: 253)!
        var facts: [(String, String?)] = [
            (ProbeFacts.host, host), (ProbeFacts.port, try arguments.integer("port").map(String.init)),
            (ProbeFacts.encryption, try arguments.string("encryption")),
        ]
        let domain = try arguments.string("domain", limit: 253)
        facts.append((ProbeFacts.from, try arguments.string("from") ?? domain.map { "postmaster@\($0)" }))
        var conversation = Conversation(engine: engine, channel: .assistant)
        for case (let fact, let value?) in facts {
            do throws(InferenceError) {
                try conversation.handle(.given(fact: fact, value: value, origin: .flag))
            } catch {
                throw MCPError.invalidParams("probe: \(error.message(in: language, knowledge: engine.knowledge))")
            }
        }
        let caseFacts = conversation.facts
        var context = ProbeContext(facts: caseFacts, policy: TargetPolicy(allowPrivate: settings.allowPrivateTargets))
        context.use(ProviderSettings.provider(forHost: host, in: engine.knowledge))
        // The rules folder ships beside schemas/ (and holds the Public Suffix List).
        context.publicSuffixes = PublicSuffixList.shipped(
            inRules: settings.schemas.deletingLastPathComponent().appendingPathComponent("rules").path)
        if let refusal = await context.refusal(for: host) {
            throw MCPError.invalidParams("probe: \(refusal)")
        }
        let clock = ContinuousClock()
        let start = clock.now
        let outcomes = await ProbeRunner().run(context, names: ProbeContext.safeSweep)
        let seconds = (clock.now - start).seconds
        try? conversation.handle(.measured(ProbeFindings.measurement(outcomes, host: host)))
        return try Self.result(
            ProbeFindings.report(
                outcomes, context: context, conversation: conversation, seconds: seconds, language: language,
                evidence: true))
    }
}

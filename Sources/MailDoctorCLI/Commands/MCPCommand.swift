import ArgumentParser
import Foundation
import KnowledgeBase
import MCPServer

/// `mail-doctor mcp`: the MCP server on stdio, for AI assistants and helpdesk bots.
struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve Mail Doctor's tools to an AI assistant over MCP (stdio).",
        discussion: """
            An MCP client starts this command and talks JSON-RPC on its stdin and stdout; \
            nothing else is written to stdout, and messages go to stderr. Tools: explain_error, \
            diagnose_step, provider_settings, scan_log and (only with --allow-probes) probe; the \
            generated docs are resources, and the diagnose-email prompt starts a guided \
            diagnosis. It ends when the client closes the connection. The diagnose_step state is \
            signed with MAIL_DOCTOR_STATE_KEY, as step's is.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Allow the probe tool (off by default: a chat user must not make the server scan).")
    var allowProbes = false

    @Flag(help: "With --allow-probes, also allow targets in loopback and private ranges.")
    var allowPrivateTargets = false

    func validate() throws {
        if allowPrivateTargets && !allowProbes {
            throw ValidationError("--allow-private-targets needs --allow-probes")
        }
    }

    func run() async throws {
        let knowledge = try global.loadKnowledge()
        let rules = URL(fileURLWithPath: try global.rulesDirectory()).standardizedFileURL
        // The tools' schemas are shipped beside the rules (schemas/ next to rules/).
        let schemas = rules.deletingLastPathComponent().appendingPathComponent("schemas")
        guard FileManager.default.fileExists(atPath: schemas.appendingPathComponent("report.schema.json").path) else {
            throw MailDoctorError.unavailable(
                "mail-doctor mcp: the tools' schemas are not beside the rules (\(schemas.path))")
        }
        let settings = MailDoctorMCP.Settings(
            language: global.language, allowProbes: allowProbes, allowPrivateTargets: allowPrivateTargets,
            schemas: schemas, stateKey: ProcessInfo.processInfo.environment["MAIL_DOCTOR_STATE_KEY"],
            version: MailDoctor.version)
        let server: MailDoctorMCP
        do {
            server = try MailDoctorMCP(knowledge: knowledge, settings: settings)
        } catch {
            throw MailDoctorError.unavailable("mail-doctor mcp: \(error)")
        }
        try await server.run()
    }
}

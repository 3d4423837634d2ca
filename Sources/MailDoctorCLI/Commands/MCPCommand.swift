import ArgumentParser
import Foundation
import KnowledgeBase

/// `mail-doctor mcp`: the MCP server on stdio, for AI assistants and helpdesk bots.
struct MCPCommand: ParsableCommand {
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

    @OptionGroup var probing: ProbeGuardOptions

    func run() throws {
        // The rules are loaded here first so that broken rules end with their diagnostics and
        // 65, as in every command, before a client sees a server.
        _ = try global.loadKnowledge()
        let rules = URL(fileURLWithPath: try global.rulesDirectory()).standardizedFileURL
        // The tools' schemas are shipped beside the rules (schemas/ next to rules/).
        let schemas = rules.deletingLastPathComponent().appendingPathComponent("schemas")
        guard FileManager.default.fileExists(atPath: schemas.appendingPathComponent("report.schema.json").path) else {
            throw MailDoctorError.unavailable(
                "mail-doctor mcp: the tools' schemas are not beside the rules (\(schemas.path))")
        }
        guard let helper = Self.helperPath() else {
            throw MailDoctorError.unavailable(
                "mail-doctor mcp: mail-doctor-mcp is not installed beside mail-doctor (build it with swift build)")
        }
        var arguments = [
            helper, "--rules", rules.path, "--display-root", global.displayRoot, "--schemas", schemas.path,
            "--lang", global.language.rawValue, "--version", MailDoctor.version,
        ]
        if probing.allowProbes { arguments.append("--allow-probes") }
        if probing.allowPrivateTargets { arguments.append("--allow-private-targets") }
        // The helper takes over this process: stdin, stdout and the environment are the client's.
        let argv = arguments.map { strdup($0) } + [nil]
        execv(helper, argv)
        throw MailDoctorError.unavailable(
            "mail-doctor mcp: cannot start \(helper): \(String(cString: strerror(errno)))")
    }

    /// `mail-doctor-mcp` beside this binary (a build), or in `../lib/mail-doctor/` (installed).
    static func helperPath() -> String? {
        let folder = RulesLocator.parent(of: RulesLocator.executablePath())
        return [
            RulesLocator.child(folder, "mail-doctor-mcp"),
            RulesLocator.child(RulesLocator.parent(of: folder), "lib/mail-doctor/mail-doctor-mcp"),
        ].first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

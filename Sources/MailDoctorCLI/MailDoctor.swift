import ArgumentParser
import Foundation

/// The `mail-doctor` command: finds out why Odoo cannot send email over SMTP.
@main
struct MailDoctor: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "mail-doctor",
        abstract: "Find out why Odoo cannot send email over SMTP, in Arabic or English.",
        discussion: """
            Exit status: 0 success; 1 problems found (probe); 64 usage error; \
            65 bad input data (broken rules, bad answers or request); \
            69 a needed service, feature or the rules folder unavailable; 70 internal error; \
            74 the output cannot be written.

            Files: the rules in /usr/share/mail-doctor/rules (or ../share/mail-doctor/rules beside \
            the binary, or --rules DIR); the JSON Schemas of the step protocol and the MCP tools in \
            /usr/share/mail-doctor/schemas; the compiled rules cache in \
            $XDG_CACHE_HOME/mail-doctor (default ~/.cache/mail-doctor); Odoo's own \
            /etc/odoo/odoo.conf when given with --config.

            Environment: LANG (ar for Arabic output), NO_COLOR, MAIL_DOCTOR_RULES, \
            MAIL_DOCTOR_CACHE_DIR, MAIL_DOCTOR_STATE_KEY (signs the chat state), \
            MAIL_DOCTOR_SMTP_PASSWORD and MAIL_DOCTOR_ODOO_KEY (never printed).
            """,
        version: version,
        subcommands: [
            DiagnoseCommand.self, ExplainCommand.self, ScanCommand.self, ProbeCommand.self,
            HeadersCommand.self, StepCommand.self, MCPCommand.self, DocsCommand.self, LintCommand.self,
        ]
    )

    /// `step` straight away: a chat turn is a new process, and parsing as root first reflects over
    /// every subcommand's options (about 3 ms of a turn). The usual arguments are read without
    /// ArgumentParser at all (`StepArguments`); whatever the step parser does not accept as a
    /// plain run (an unknown option, `--help`, which it throws as a clean exit) goes through the
    /// root parser, so every message stays the root's.
    static func chatTurn() -> ChatTurn? {
        let arguments = CommandLine.arguments.dropFirst()
        guard arguments.first == "step" else { return nil }
        if let turn = StepArguments.turn(arguments.dropFirst()) { return turn }
        return (try? StepCommand.parse(Array(arguments.dropFirst())))?.turn
    }

    /// Parses and runs the command, turning every error into its sentence and exit code.
    static func main() async {
        // A closed pipe must come back as an error from write(2), not kill the process.
        signal(SIGPIPE, SIG_IGN)
        do {
            if let turn = chatTurn() {
                // Without probes nothing awaits: the turn stays on the main thread.
                if turn.allowProbes { try await turn.run() } else { try turn.runWithoutProbes() }
                return
            }
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as MailDoctorError {
            if !error.description.isEmpty { Console.error(error.description) }
            Foundation.exit(error.exitCode)
        } catch {
            exit(withError: error)
        }
    }
}

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
            Exit codes: 0 success, 1 problems found (probe), 64 usage error, \
            65 bad input data (broken rules, bad answers or request), \
            69 a needed service, feature or the rules folder unavailable, 70 internal error, \
            74 the output cannot be written.
            """,
        version: version,
        subcommands: [
            DiagnoseCommand.self, ExplainCommand.self, ScanCommand.self, ProbeCommand.self,
            StepCommand.self, MCPCommand.self, DocsCommand.self, LintCommand.self,
        ]
    )

    /// Parses and runs the command, turning every error into its sentence and exit code.
    static func main() async {
        // A closed pipe must come back as an error from write(2), not kill the process.
        signal(SIGPIPE, SIG_IGN)
        do {
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

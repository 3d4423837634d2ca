import ArgumentParser

/// The `mail-doctor` command: finds out why Odoo cannot send email over SMTP.
@main
struct MailDoctor: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "mail-doctor",
        abstract: "Find out why Odoo cannot send email over SMTP, in Arabic or English.",
        discussion: """
            Exit codes: 0 success, 1 problems found (probe), 64 usage error, \
            65 bad input data (broken rules, bad answers or request), \
            69 a needed service or feature unavailable, 70 internal error.
            """,
        version: version,
        subcommands: [
            DiagnoseCommand.self, ExplainCommand.self, ScanCommand.self, ProbeCommand.self,
            StepCommand.self, DocsCommand.self, LintCommand.self,
        ]
    )
}

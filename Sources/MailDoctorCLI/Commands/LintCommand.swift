import ArgumentParser
import RuleLoader

/// `mail-doctor lint`: checks the rules like a compiler checks code.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check rules/: syntax, references, both languages, patterns, examples.",
        discussion: "Exit 0 when clean, 65 when there are errors (or warnings with --strict)."
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    func run() throws {
        let directory = try global.rulesDirectory()
        let result = RuleLoader.load(directory: directory, displayRoot: global.displayRoot)
        for diagnostic in result.diagnostics { Console.error(diagnostic.description) }
        let knowledge = result.knowledge
        let failing = result.errors.count + (strict ? result.warnings.count : 0)
        let summary =
            "\(knowledge.causes.count) causes, \(knowledge.fixes.count) fixes, "
            + "\(knowledge.questions.count) questions, \(knowledge.signatures.count) signatures, "
            + "\(knowledge.providers.count) providers, \(knowledge.facts.count) facts: "
            + "\(result.errors.count) error(s), \(result.warnings.count) warning(s)"
        Console.error(summary)
        if failing > 0 { throw MailDoctorError.exit(ExitCodes.dataError) }
    }
}

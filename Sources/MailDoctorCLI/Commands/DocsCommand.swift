import ArgumentParser

/// `mail-doctor docs`: not built yet.
struct DocsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "docs", abstract: "(not built yet)")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        Console.error("mail-doctor docs: this command is not built yet.")
        throw ExitCode(ExitCodes.unavailable)
    }
}

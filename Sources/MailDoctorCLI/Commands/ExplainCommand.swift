import ArgumentParser

/// `mail-doctor explain`: not built yet.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explain", abstract: "(not built yet)")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        Console.error("mail-doctor explain: this command is not built yet.")
        throw ExitCode(ExitCodes.unavailable)
    }
}

import ArgumentParser

/// `mail-doctor step`: not built yet.
struct StepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "step", abstract: "(not built yet)")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        Console.error("mail-doctor step: this command is not built yet.")
        throw ExitCode(ExitCodes.unavailable)
    }
}

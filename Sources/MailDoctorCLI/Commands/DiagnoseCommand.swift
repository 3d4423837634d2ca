import ArgumentParser

/// `mail-doctor diagnose`: not built yet.
struct DiagnoseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "diagnose", abstract: "(not built yet)")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        Console.error("mail-doctor diagnose: this command is not built yet.")
        throw ExitCode(ExitCodes.unavailable)
    }
}

import ArgumentParser

/// `mail-doctor probe`: not built yet.
struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "probe", abstract: "(not built yet)")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        Console.error("mail-doctor probe: this command is not built yet.")
        throw ExitCode(ExitCodes.unavailable)
    }
}

import ArgumentParser

/// `mail-doctor scan`: not built yet.
struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "scan", abstract: "(not built yet)")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        Console.error("mail-doctor scan: this command is not built yet.")
        throw ExitCode(ExitCodes.unavailable)
    }
}

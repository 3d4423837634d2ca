import Foundation

/// Finds the shipped `rules/` folder without being told: from `MAIL_DOCTOR_RULES`, next to an
/// installed binary (`../share/mail-doctor/rules`), above the binary (a build inside the
/// checkout), or in the checkout this binary was built from.
enum RulesLocator {
    static func shippedRules() -> String? {
        let fileManager = FileManager.default
        func isRules(_ path: String) -> Bool {
            fileManager.fileExists(atPath: path + "/facts.yaml")
        }
        if let fromEnvironment = ProcessInfo.processInfo.environment["MAIL_DOCTOR_RULES"],
            !fromEnvironment.isEmpty
        {
            return fromEnvironment
        }
        let executable = URL(fileURLWithPath: executablePath()).resolvingSymlinksInPath().deletingLastPathComponent()
        let installed = executable.appendingPathComponent("../share/mail-doctor/rules")
            .standardizedFileURL.path
        if isRules(installed) { return installed }
        var directory = executable
        for _ in 0..<6 {
            let candidate = directory.appendingPathComponent("rules").path
            if isRules(candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        // The checkout the binary was built from: Sources/MailDoctorCLI/RulesLocator.swift.
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("rules").path
        return isRules(checkout) ? checkout : nil
    }

    /// The running binary's own path. `argv[0]` is only what the shell was given (`mail-doctor`
    /// when it was found on PATH), so Linux's /proc/self/exe is asked first.
    static func executablePath() -> String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        return CommandLine.arguments.first ?? ""
    }
}

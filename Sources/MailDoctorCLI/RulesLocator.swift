import Foundation

/// Finds the shipped `rules/` folder without being told: from `MAIL_DOCTOR_RULES`, next to an
/// installed binary (`../share/mail-doctor/rules`), above the binary (a build inside the
/// checkout), or in the checkout this binary was built from.
///
/// Paths are handled as strings with `realpath(3)` and `access(2)`, and the variable read with
/// getenv: every chat turn asks, and Foundation's URL resolution took a third of a millisecond
/// of it.
enum RulesLocator {
    static func shippedRules() -> String? {
        func isRules(_ path: String) -> Bool { access(path + "/facts.yaml", F_OK) == 0 }
        if let fromEnvironment = getenv("MAIL_DOCTOR_RULES").map({ String(cString: $0) }), !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        var directory = parent(of: resolved(executablePath()))
        let installed = parent(of: directory) + "/share/mail-doctor/rules"
        if isRules(installed) { return installed }
        for _ in 0..<6 {
            let candidate = (directory == "/" ? "" : directory) + "/rules"
            if isRules(candidate) { return candidate }
            directory = parent(of: directory)
        }
        // The checkout the binary was built from: Sources/MailDoctorCLI/RulesLocator.swift.
        let checkout = parent(of: parent(of: parent(of: #filePath))) + "/rules"
        return isRules(checkout) ? checkout : nil
    }

    /// The running binary's own path. `argv[0]` is only what the shell was given (`mail-doctor`
    /// when it was found on PATH), so Linux's /proc/self/exe is asked first.
    static func executablePath() -> String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        return CommandLine.arguments.first ?? ""
    }

    /// The absolute path with every symbolic link resolved, or the path itself when it cannot be.
    static func resolved(_ path: String) -> String {
        guard let real = realpath(path, nil) else {
            return path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        }
        defer { free(real) }
        return String(cString: real)
    }

    /// The folder holding `path` ("/" for a path at the root).
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

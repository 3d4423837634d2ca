import Foundation

extension SMTPReply {
    /// The extensions a 250 reply to EHLO lists: keyword (upper case) to its parameters.
    var ehloExtensions: [String: String] {
        var extensions: [String: String] = [:]
        for line in lines.dropFirst() {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard let keyword = parts.first else { continue }
            extensions[keyword.uppercased()] = parts.count > 1 ? String(parts[1]) : ""
        }
        return extensions
    }
}

extension SMTPConnection {
    /// Logs in with AUTH PLAIN, or AUTH LOGIN when PLAIN is not offered; nil when the server
    /// offers neither (`mechanisms` is its AUTH parameter list). The transcript shows neither
    /// the password nor its encodings.
    func login(user: String, password: Secret, mechanisms: [Substring]) async throws -> SMTPReply? {
        let secret = password.reveal()
        if mechanisms.contains("PLAIN") {
            let token = Data("\u{0}\(user)\u{0}\(secret)".utf8).base64EncodedString()
            return try await command("AUTH PLAIN \(token)", shown: "AUTH PLAIN ••••••")
        }
        if mechanisms.contains("LOGIN") {
            _ = try await command("AUTH LOGIN")
            _ = try await command(Data(user.utf8).base64EncodedString(), shown: "(user name)")
            return try await command(Data(secret.utf8).base64EncodedString(), shown: "••••••")
        }
        return nil
    }
}

extension [String: String] {
    /// The AUTH mechanisms an EHLO extension list offers, upper case.
    var authMechanisms: [Substring] { (self["AUTH"] ?? "").uppercased().split(separator: " ") }
}

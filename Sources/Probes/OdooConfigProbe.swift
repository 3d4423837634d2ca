import Foundation
import KnowledgeBase

/// Reads odoo.conf as Odoo writes it (an INI file with an `[options]` section) and turns its
/// SMTP options into facts. `smtp_ssl` means STARTTLS (Odoo's own comment: "smtp_ssl =>
/// STARTTLS as of v7"), not implicit SSL. The password is kept apart and never becomes a fact.
package struct OdooConfigProbe: Probe {
    package let name = ProbeName.odooConfig

    package func applies(to context: ProbeContext) -> Bool { context.configPath != nil }

    /// Reports what the file says; the settings themselves already shaped the context.
    package func run(_ context: ProbeContext) async -> [ProbeOutcome] {
        guard let path = context.configPath else { return [] }
        switch read(path: path) {
        case .failure(let failure):
            return [
                ProbeOutcome(
                    probe: name, check: "file", status: .problem,
                    message: LocalizedText(en: failure.description, ar: "تعذّرت قراءة ملف الإعداد \(path)"))
            ]
        case .success(let settings):
            let facts = settings.facts
            let summary =
                "\(facts[ProbeFacts.host] ?? "?"):\(facts[ProbeFacts.port] ?? "?") \(facts[ProbeFacts.encryption] ?? "")"
            let defaulted = settings.options["smtp_server"] == nil
            return [
                ProbeOutcome(
                    probe: name, check: "file", status: defaulted ? .unknown : .ok,
                    message: LocalizedText(
                        en: defaulted
                            ? "\(path) sets no smtp_server: Odoo falls back to \(summary)" : "\(path): \(summary)",
                        ar: defaulted
                            ? "الملف \(path) لا يحدد smtp_server، فيلجأ Odoo إلى \(summary)" : "\(path): \(summary)"),
                    facts: facts,
                    evidence: settings.options.keys.sorted().map { "\($0) = \(settings.options[$0]!)" }
                        + (settings.password == nil ? [] : ["smtp_password = \(Secret("x"))"]))
            ]
        }
    }

    /// The SMTP part of an odoo.conf.
    package struct Settings: Sendable, Equatable {
        package var options: [String: String]
        /// Present only so a later AUTH probe can use it; never printed or stored.
        package var password: String?

        /// The facts these settings establish, with the encryption in Odoo's own words.
        package var facts: [String: String] {
            var facts: [String: String] = [:]
            facts[ProbeFacts.host] = options["smtp_server"] ?? "localhost"
            facts[ProbeFacts.port] = options["smtp_port"] ?? "25"
            if let ssl = options["smtp_ssl"] {
                facts[ProbeFacts.encryption] = OdooConfigProbe.isTrue(ssl) ? "starttls" : "none"
            } else {
                facts[ProbeFacts.encryption] = "none"
            }
            if let user = options["smtp_user"], !OdooConfigProbe.isFalse(user) {
                facts[ProbeFacts.user] = user
            }
            if let from = options["email_from"], !OdooConfigProbe.isFalse(from) {
                facts[ProbeFacts.from] = from
            }
            facts[ProbeFacts.odooHosting] = "on-premise"
            return facts
        }
    }

    package init() {}

    package func read(path: String) -> Result<Settings, ProbeError> {
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(.unreadable(path))
        }
        return parse(String(decoding: data, as: UTF8.self), path: path)
    }

    /// Parses the text of an odoo.conf. Odoo reads it with Python's ConfigParser: `key = value`
    /// or `key: value`, `;` and `#` comments, section names in brackets; `False` means unset.
    package func parse(_ text: String, path: String) -> Result<Settings, ProbeError> {
        var section: String?
        var sawOptions = false
        var options: [String: String] = [:]
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix(";") || line.hasPrefix("#") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                section = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                if section == "options" { sawOptions = true }
                continue
            }
            guard section == "options" else { continue }
            guard let separator = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else { continue }
            let key = line[..<separator].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: separator)...].trimmingCharacters(in: .whitespaces)
            options[key] = value
        }
        guard sawOptions else { return .failure(.noOptionsSection(path)) }
        var password = options.removeValue(forKey: "smtp_password")
        if let value = password, Self.isFalse(value) { password = nil }
        let smtpKeys = [
            "smtp_server", "smtp_port", "smtp_ssl", "smtp_user", "email_from",
            "from_filter", "smtp_ssl_certificate_filename",
            "smtp_ssl_private_key_filename",
        ]
        let kept = options.filter { smtpKeys.contains($0.key) && !Self.isFalse($0.value) }
        return .success(Settings(options: kept, password: password))
    }

    static func isTrue(_ value: String) -> Bool {
        ["true", "1", "yes", "on"].contains(value.lowercased())
    }

    static func isFalse(_ value: String) -> Bool {
        ["false", "0", "no", "off", "none", ""].contains(value.lowercased())
    }
}

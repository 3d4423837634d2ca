import ArgumentParser
import Foundation
import KnowledgeBase
import Probes

/// The flags that aim the live probes. Passwords never come from a flag: they come from
/// odoo.conf, MAIL_DOCTOR_SMTP_PASSWORD, or a prompt without echo (`--ask-password`).
struct ProbeOptions: ParsableArguments {
    @Option(help: "Read the SMTP settings (and smtp_password) from this odoo.conf.")
    var config: String?

    @Option(help: "The SMTP server host name.")
    var host: String?

    @Option(help: "The SMTP port.")
    var port: Int?

    @Option(help: "Connection encryption as Odoo names it: none, starttls or ssl.")
    var encryption: String?

    @Option(help: "The SMTP user name.")
    var user: String?

    @Option(name: .customLong("from"), help: "The sender (From) address.")
    var from: String?

    @Option(name: .customLong("to"), help: "Recipient for the RCPT TO test (default: the sender).")
    var recipient: String?

    @Flag(help: "Log in (AUTH) and test MAIL FROM / RCPT TO; never sends DATA.")
    var auth = false

    @Flag(help: "Prompt for the SMTP password without echo.")
    var askPassword = false

    @Option(name: .customLong("dns-server"), help: "Ask this DNS server (IPv4[:port]) instead of the system's.")
    var dnsServer: String?

    @Option(name: .customLong("dkim-selector"), help: "A DKIM selector to look for (repeatable).")
    var dkimSelectors: [String] = []

    @Option(name: .customLong("time-server"), help: "SNTP server host[:port], or an http:// URL for its Date header.")
    var timeServer: String?

    @Option(name: .customLong("odoo-url"), help: "Odoo's URL, for the version and (with --odoo-db, --odoo-login and MAIL_DOCTOR_ODOO_KEY) the mail records.")
    var odooURL: String?

    @Option(name: .customLong("odoo-db"), help: "Odoo database name.")
    var odooDatabase: String?

    @Option(name: .customLong("odoo-login"), help: "Odoo login (an administrator); the API key comes from MAIL_DOCTOR_ODOO_KEY.")
    var odooLogin: String?

    @Option(name: .customLong("ca-file"), help: "Extra trusted CA certificates (PEM).")
    var caFile: String?

    @Option(help: "Seconds for each connect and reply (default 5).")
    var timeout: Double?

    /// Builds the probe context from odoo.conf, flags, the environment and known facts.
    func context(facts: Facts = Facts(), provider: Provider?, allowPrivate: Bool) throws -> ProbeContext {
        var context = ProbeContext(policy: TargetPolicy(allowPrivate: allowPrivate))
        var password: Secret?
        if let config {
            switch OdooConfigProbe().read(path: config) {
            case .failure(let failure):
                Console.error("mail-doctor: \(failure)")
                throw ExitCode(ExitCodes.dataError)
            case .success(let settings):
                context.configPath = config
                let values = settings.facts
                context.host = values["smtp.host"]
                context.port = values["smtp.port"].flatMap { Int($0) }
                context.encryption = values["smtp.encryption"]
                context.user = values["smtp.user"]
                context.from = values["mail.from"]
                password = settings.password.map(Secret.init)
            }
        }
        context.host = host ?? context.host ?? facts.value("smtp.host")
        context.port = port ?? context.port ?? facts.number("smtp.port").map { Int($0) }
        context.encryption = encryption ?? context.encryption ?? facts.value("smtp.encryption")
        context.user = user ?? context.user ?? facts.value("smtp.user")
        context.from = from ?? context.from ?? facts.value("mail.from")
        context.recipient = recipient
        if let environment = ProcessInfo.processInfo.environment["MAIL_DOCTOR_SMTP_PASSWORD"], !environment.isEmpty {
            password = Secret(environment)
        }
        if askPassword, let typed = Self.promptWithoutEcho("SMTP password: ") { password = Secret(typed) }
        context.password = password
        context.depth = auth ? .auth : .safe
        if let dnsServer {
            let parts = dnsServer.split(separator: ":")
            context.dnsServer = (String(parts[0]), parts.count > 1 ? Int(parts[1]) ?? 53 : 53)
        }
        context.dkimSelectors = dkimSelectors + (provider?.dkimSelectors ?? [])
        context.spfInclude = provider?.spfInclude
        context.timeServer = timeServer
        context.odooURL = odooURL
        context.odooDatabase = odooDatabase
        context.odooLogin = odooLogin
        if let key = ProcessInfo.processInfo.environment["MAIL_DOCTOR_ODOO_KEY"], !key.isEmpty {
            context.odooKey = Secret(key)
        }
        context.caFile = caFile
        if let timeout, timeout > 0 { context.timeouts = .uniform(seconds: timeout) }
        return context
    }

    static func promptWithoutEcho(_ prompt: String) -> String? {
        guard let pointer = getpass(prompt) else { return nil }
        let text = String(cString: pointer)
        return text.isEmpty ? nil : text
    }
}

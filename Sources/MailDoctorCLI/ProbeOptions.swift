import ArgumentParser
import Foundation
import Inference
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

    @Option(
        name: .customLong("client-ip"),
        help: "The address mail leaves from (the Odoo server's public IP), for an SPF verdict on it.")
    var clientAddress: String?

    @Option(
        name: .customLong("ip"),
        help: "The sending IP to check against the blocklists and for reverse DNS (default: --client-ip).")
    var sendingAddress: String?

    @Option(name: .customLong("dkim-selector"), help: "A DKIM selector to look for (repeatable).")
    var dkimSelectors: [String] = []

    @Option(
        name: .customLong("time-server"),
        help: "SNTP server host[:port], or an http:// or https:// URL for its Date header.")
    var timeServer: String?

    @Option(
        name: .customLong("odoo-url"),
        help:
            "Odoo's URL, for the version and (with --odoo-db, --odoo-login and MAIL_DOCTOR_ODOO_KEY) the mail records.")
    var odooURL: String?

    @Option(name: .customLong("odoo-db"), help: "Odoo database name.")
    var odooDatabase: String?

    @Option(
        name: .customLong("odoo-login"),
        help: "Odoo login (an administrator); the API key comes from MAIL_DOCTOR_ODOO_KEY.")
    var odooLogin: String?

    @Option(name: .customLong("ca-file"), help: "Extra trusted CA certificates (PEM).")
    var caFile: String?

    @Option(help: "Seconds for each connect and reply (default 5).")
    var timeout: Double?

    /// The longest a probe may wait for one connect or reply.
    static let maximumTimeout = 300.0

    /// Every flag is checked before anything runs: an empty, huge or malformed value is a
    /// usage error (64) with a sentence, never a trap deep inside a probe.
    func validate() throws {
        if let port { try Self.checkPort(port, flag: "--port") }
        if let timeout {
            guard timeout.isFinite, timeout > 0, timeout <= Self.maximumTimeout else {
                throw ValidationError(
                    "--timeout takes a number of seconds above 0 and at most \(Int(Self.maximumTimeout)), got \(timeout)"
                )
            }
        }
        if let encryption, !["none", "starttls", "ssl"].contains(encryption) {
            throw ValidationError("--encryption takes none, starttls or ssl, got '\(encryption)'")
        }
        if let host { try Self.checkHostName(host, flag: "--host") }
        for (flag, value) in [("--config", config), ("--ca-file", caFile)] {
            if let value { try OptionCheck.path(value, flag: flag) }
        }
        for (flag, value) in [
            ("--user", user), ("--from", from), ("--to", recipient),
            ("--odoo-db", odooDatabase), ("--odoo-login", odooLogin),
        ] {
            if let value { try OptionCheck.nonEmpty(value, flag: flag) }
        }
        for selector in dkimSelectors {
            guard !selector.isEmpty, selector.utf8.count <= 63,
                selector.allSatisfy({
                    $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".")
                })
            else {
                throw ValidationError("--dkim-selector takes a DNS label such as 'google' or 's1', got '\(selector)'")
            }
        }
        if let dnsServer { _ = try Self.dnsServer(dnsServer) }
        if let sendingAddress, IPAddress(sendingAddress) == nil {
            throw ValidationError("--ip takes an IPv4 or IPv6 address, got '\(sendingAddress)'")
        }
        if let clientAddress, IPAddress(clientAddress) == nil {
            throw ValidationError("--client-ip takes an IPv4 or IPv6 address, got '\(clientAddress)'")
        }
        if let timeServer {
            if timeServer.hasPrefix("http://") || timeServer.hasPrefix("https://") {
                guard let url = URL(string: timeServer), let host = url.host, !host.isEmpty else {
                    throw ValidationError(
                        "--time-server takes host[:port] or an http:// or https:// URL, got '\(timeServer)'")
                }
                if let port = url.port { try Self.checkPort(port, flag: "--time-server") }
            } else {
                _ = try Self.hostAndPort(timeServer, flag: "--time-server", defaultPort: 123)
            }
        }
        if let odooURL {
            guard let url = URL(string: odooURL), ["http", "https"].contains(url.scheme ?? ""),
                let host = url.host, !host.isEmpty
            else {
                throw ValidationError(
                    "--odoo-url takes Odoo's address, such as http://odoo.example.com:8069, got '\(odooURL)'")
            }
        }
    }

    static func checkPort(_ port: Int, flag: String) throws {
        guard (1...65_535).contains(port) else {
            throw ValidationError("\(flag): a port is a number from 1 to 65535, got \(port)")
        }
    }

    static func checkHostName(_ host: String, flag: String) throws {
        guard !host.isEmpty, host.utf8.count <= 253,
            !host.contains(where: { $0.isWhitespace || $0.isNewline || "/@[]()<>,;\"'\\".contains($0) })
        else {
            throw ValidationError("\(flag) takes a host name or an IP address, got '\(host)'")
        }
    }

    /// `HOST[:PORT]` with a port in range; an IPv6 address goes in brackets, `[::1]:53`.
    static func hostAndPort(_ text: String, flag: String, defaultPort: Int) throws -> (String, Int) {
        let (host, portText) = HostPort.split(text)
        try checkHostName(host, flag: flag)
        guard let portText else { return (host, defaultPort) }
        guard let port = Int(portText) else {
            throw ValidationError("\(flag): '\(portText)' is not a port number (HOST[:PORT])")
        }
        try checkPort(port, flag: flag)
        return (host, port)
    }

    /// The resolver takes an IPv4 address: glibc's resolver state holds IPv4 name servers.
    static func dnsServer(_ text: String) throws -> (String, Int) {
        let (host, port) = try hostAndPort(text, flag: "--dns-server", defaultPort: 53)
        var address = in_addr()
        guard inet_pton(AF_INET, host, &address) == 1 else {
            throw ValidationError(
                "--dns-server takes an IPv4 address with an optional port, such as 127.0.0.1:5354, got '\(text)'")
        }
        return (host, port)
    }

    /// odoo.conf's settings, read once; nil without `--config`. An unreadable file is bad
    /// input (65).
    func settings() throws -> OdooConfigProbe.Settings? {
        guard let config else { return nil }
        switch OdooConfigProbe().read(path: config) {
        case .failure(let failure): throw MailDoctorError.badInput("mail-doctor: \(failure)")
        case .success(let settings): return settings
        }
    }

    /// The flags that set SMTP facts of the case.
    var flagFacts: [CaseBuilder.FlagFact] {
        [
            .init(flag: "--host", fact: ProbeFacts.host, value: host),
            .init(flag: "--port", fact: ProbeFacts.port, value: port.map(String.init)),
            .init(flag: "--encryption", fact: ProbeFacts.encryption, value: encryption),
            .init(flag: "--user", fact: ProbeFacts.user, value: user),
            .init(flag: "--from", fact: ProbeFacts.from, value: from),
        ]
    }

    /// The probe context, aimed from the case: host, port, encryption, user and sender are the
    /// case's facts (odoo.conf, flags and answers already weighed by the case's precedence);
    /// the password, the servers to ask and the timeouts come from these options.
    func context(
        for facts: Facts, settings: OdooConfigProbe.Settings?, provider: Provider?,
        allowPrivate: Bool, rules: String? = nil
    ) throws -> ProbeContext {
        var context = ProbeContext(facts: facts, policy: TargetPolicy(allowPrivate: allowPrivate))
        context.publicSuffixes = rules.flatMap(PublicSuffixList.shipped(inRules:))
        context.clientAddress = clientAddress
        if let sendingAddress { context.sendingAddress = sendingAddress }
        context.configPath = settings == nil ? nil : config
        // odoo.conf's password is for odoo.conf's server: when an answer or a flag aims the
        // probes at another host, it is not sent there.
        var password = settings.flatMap { settings in
            settings.facts[ProbeFacts.host]?.lowercased() == context.host?.lowercased()
                ? settings.password.map(Secret.init) : nil
        }
        context.recipient = recipient
        if let environment = ProcessInfo.processInfo.environment["MAIL_DOCTOR_SMTP_PASSWORD"], !environment.isEmpty {
            password = Secret(environment)
        }
        if askPassword, let typed = Self.promptWithoutEcho("SMTP password: ") { password = Secret(typed) }
        context.password = password
        context.depth = auth ? .auth : .safe
        if let dnsServer { context.dnsServer = try Self.dnsServer(dnsServer) }
        context.dkimSelectors = dkimSelectors
        context.use(provider)
        context.timeServer = timeServer
        context.odooURL = odooURL
        context.odooDatabase = odooDatabase
        context.odooLogin = odooLogin
        if let key = ProcessInfo.processInfo.environment["MAIL_DOCTOR_ODOO_KEY"], !key.isEmpty {
            context.odooKey = Secret(key)
        }
        context.caFile = caFile
        if let timeout { context.timeouts = .uniform(seconds: timeout) }
        return context
    }

    static func promptWithoutEcho(_ prompt: String) -> String? {
        guard let pointer = getpass(prompt) else { return nil }
        let text = String(cString: pointer)
        return text.isEmpty ? nil : text
    }
}

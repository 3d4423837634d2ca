import Foundation
import KnowledgeBase

/// Everything the probes may look at: the SMTP settings, the sender, DNS and time servers,
/// what is allowed, and the timeouts. The SMTP settings come from the case's facts
/// (`init(facts:policy:)`); nothing else is a second copy of them.
package struct ProbeContext: Sendable {
    /// How far the SMTP probe may go.
    package enum Depth: String, Sendable, CaseIterable {
        /// Banner, EHLO, STARTTLS, TLS; no login.
        case safe
        /// Also AUTH with the given credentials and a MAIL FROM / RCPT TO test (never DATA).
        case auth
    }

    /// The odoo.conf the settings came from, for the odoo-config probe's report.
    package var configPath: String?
    package var host: String?
    package var port: Int?
    /// Odoo's encryption value: none, starttls or ssl.
    package var encryption: String?
    package var user: String?
    package var password: Secret?
    package var from: String?
    /// The recipient for the RCPT TO test (default: the sender itself).
    package var recipient: String?
    /// A DNS server to ask instead of the system's, as host and port.
    package var dnsServer: (host: String, port: Int)?
    /// DKIM selectors to look for (besides the provider's known ones).
    package var dkimSelectors: [String]
    /// The provider's SPF include, to check the sender domain authorises it.
    package var spfInclude: String?
    /// The address mail leaves from (the Odoo server's public address, or the sending IP of a
    /// received message), for an SPF verdict on that address.
    package var clientAddress: String?
    /// The address a received message came from (its headers' `mail.sending-ip`, or `--ip`),
    /// for the dnsbl and ptr probes; they fall back to `clientAddress`.
    package var sendingAddress: String?
    /// The DNS blocklists the dnsbl probe asks (rules/blocklists.yaml).
    package var blocklists: [Blocklist] = []
    /// The Public Suffix List for DMARC's organizational domain (rules/data); without it only
    /// the list's implicit `*` rule applies.
    package var publicSuffixes: PublicSuffixList?
    /// SNTP server `host[:port]`, or an `http://` URL whose Date header is used.
    package var timeServer: String?
    /// Odoo's URL for the server probe, with optional database credentials.
    package var odooURL: String?
    package var odooDatabase: String?
    package var odooLogin: String?
    package var odooKey: Secret?
    /// Extra trusted CA certificates (PEM file), besides the system's.
    package var caFile: String?
    package var depth: Depth
    /// A resolver to use instead of the system's (tests); nil for a real sweep.
    package var customResolver: (any Resolver)?
    package var timeouts: ProbeTimeouts
    package var policy: TargetPolicy

    package init(
        configPath: String? = nil, host: String? = nil, port: Int? = nil, encryption: String? = nil,
        user: String? = nil, password: Secret? = nil, from: String? = nil,
        recipient: String? = nil, dnsServer: (host: String, port: Int)? = nil,
        dkimSelectors: [String] = [], spfInclude: String? = nil,
        timeServer: String? = nil, odooURL: String? = nil, odooDatabase: String? = nil,
        odooLogin: String? = nil, odooKey: Secret? = nil, caFile: String? = nil,
        depth: Depth = .safe, timeouts: ProbeTimeouts = ProbeTimeouts(),
        policy: TargetPolicy = TargetPolicy(allowPrivate: true)
    ) {
        self.configPath = configPath
        self.host = host
        self.port = port
        self.encryption = encryption
        self.user = user
        self.password = password
        self.from = from
        self.recipient = recipient
        self.dnsServer = dnsServer
        self.dkimSelectors = dkimSelectors
        self.spfInclude = spfInclude
        self.timeServer = timeServer
        self.odooURL = odooURL
        self.odooDatabase = odooDatabase
        self.odooLogin = odooLogin
        self.odooKey = odooKey
        self.caFile = caFile
        self.depth = depth
        self.timeouts = timeouts
        self.policy = policy
    }

    /// The SMTP settings the case holds: what the probes test is what the engine reasons
    /// about. The other fields (password, servers, timeouts) are set by the caller.
    package init(facts: Facts, policy: TargetPolicy) {
        self.init(policy: policy)
        host = facts.value(ProbeFacts.host)
        port = facts.number(ProbeFacts.port).map { Int($0) }
        encryption = facts.value(ProbeFacts.encryption)
        user = facts.value(ProbeFacts.user)
        from = facts.value(ProbeFacts.from)
        sendingAddress = facts.value(ProbeFacts.sendingIP)
    }

    /// The address the dnsbl and ptr probes look at, when it is an IP address.
    package var addressToCheck: IPAddress? {
        (sendingAddress ?? clientAddress).flatMap { IPAddress($0) }
    }

    /// Checks what `provider` needs: its SPF include and its DKIM selectors, after any given.
    package mutating func use(_ provider: Provider?) {
        guard let provider else { return }
        spfInclude = provider.spfInclude
        dkimSelectors += provider.dkimSelectors
    }

    /// The probes a chat turn or an MCP call may run: no login, no Odoo, no clock.
    package static let safeSweep: Set<ProbeName> = [.dns, .tcp, .smtp, .tls]

    /// The sender's domain (for SPF, DKIM, DMARC), from the From address or the user name.
    package var senderDomain: String? {
        for address in [from, user] {
            if let address, let at = address.lastIndex(of: "@") {
                let domain = address[address.index(after: at)...]
                    .trimmingCharacters(in: CharacterSet(charactersIn: "<> "))
                if !domain.isEmpty { return domain.lowercased() }
            }
        }
        return nil
    }

    /// The port Odoo uses: the configured one, else what the encryption implies.
    package var effectivePort: Int {
        if let port { return port }
        return encryption == "ssl" ? 465 : 25
    }
}

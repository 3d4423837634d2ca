import KnowledgeBase

/// Everything the probes may look at: the SMTP settings, the sender, DNS and time servers,
/// what is allowed, and the timeouts. The SMTP settings come from the case's facts
/// (`init(facts:policy:)`); nothing else is a second copy of them.
public struct ProbeContext: Sendable {
    /// How far the SMTP probe may go.
    public enum Depth: String, Sendable, CaseIterable {
        /// Banner, EHLO, STARTTLS, TLS; no login.
        case safe
        /// Also AUTH with the given credentials and a MAIL FROM / RCPT TO test (never DATA).
        case auth
    }

    /// The odoo.conf the settings came from, for the odoo-config probe's report.
    public var configPath: String?
    public var host: String?
    public var port: Int?
    /// Odoo's encryption value: none, starttls or ssl.
    public var encryption: String?
    public var user: String?
    public var password: Secret?
    public var from: String?
    /// The recipient for the RCPT TO test (default: the sender itself).
    public var recipient: String?
    /// A DNS server to ask instead of the system's, as host and port.
    public var dnsServer: (host: String, port: Int)?
    /// DKIM selectors to look for (besides the provider's known ones).
    public var dkimSelectors: [String]
    /// The provider's SPF include, to check the sender domain authorises it.
    public var spfInclude: String?
    /// SNTP server `host[:port]`, or an `http://` URL whose Date header is used.
    public var timeServer: String?
    /// Odoo's URL for the server probe, with optional database credentials.
    public var odooURL: String?
    public var odooDatabase: String?
    public var odooLogin: String?
    public var odooKey: Secret?
    /// Extra trusted CA certificates (PEM file), besides the system's.
    public var caFile: String?
    public var depth: Depth
    /// A resolver to use instead of the system's (tests); nil for a real sweep.
    public var customResolver: (any Resolver)?
    public var timeouts: ProbeTimeouts
    public var policy: TargetPolicy

    public init(configPath: String? = nil, host: String? = nil, port: Int? = nil, encryption: String? = nil,
                user: String? = nil, password: Secret? = nil, from: String? = nil,
                recipient: String? = nil, dnsServer: (host: String, port: Int)? = nil,
                dkimSelectors: [String] = [], spfInclude: String? = nil,
                timeServer: String? = nil, odooURL: String? = nil, odooDatabase: String? = nil,
                odooLogin: String? = nil, odooKey: Secret? = nil, caFile: String? = nil,
                depth: Depth = .safe, timeouts: ProbeTimeouts = ProbeTimeouts(),
                policy: TargetPolicy = TargetPolicy(allowPrivate: true)) {
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
    public init(facts: Facts, policy: TargetPolicy) {
        self.init(policy: policy)
        host = facts.value(ProbeFacts.host)
        port = facts.number(ProbeFacts.port).map { Int($0) }
        encryption = facts.value(ProbeFacts.encryption)
        user = facts.value(ProbeFacts.user)
        from = facts.value(ProbeFacts.from)
    }

    /// The sender's domain (for SPF, DKIM, DMARC), from the From address or the user name.
    public var senderDomain: String? {
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
    public var effectivePort: Int {
        if let port { return port }
        return encryption == "ssl" ? 465 : 25
    }
}

import Foundation

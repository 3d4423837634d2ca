/// How every probe turns a host name into addresses, so that the DNS check, the TCP, SMTP and
/// TLS connections and the chatbot's target guard all see the same answer: the system's
/// resolver (getaddrinfo, which reads /etc/hosts and then DNS in nsswitch.conf's order, exactly
/// as Odoo's smtplib does), or, with `--dns-server`, that server alone. Record checks (MX, SPF,
/// DKIM, DMARC) always ask DNS: there is no /etc/hosts for TXT records.
public struct HostLookup: Sendable {
    public var dnsServer: (host: String, port: Int)?
    /// Seconds per DNS try (with `--dns-server`).
    public var timeout: Int32

    public init(dnsServer: (host: String, port: Int)? = nil, timeout: Int32 = 2) {
        self.dnsServer = dnsServer
        self.timeout = timeout
    }

    /// What a lookup found.
    public enum Answer: Sendable, Equatable {
        case addresses([String])
        /// The name does not exist, or has no A or AAAA record.
        case notFound(String)
        /// The resolver could not answer (a timeout, a refused query).
        case failed(String)

        var addresses: [String] { if case .addresses(let found) = self { return found } else { return [] } }
    }

    /// The numeric addresses of `host` in resolver order; a numeric host in any spelling that
    /// getaddrinfo accepts (`2130706433`, `0177.0.0.1`, `::ffff:127.0.0.1`) is itself.
    public func addresses(_ host: String) async -> Answer {
        // RFC 6761 §6.3: "localhost" names are loopback and are not sent to a DNS server.
        let lowered = host.lowercased()
        let isLocalhost = lowered == "localhost" || lowered.hasSuffix(".localhost")
        if dnsServer == nil || isLocalhost || TargetPolicy.isNumeric(host) || isNumericInAnySpelling(host) {
            switch TargetPolicy.numericAddresses(host) {
            case .success(let found): return found.isEmpty ? .notFound("no address") : .addresses(found)
            case .failure(let error): return .notFound(error.reason)
            }
        }
        let resolver = DNSResolver(server: dnsServer, timeout: timeout)
        async let v4 = resolver.lookup(host, .a)
        async let v6 = resolver.lookup(host, .aaaa)
        let (a, aaaa) = await (v4, v6)
        let found = a.records + aaaa.records
        if !found.isEmpty { return .addresses(found) }
        if case .failed(let why) = a { return .failed(why) }
        return .notFound("no A or AAAA record at \(dnsServer!.host)")
    }

    private func isNumericInAnySpelling(_ host: String) -> Bool {
        TargetPolicy.parsesAsNumeric(host)
    }
}

extension ProbeContext {
    /// The one lookup every probe of this sweep uses.
    public var lookup: HostLookup {
        HostLookup(dnsServer: dnsServer, timeout: Int32(max(1, timeouts.read.seconds.rounded())))
    }

    /// The target guard's verdict on `host`, from the same lookup the connection will use.
    func refusal(for host: String) async -> String? {
        guard !policy.allowPrivate else { return nil }
        return policy.refusal(for: host, addresses: await lookup.addresses(host).addresses)
    }
}

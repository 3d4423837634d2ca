/// How every probe asks names of the world: a name's records (MX, TXT, A, AAAA) and a host's
/// addresses. One protocol, so that the DNS check, the SPF evaluator, the TCP, SMTP and TLS
/// connections and the chatbot's target guard all see the same answers. A sweep uses
/// `SystemResolver` (libresolv); a test may give its own (`ProbeContext.customResolver`).
package protocol Resolver: Sendable {
    /// Which resolver answered, for the evidence: "DNS server 127.0.0.1:5353".
    var name: String { get }
    /// The records of `type` at `name`.
    func records(_ name: String, _ type: DNSRecordType) async -> DNSAnswer
    /// The numeric addresses a connection to `host` would use, in the order it tries them.
    func addresses(_ host: String) async -> AddressAnswer
}

/// The record types the probes ask for. CNAME and PTR answers are names (no trailing dot),
/// MX answers "preference exchange".
package enum DNSRecordType: Int32, Sendable {
    case a = 1
    case cname = 5
    case ptr = 12
    case mx = 15
    case txt = 16
    case aaaa = 28
}

/// What a record lookup found.
package enum DNSAnswer: Sendable, Equatable {
    case records([String])
    /// The name does not exist (NXDOMAIN).
    case noSuchName
    /// The name exists but has no record of that type.
    case noData
    /// No server answered in time, or it failed (SERVFAIL).
    case failed(String)

    var records: [String] { if case .records(let values) = self { return values } else { return [] } }
    /// RFC 7208's "void lookup": no such name or no data.
    var isVoid: Bool { self == .noSuchName || self == .noData }
}

/// What an address lookup found.
package enum AddressAnswer: Sendable, Equatable {
    case addresses([String])
    /// The name does not exist, or has no A or AAAA record.
    case notFound(String)
    /// The resolver could not answer (a timeout, a refused query).
    case failed(String)

    var addresses: [String] { if case .addresses(let found) = self { return found } else { return [] } }
}

extension ProbeContext {
    /// The one resolver every probe of this sweep uses.
    package var resolver: any Resolver {
        customResolver ?? SystemResolver(server: dnsServer, timeout: Int32(max(1, timeouts.read.seconds.rounded())))
    }

    /// The target guard's verdict on `host`, from the same resolver the connection will use.
    package func refusal(for host: String) async -> String? {
        guard !policy.allowPrivate else { return nil }
        return policy.refusal(for: host, addresses: await resolver.addresses(host).addresses)
    }
}

// Written out rather than reflected: the evidence interpolates answers, and the default
// description goes through Mirror, whose first use costs milliseconds of a probe's run.
extension DNSAnswer: CustomStringConvertible {
    package var description: String {
        switch self {
        case .records(let values): "records([\(values.map(\.debugDescription).joined(separator: ", "))])"
        case .noSuchName: "noSuchName"
        case .noData: "noData"
        case .failed(let why): "failed(\"\(why)\")"
        }
    }
}

import Foundation
import Probes

/// The loopback servers started by `scripts/peers.sh start` (the test command starts them):
/// real SMTP (aiosmtpd), TLS with certificates made at start-up, dnsmasq, SNTP, HTTP, and a
/// network-namespace black hole for a real timeout. The Odoo XML-RPC server is the one
/// stand-in (see Tests/Peers/README.md).
struct Peers {
    struct SMTP: Decodable {
        var host: String
        var port: Int
        var security: String
    }
    struct DNS: Decodable {
        var server: String
        var port: Int
    }
    struct Odoo: Decodable {
        var url: String
        var db: String
        var login: String
        var api_key: String
    }
    struct SNTP: Decodable {
        var port: Int
        var offset_seconds: Int
    }
    struct HTTPDate: Decodable { var url: String }
    struct Manifest: Decodable {
        var ca_file: String
        var user: String
        var password: String
        var smtp: [String: SMTP]
        var closed_port: Int
        var dns: DNS
        var odoo: Odoo
        var odoo19: Odoo
        var sntp: [String: SNTP]
        var http_date: HTTPDate
        var data_log: String
    }
    struct Blackhole: Decodable {
        var host: String
        var port: Int
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static var directory: URL {
        if let dir = ProcessInfo.processInfo.environment["PEERS_DIR"] { return URL(fileURLWithPath: dir) }
        return root.appendingPathComponent(".peers")
    }

    /// The manifest; a missing one means the peers are not running, which is a failure:
    /// run the tests with scripts/test.sh (or scripts/peers.sh start first).
    static let manifest: Manifest? = {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent("peers.json")) else { return nil }
        return try? JSONDecoder().decode(Manifest.self, from: data)
    }()

    static let blackhole: Blackhole? = {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent("blackhole.json")) else { return nil }
        return try? JSONDecoder().decode(Blackhole.self, from: data)
    }()

    /// A context aimed at one SMTP peer, with fast timeouts (the peers are local).
    static func context(
        _ name: String, depth: ProbeContext.Depth = .auth, encryption: String? = nil,
        from: String? = nil,
        timeouts: ProbeTimeouts = .init(connect: .seconds(2), read: .seconds(2), overall: .seconds(8))
    )
        -> ProbeContext?
    {
        guard let manifest, let peer = manifest.smtp[name] else { return nil }
        return ProbeContext(
            host: "localhost", port: peer.port, encryption: encryption ?? peer.security,
            user: manifest.user, password: Secret(manifest.password),
            from: from ?? manifest.user, caFile: manifest.ca_file, depth: depth,
            timeouts: timeouts)
    }
}

/// The DNS zones of `Tests/Peers/zones.py` (started by `scripts/peers.sh start`): every
/// scenario of the OpenSPF RFC 7208 suite and of `Tests/Peers/dns-scenarios.yml`, each on its
/// own loopback port, with the scenario's tests as the suite gives them.
struct Zones {
    struct Test: Decodable {
        var spec: String?
        var helo: String
        var host: String
        var mailfrom: String
        var result: Expected
        var explanation: String?
    }
    /// One result, or the list of results the suite accepts.
    struct Expected: Decodable {
        var results: [String]
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let one = try? container.decode(String.self) {
                results = [one]
            } else {
                results = try container.decode([String].self)
            }
        }
    }
    struct Scenario: Decodable {
        var suite: String
        var index: Int
        var description: String
        var port: Int
        var tests: [String: Test]
    }
    struct Manifest: Decodable {
        var host: String
        var scenarios: [Scenario]
    }

    static let manifest: Manifest? = {
        guard let data = try? Data(contentsOf: Peers.directory.appendingPathComponent("zones.json")) else { return nil }
        return try? JSONDecoder().decode(Manifest.self, from: data)
    }()
}

import Testing

@testable import Probes

/// The chatbot's probe guard fails closed and judges the addresses actually connected to.
@Suite struct TargetPolicyGuardTests {
    let strict = TargetPolicy(allowPrivate: false)

    @Test(arguments: [
        "localhost", "127.0.0.1", "2130706433", "0177.0.0.1", "0x7f.1", "::1",
        "::ffff:127.0.0.1", "[::1]", "10.1.2.3", "192.168.0.1", "169.254.1.1",
        "no-such-host.invalid", "",
    ])
    func privateDisguisedAndUnresolvableTargetsAreRefusedAlike(_ host: String) async {
        let refusal = await ProbeContext(policy: strict).refusal(for: host)
        #expect(
            refusal
                == "\(host) was not probed: it has no public address (loopback and private targets need --allow-private-targets)"
        )
    }

    @Test func theConnectorRefusesBeforeAnyPacketLeaves() async {
        // Port 9 on loopback: were the guard skipped, this would be a refused connection.
        let result = await Connector.connect(host: "localhost", port: 9, timeout: .seconds(2), policy: strict)
        guard case .failure(.refusedByPolicy(let why)) = result else {
            Issue.record("expected a policy refusal, got \(result)")
            return
        }
        #expect(why.contains("no public address"))
    }

    @Test func theOperatorCanAllowPrivateTargets() async {
        #expect(await ProbeContext(policy: TargetPolicy(allowPrivate: true)).refusal(for: "localhost") == nil)
    }

    /// The host check resolves as the connection does: /etc/hosts first, then DNS. It used to
    /// ask DNS alone and call a host in /etc/hosts unresolvable while TCP had just reached it.
    @Test func theHostCheckReadsEtcHostsLikeTheConnection() async {
        let outcome = await DNSProbe().hostCheck("localhost", resolver: SystemResolver())
        #expect(outcome.status == .ok, "\(outcome.message.en)")
        #expect(outcome.facts["dns.host-resolves"] == "yes")
        // With a server named, names go to it (nothing answers on port 9)...
        let viaServer = await DNSProbe().hostCheck(
            "smtp.good.test", resolver: SystemResolver(server: ("127.0.0.1", 9), timeout: 1))
        #expect(viaServer.status != .ok)
        // ...except localhost, which RFC 6761 keeps off DNS.
        let local = await DNSProbe().hostCheck(
            "localhost", resolver: SystemResolver(server: ("127.0.0.1", 9), timeout: 1))
        #expect(local.status == .ok)
    }

    /// A name served by a real DNS server (dnsmasq) that resolves to 127.0.0.1: the connector
    /// resolves it once, judges those addresses and refuses, with no connect to loopback.
    @Test func aNameThatResolvesToLoopbackThroughDNSIsRefusedByTheConnector() async throws {
        let dns = try #require(Peers.manifest?.dns)
        let lookup = SystemResolver(server: (dns.server, dns.port), timeout: 2)
        #expect(await lookup.addresses("smtp.good.test") == .addresses(["127.0.0.1"]))
        let result = await Connector.connect(
            host: "smtp.good.test", port: 25, timeout: .seconds(2),
            policy: strict, resolver: lookup)
        guard case .failure(.refusedByPolicy) = result else {
            Issue.record("expected a policy refusal, got \(result)")
            return
        }
        // A name the server does not know is refused alike, not reported as unresolvable.
        let unknown = await Connector.connect(
            host: "nothing.good.test", port: 25, timeout: .seconds(2),
            policy: strict, resolver: lookup)
        guard case .failure(.refusedByPolicy) = unknown else {
            Issue.record("expected a policy refusal, got \(unknown)")
            return
        }
    }
}

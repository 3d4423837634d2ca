import Foundation
import KnowledgeBase
import RuleLoader
import Testing

@testable import Probes

/// The dnsbl and ptr probes against `Tests/Peers/mail-scenarios.yml` served on loopback by
/// zones.py, with the shipped blocklists of rules/blocklists.yaml: a listing with its meaning
/// and delisting page, Spamhaus's refusal code never read as a listing, a resolver that
/// rewrites missing names, IPv6 nibbles; PTR confirmed, missing, not confirmed, generic.
@Suite struct BlocklistAndPTRTests {
    static let blocklists = RuleLoader.load(
        directory: Peers.root.appendingPathComponent("rules").path, lint: false
    ).knowledge.blocklists

    static func context(ip: String, from: String? = nil) throws -> ProbeContext {
        let manifest = try #require(Zones.manifest, "start the zones with scripts/peers.sh start")
        let zone = try #require(manifest.scenarios.first { $0.suite == "mail" })
        var context = ProbeContext(
            from: from, dnsServer: (manifest.host, zone.port),
            timeouts: .init(connect: .seconds(1), read: .seconds(1), overall: .seconds(8)))
        context.sendingAddress = ip
        context.blocklists = blocklists
        return context
    }

    static func dnsbl(_ ip: String, from: String? = nil) async throws -> [ProbeOutcome] {
        let outcomes = await DNSBLProbe().run(try context(ip: ip, from: from))
        for outcome in outcomes { #expect(!outcome.message.ar.isEmpty && outcome.message.ar != outcome.message.en) }
        return outcomes
    }

    @Test func theShippedListsHaveSpamhausRefusalCodes() throws {
        let zen = try #require(Self.blocklists.first { $0.id == "spamhaus-zen" })
        #expect(Set(zen.refused.map(\.code)) == ["127.255.255.252", "127.255.255.254", "127.255.255.255"])
        #expect(zen.listed.contains { $0.code == "127.0.0.2" })
        #expect(Self.blocklists.count >= 4)
    }

    @Test func aListedAddressNamesTheListTheMeaningAndTheDelistingPage() async throws {
        let outcomes = try await Self.dnsbl("192.0.2.66")
        let zen = try #require(outcomes.first { $0.check == "spamhaus-zen" })
        #expect(zen.status == .problem)
        #expect(zen.message.en.contains("192.0.2.66 is listed on Spamhaus ZEN"))
        #expect(zen.message.en.contains("127.0.0.2: SBL") && zen.message.en.contains("127.0.0.4: XBL"))
        #expect(zen.message.en.contains("https://check.spamhaus.org/"))
        #expect(zen.message.ar.contains("مدرج في Spamhaus ZEN"))
        #expect(outcomes.first { $0.check == "spamcop" }?.status == .ok)
        #expect(outcomes.last?.facts[ProbeFacts.ipBlocklisted] == "yes")
    }

    @Test func spamhausRefusingAPublicResolverIsNoListing() async throws {
        let outcomes = try await Self.dnsbl("192.0.2.77")
        let zen = try #require(outcomes.first { $0.check == "spamhaus-zen" })
        #expect(zen.status == .unknown)
        #expect(zen.message.en.contains("refused the query (127.255.255.254: the query came through a public"))
        #expect(zen.message.ar.contains("رفضت Spamhaus ZEN الاستعلام"))
        // Not listed anywhere, but one list did not answer: the fact stays unknown.
        #expect(outcomes.allSatisfy { $0.facts[ProbeFacts.ipBlocklisted] == nil })
    }

    @Test func aRewritingResolverIsSaidToBeUntrustworthy() async throws {
        let outcomes = try await Self.dnsbl("192.0.2.55")
        let zen = try #require(outcomes.first { $0.check == "spamhaus-zen" })
        #expect(zen.status == .unknown)
        #expect(zen.message.en.contains("198.51.100.1, outside 127.0.0.0/8"))
        #expect(outcomes.allSatisfy { $0.facts[ProbeFacts.ipBlocklisted] != "yes" })
    }

    @Test func aCleanAddressIsOnNoList() async throws {
        let outcomes = try await Self.dnsbl("192.0.2.88", from: "odoo@noptr.example.com")
        #expect(outcomes.allSatisfy { $0.status == .ok })
        #expect(outcomes.contains { $0.check == "spamhaus-dbl" })  // the domain list, for the From domain
        #expect(outcomes.last?.facts[ProbeFacts.ipBlocklisted] == "no")
    }

    @Test func anotherListAlone() async throws {
        let outcomes = try await Self.dnsbl("192.0.2.99")
        #expect(outcomes.first { $0.check == "spamcop" }?.status == .problem)
        #expect(outcomes.first { $0.check == "spamhaus-zen" }?.status == .ok)
    }

    @Test func ipv6IsAskedInNibbles() async throws {
        let outcomes = try await Self.dnsbl("2001:db8::66")
        let zen = try #require(outcomes.first { $0.check == "spamhaus-zen" })
        #expect(zen.status == .problem)
        #expect(zen.message.en.contains("127.0.0.3: CSS"))
        // Only lists that answer for IPv6 are asked.
        #expect(!outcomes.contains { $0.check == "spamcop" })
    }

    @Test func privateAddressesAreNeverLookedUp() async throws {
        let outcomes = try await Self.dnsbl("127.0.0.1")
        #expect(outcomes.count == 1 && outcomes[0].status == .unknown && outcomes[0].evidence.isEmpty)
        let ptr = await PTRProbe().run(try Self.context(ip: "10.1.2.3"))
        #expect(ptr.first?.status == .unknown)
    }

    @Test(arguments: [
        ("192.0.2.66", ProbeOutcome.Status.ok, "confirmed", "reverse DNS mail.listed.example.com, confirmed forward"),
        ("192.0.2.88", .problem, "missing", "has no PTR record"),
        ("192.0.2.44", .problem, "unconfirmed", "does not resolve back to it"),
        ("198.51.100.10", .ok, "confirmed", "a generic name built from the address"),
    ])
    func reverseDNS(_ ip: String, _ status: ProbeOutcome.Status, _ fact: String, _ words: String) async throws {
        let outcomes = await PTRProbe().run(try Self.context(ip: ip))
        let outcome = try #require(outcomes.first)
        #expect(outcome.status == status)
        #expect(outcome.facts[ProbeFacts.ipReverseDNS] == fact)
        #expect(outcome.message.en.contains(words), "\(outcome.message.en)")
        #expect(!outcome.message.ar.isEmpty && outcome.message.ar != outcome.message.en)
    }

    @Test func bothProbesAreBoundedByTheProbeTimeout() async throws {
        // A resolver that never answers (the black-hole namespace's address; without it the test
        // fails rather than send a query anywhere else): each probe ends within its
        // overall timeout with an unknown outcome.
        let hole = try #require(Peers.blackhole, "the black-hole namespace needs root and iproute2")
        var context = try Self.context(ip: "192.0.2.66")
        context.dnsServer = (hole.host, 53)
        context.timeouts = .init(connect: .seconds(1), read: .seconds(1), overall: .seconds(3))
        let started = ContinuousClock().now
        let outcomes = await ProbeRunner().run(context, names: [.dnsbl, .ptr])
        #expect(ContinuousClock().now - started < .seconds(6))
        #expect(!outcomes.isEmpty && outcomes.allSatisfy { $0.status == .unknown })
    }
}

import Foundation
import KnowledgeBase
import Testing

@testable import Probes

/// Every defect of issue 18, through the whole DNS probe, against the records of
/// `Tests/Peers/dns-scenarios.yml` served on loopback by `Tests/Peers/zones.py`: the finding a
/// receiver's view gives, in both languages, and the facts the engine gets.
@Suite struct DNSDefectTests {
    static var suffixes: PublicSuffixList? {
        PublicSuffixList.shipped(inRules: Peers.root.appendingPathComponent("rules").path)
    }

    static func context(
        _ domain: String, include: String? = "_spf.google.com", client: String? = nil, selectors: [String] = []
    ) throws -> ProbeContext {
        let manifest = try #require(Zones.manifest, "start the zones with scripts/peers.sh start")
        let scenario = try #require(manifest.scenarios.first { $0.suite == "scenarios" })
        var context = ProbeContext(
            from: "odoo@\(domain)", dnsServer: (manifest.host, scenario.port), dkimSelectors: selectors,
            spfInclude: include, timeouts: .init(connect: .seconds(1), read: .seconds(1), overall: .seconds(8)))
        context.clientAddress = client
        context.publicSuffixes = suffixes
        return context
    }

    static func check(_ name: String, _ context: ProbeContext) async throws -> ProbeOutcome {
        let outcomes = await DNSProbe().run(context)
        let outcome = try #require(outcomes.first { $0.check == name }, "no \(name) check in \(outcomes.map(\.check))")
        // Every finding speaks both languages, and the Arabic is not the English again.
        #expect(!outcome.message.ar.isEmpty && outcome.message.ar != outcome.message.en)
        return outcome
    }

    static func spf(
        _ domain: String, include: String? = "_spf.google.com", client: String? = nil
    ) async throws -> ProbeOutcome {
        try await check("spf", context(domain, include: include, client: client))
    }

    @Test func anIncludeWithoutARecordIsAPermerror() async throws {
        let outcome = try await Self.spf("nxinclude.example")
        #expect(outcome.status == .problem)
        #expect(outcome.facts[ProbeFacts.dnsSpfResult] == "permerror")
        #expect(outcome.message.en.contains("include:nx.example points to nx.example, which has no SPF record"))
        #expect(outcome.message.ar.contains("لا يملك سجل SPF"))
    }

    @Test func aTimeoutInsideTheIncludeTreeIsATemperrorNotAVoidLookup() async throws {
        let outcome = try await Self.spf("timeoutinclude.example", include: nil)
        #expect(outcome.facts[ProbeFacts.dnsSpfResult] == "temperror")
        #expect(outcome.message.en.contains("temperror"))
        #expect(!outcome.message.en.contains("void"))
        #expect(outcome.evidence.contains { $0.contains("void lookups: 0") })
    }

    @Test func voidLookupsOfAMxAndExistsAreCounted() async throws {
        let outcome = try await Self.spf("voidmech.example", include: nil)
        #expect(outcome.message.en.contains("3 void lookups (the limit is 2)"))
        #expect(outcome.facts[ProbeFacts.dnsSpfResult] == "permerror")
    }

    @Test func anIncludeLoopIsAPermerror() async throws {
        let outcome = try await Self.spf("loop.example", include: nil)
        #expect(outcome.message.en.contains("a loop"))
        #expect(outcome.facts[ProbeFacts.dnsSpfResult] == "permerror")
    }

    @Test func aRepeatedIncludeIsCountedEachTime() async throws {
        // 4 × (include + a + mx) = 12: receivers count every evaluation, not every name.
        let outcome = try await Self.spf("repeated.example", include: nil)
        #expect(outcome.message.en.contains("12 DNS lookups (the limit is 10)"))
        #expect(outcome.facts[ProbeFacts.dnsSpfLookupsExceeded] == "yes")
    }

    @Test func vEqualsSpf10IsNotAnSPFRecord() async throws {
        let outcome = try await Self.spf("spf10.example", include: nil)
        #expect(outcome.message.en.contains("no SPF record"))
        #expect(outcome.facts[ProbeFacts.dnsSpfResult] == "none")
    }

    @Test(arguments: [
        ("badip4.example", "'192.0.2.300' is not an IPv4 address", "'192.0.2.300' ليس عنوان IPv4"),
        ("unknownmech.example", "'foo:bar' is not an SPF mechanism or modifier", "'foo:bar' ليس آلية ولا مُعدِّلاً"),
    ])
    func aSyntaxErrorAnywhereIsAPermerror(_ domain: String, _ why: String, _ arabic: String) async throws {
        let outcome = try await Self.spf(domain, include: nil)
        #expect(outcome.message.en.contains(why), "\(outcome.message.en)")
        #expect(outcome.message.ar.contains(arabic), "\(outcome.message.ar)")
        #expect(outcome.facts[ProbeFacts.dnsSpfResult] == "permerror")
        #expect(outcome.facts[ProbeFacts.dnsSpfOk] == "no")
    }

    @Test(arguments: [
        ("redirectall.example", "redirect=open.example"), ("includeall.example", "include:open.example"),
    ])
    func plusAllIsFoundThroughRedirectAndInclude(_ domain: String, _ via: String) async throws {
        let outcome = try await Self.spf(domain, include: nil)
        #expect(outcome.status == .problem)
        #expect(outcome.message.en.contains("+all (through \(via))"), "\(outcome.message.en)")
        #expect(outcome.message.ar.contains("يسمح لأي خادم"))
        #expect(outcome.facts[ProbeFacts.dnsSpfResult] == "pass")
    }

    @Test(arguments: ["trailingdot.example", "macroinclude.example"])
    func aTrailingDotOrAMacroStillIncludesTheProvider(_ domain: String) async throws {
        let outcome = try await Self.spf(domain)
        #expect(outcome.status == .ok, "\(outcome.message.en)")
        #expect(!outcome.message.en.contains("does not include"))
        #expect(outcome.facts[ProbeFacts.dnsSpfOk] == "yes")
    }

    @Test func aRedirectWithoutARecordIsAPermerror() async throws {
        let outcome = try await Self.spf("noredirect.example", include: nil)
        #expect(outcome.message.en.contains("redirect=nx.example points to nx.example"))
    }

    @Test func aClientAddressGetsItsVerdict() async throws {
        let good = try await Self.spf("good.example", client: "35.190.247.9")
        #expect(good.status == .ok)
        #expect(good.facts[ProbeFacts.dnsSpfResult] == "pass")
        let other = try await Self.spf("good.example", client: "198.51.100.77")
        #expect(other.facts[ProbeFacts.dnsSpfResult] == "softfail")
        #expect(other.message.en.contains("for mail sent from 198.51.100.77 receivers get SPF softfail"))
    }

    @Test func twoDMARCRecordsMeanNoPolicyApplies() async throws {
        let outcome = try await Self.check("dmarc", Self.context("twodmarc.example"))
        #expect(outcome.facts[ProbeFacts.dnsDmarcPresent] == "no")
        #expect(outcome.facts[ProbeFacts.dnsDmarcPolicy] == nil)
        #expect(outcome.message.en.contains("2 DMARC records"))
    }

    @Test(arguments: [
        ("badpolicy.example", "p=rejected is not a policy", "p=rejected ليست سياسة"),
        ("nosemicolon.example", "the tags are not separated by ';'", "الوسوم غير مفصولة بـ ';'"),
    ])
    func anUnreadableDMARCRecordAppliesNoPolicy(_ domain: String, _ why: String, _ arabic: String) async throws {
        let outcome = try await Self.check("dmarc", Self.context(domain))
        #expect(outcome.message.ar.contains(arabic), "\(outcome.message.ar)")
        #expect(outcome.status == .problem)
        #expect(outcome.facts[ProbeFacts.dnsDmarcPresent] == "no")
        #expect(outcome.facts[ProbeFacts.dnsDmarcPolicy] == nil)
        #expect(outcome.message.en.contains(why), "\(outcome.message.en)")
    }

    @Test func aSubdomainGetsTheOrganizationalDomainsSubdomainPolicy() async throws {
        let outcome = try await Self.check("dmarc", Self.context("sub.orgfallback.example"))
        #expect(outcome.facts[ProbeFacts.dnsDmarcPolicy] == "quarantine")
        #expect(outcome.message.en.contains("from the organizational domain's _dmarc.orgfallback.example, sp="))
        #expect(outcome.message.en.contains("adkim=s aspf=s"))
        let organizational = try await Self.check("dmarc", Self.context("orgfallback.example"))
        #expect(organizational.facts[ProbeFacts.dnsDmarcPolicy] == "reject")
    }

    @Test(arguments: [
        ("good.example", "yes", "rsa 2048 bits"), ("revoked.example", "no", "revoked"),
        ("badbase64.example", "no", "not valid base64"), ("dkim2.example", "no", "v=DKIM2 is not v=DKIM1"),
        ("weak.example", "no", "RSA 512 bits"), ("edkey.example", "yes", "ed25519 256 bits"),
    ])
    func dkimKeysAreReadAsVerifiersReadThem(_ domain: String, _ ok: String, _ text: String) async throws {
        let outcome = try await Self.check("dkim", Self.context(domain, selectors: ["google"]))
        #expect(outcome.facts[ProbeFacts.dnsDkimOk] == ok)
        // The reason is Arabic in the Arabic text, not the English one again.
        #expect(!outcome.message.ar.contains("is not") && !outcome.message.ar.contains("does not"))
        #expect(outcome.message.en.contains(text), "\(outcome.message.en)")
    }

    @Test func anMXThatPointsToACNAMEIsReported() async throws {
        let outcome = try await Self.check("mx", Self.context("mxcname.example"))
        #expect(outcome.status == .problem)
        #expect(outcome.facts[ProbeFacts.dnsMxCname] == "yes")
        #expect(outcome.message.en.contains("mail.mxcname.example → host.mxcname.example"))
        let good = try await Self.check("mx", Self.context("good.example"))
        #expect(good.facts[ProbeFacts.dnsMxCname] == "no")
    }
}

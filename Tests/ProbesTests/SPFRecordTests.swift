import Foundation
import Testing

@testable import Probes

/// The SPF grammar (RFC 7208 §12) and macros (§7), offline: what parses, what is a syntax
/// error, and the RFC's own expansion examples (§7.4).
@Suite struct SPFRecordTests {
    @Test(arguments: ["v=spf1", "v=spf1 -all", "V=SPF1 ip4:192.0.2.0/24 ~all", "v=spf1  a  mx -all "])
    func spfRecordsAreRecognised(_ text: String) {
        #expect(SPFRecord.isSPF(text))
    }

    @Test(arguments: ["v=spf10 -all", "v=spf1x", "spf1 -all", "v=spf2.0/pra -all", " v=spf1 -all"])
    func otherRecordsAreNotSPF(_ text: String) {
        #expect(!SPFRecord.isSPF(text))
    }

    @Test(arguments: [
        "v=spf1 ip4:192.0.2.300", "v=spf1 ip4:192.0.2.1/33", "v=spf1 ip4:192.0.2.1/024", "v=spf1 ip4:01.2.3.4",
        "v=spf1 ip6:2001:db8::/129", "v=spf1 ip6:1.2.3.4", "v=spf1 foo:bar", "v=spf1 a:museum", "v=spf1 a:1.2.3.4",
        "v=spf1 include:", "v=spf1 redirect=a.example redirect=b.example", "v=spf1 exp=a.example exp=b.example",
        "v=spf1 a:%{z}.example", "v=spf1 a:%{d0}.example", "v=spf1 a:50%.example", "v=spf1 -all\tmx",
        "v=spf1 +redirect=a.example", "v=spf1 moo=%{x}", "v=spf1 ptr:", "v=spf1 a/", "v=spf1 allx",
    ])
    func syntaxErrorsAreRefused(_ text: String) {
        #expect(throws: SPFRecord.SyntaxError.self) { try SPFRecord(text) }
    }

    @Test func termsAreParsed() throws {
        let record = try SPFRecord(
            "v=spf1 +a -mx:mail.example.com/24//64 ~ptr ?ip4:192.0.2.0/24 ip6:2001:db8::/32 "
                + "exists:%{ir}.bl.example include:_spf.example.com. moo.cow=ignored redirect=other.example")
        #expect(record.directives.count == 7)
        #expect(record.directives[1].qualifier == .fail)
        guard case .mx(let domain, let v4, let v6) = record.directives[1].mechanism else {
            Issue.record("not mx: \(record.directives[1])")
            return
        }
        #expect(domain?.text == "mail.example.com" && v4 == 24 && v6 == 64)
        #expect(record.redirect?.text == "other.example")
    }

    static let values = SPFMacro.Values(
        sender: "strong-bad@email.example.com", domain: "email.example.com", address: IPAddress("192.0.2.3"),
        helo: "mx.example.org")

    /// RFC 7208 §7.4, every example.
    @Test(arguments: [
        ("%{s}", "strong-bad@email.example.com"), ("%{o}", "email.example.com"), ("%{d}", "email.example.com"),
        ("%{d4}", "email.example.com"), ("%{d3}", "email.example.com"), ("%{d2}", "example.com"),
        ("%{d1}", "com"), ("%{dr}", "com.example.email"), ("%{d2r}", "example.email"), ("%{l}", "strong-bad"),
        ("%{l-}", "strong.bad"), ("%{lr}", "strong-bad"), ("%{lr-}", "bad.strong"), ("%{l1r-}", "strong"),
        ("%{ir}.%{v}._spf.%{d2}", "3.2.0.192.in-addr._spf.example.com"),
        ("%{lr-}.lp._spf.%{d2}", "bad.strong.lp._spf.example.com"),
        ("%{lr-}.lp.%{ir}.%{v}._spf.%{d2}", "bad.strong.lp.3.2.0.192.in-addr._spf.example.com"),
        ("%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}", "3.2.0.192.in-addr.strong.lp._spf.example.com"),
        ("%{d2}.trusted-domains.example.net", "example.com.trusted-domains.example.net"),
        ("%%%_%-", "% %20"), ("%{L}", "strong-bad"), ("%{S}", "strong-bad%40email.example.com"),
    ])
    func theRFCsMacroExamplesExpand(_ macro: String, _ expected: String) async throws {
        #expect(try await SPFMacro(macro).expand(Self.values) == expected)
    }

    @Test func anIPv6ClientExpandsToNibbles() async throws {
        var values = Self.values
        values.address = IPAddress("2001:db8::cb01")
        let expanded = try await SPFMacro("%{ir}.%{v}._spf.%{d2}").expand(values)
        // §7.4 writes the nibbles in lower case, the suite (v-macro-ip6) in upper: DNS does not care.
        #expect(
            expanded.lowercased()
                == "1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com")
    }

    @Test func aLongExpansionIsCutFromTheLeft() {
        let name = String(repeating: "abcdefghi.", count: 30) + "example.com"
        let cut = SPFMacro.domainName(name)
        #expect(cut.utf8.count <= 253)
        #expect(cut.hasSuffix("abcdefghi.example.com"))
    }

    @Test func addressesAndPrefixes() throws {
        let client = try #require(IPAddress("192.0.2.77"))
        #expect(client.matches(try #require(IPAddress("192.0.2.0")), prefix: 24))
        #expect(!client.matches(try #require(IPAddress("192.0.3.0")), prefix: 24))
        #expect(IPAddress("::ffff:192.0.2.77") == client)
        #expect(IPAddress("192.0.2.300") == nil)
        #expect(IPAddress("2001:db8::1")?.reverseName.hasSuffix(".8.b.d.0.1.0.0.2.ip6.arpa") == true)
    }
}

/// DMARC records (RFC 7489 §6.3, §6.4, §6.6.3) and DKIM key records (RFC 6376 §3.6.1), offline.
@Suite struct DMARCAndDKIMRecordTests {
    @Test func aGoodDMARCRecord() {
        let record = DMARCRecord(
            "v=DMARC1; p=quarantine; sp=reject; adkim=s; aspf=r; pct=20; rua=mailto:d@example.com;")
        #expect(record.invalid == nil)
        #expect(record.policy == .quarantine && record.subdomainPolicy == .reject)
        #expect(record.dkimAlignment == .strict && record.spfAlignment == .relaxed && record.percent == 20)
    }

    @Test(arguments: [
        ("v=DMARC1; p=rejected", "p=rejected is not a policy"), ("v=DMARC1 p=reject", "not separated by ';'"),
        ("v=DMARC1; sp=none", "there is no p= tag"), ("v=DMARC1; p=none; sp=never", "sp=never is not a policy"),
    ])
    func unusableDMARCRecords(_ text: String, _ why: String) {
        #expect(DMARCRecord(text).invalid?.contains(why) == true, "\(DMARCRecord(text))")
    }

    @Test func aBadPolicyWithAReportAddressActsAsNone() {
        let record = DMARCRecord("v=DMARC1; p=bogus; rua=mailto:d@example.com")
        #expect(record.invalid == nil && record.policy == DMARCRecord.Policy.none)
    }

    @Test func badOptionalValuesFallBackToTheDefaults() {
        let record = DMARCRecord("v=DMARC1; p=reject; adkim=x; pct=200; future=1")
        #expect(record.invalid == nil && record.dkimAlignment == .relaxed && record.percent == 100)
        #expect(record.warnings.count == 2)
    }

    @Test(arguments: ["v=DMARC1; p=none", "v = DMARC1;p=none", "v=DMARC1 p=reject"])
    func dmarcRecordsAreRecognised(_ text: String) {
        #expect(DMARCRecord.isDMARC(text))
    }

    @Test(arguments: ["v=spf1 -all", "p=reject; v=DMARC1", "v=dmarc1; p=none"])
    func otherRecordsAreNotDMARC(_ text: String) {
        #expect(!DMARCRecord.isDMARC(text))
    }

    static let key2048 =
        "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAlvuH6+yFg+J83X/O8t3/4bB0wTyKwya4NNX5ZVPdMmzzmSBcinfU"
        + "ZmMc1wdd3i43LLx7Sl4yPbnqwz0VLdeqpGV/ggd7SjfNUzWXc7PQMvhltAmKAn6mDMyNHiY7zMiUa/wbxgkcjzu7U1K5"
        + "YmH4/uLM6c+C30TUIKwmt7VPGD09QHRVkoP/pFbl/VgYh8crbjvrjgzJQtqO6vI7qo70Q8W3WqGMnFuTMDjsOUm4K9W0"
        + "zgrgUjtXehADV9SdWqcUDMX+lHCzBUbAhN+S0rmVrmUWkUZpC3jX/E3Bdpxep2NSbXcbXMqJxgHuVMF9Iu+vpjfnKe4s"
        + "bj9VWjcTrBvH0wIDAQAB"

    @Test func anRSAKeyAndItsSize() {
        #expect(DKIMKeyRecord("v=DKIM1; k=rsa; p=\(Self.key2048)").status == .key(type: "rsa", bits: 2048))
        // Folded with white space, as long keys are published.
        let folded = "v=DKIM1; p=" + Self.key2048.prefix(100) + " " + Self.key2048.dropFirst(100)
        #expect(DKIMKeyRecord(folded).status == .key(type: "rsa", bits: 2048))
    }

    @Test(arguments: [
        ("v=DKIM1; k=rsa; p=", DKIMKeyRecord.Status.revoked),
        ("v=DKIM2; k=rsa; p=\(key2048)", .invalid("v=DKIM2 is not v=DKIM1")),
        ("k=rsa; v=DKIM1; p=\(key2048)", .invalid("v= is not the first tag")),
        ("v=DKIM1; k=rsa; p=!!!", .invalid("p= is not valid base64")),
        ("v=DKIM1; k=rsa; p=aGVsbG8=", .invalid("p= does not hold an RSA public key")),
        ("v=DKIM1; k=dsa; p=\(key2048)", .invalid("k=dsa is not a key type verifiers know (rsa, ed25519)")),
        ("v=DKIM1; k=rsa", .invalid("there is no p= tag")),
        ("v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=", .key(type: "ed25519", bits: 256)),
    ])
    func dkimKeyRecords(_ text: String, _ status: DKIMKeyRecord.Status) {
        #expect(DKIMKeyRecord(text).status == status)
    }
}

/// The Public Suffix List's own test vectors (`Tests/Peers/psl/test_psl.txt`, public domain,
/// from the list's maintainers) against the shipped list.
@Suite struct PublicSuffixListTests {
    @Test func theListsOwnTestVectorsPass() throws {
        let list = try #require(PublicSuffixList.shipped(inRules: Peers.root.appendingPathComponent("rules").path))
        let text = try String(
            contentsOf: Peers.root.appendingPathComponent("Tests/Peers/psl/test_psl.txt"), encoding: .utf8)
        let line = try Regex(#"^checkPublicSuffix\((null|'[^']*'), (null|'[^']*')\);"#)
        var checked = 0
        for row in text.split(separator: "\n") {
            guard let match = try line.firstMatch(in: String(row)) else { continue }
            let input = String(match.output[1].substring ?? "")
            let expected = String(match.output[2].substring ?? "")
            guard input != "null" else { continue }
            let name = String(input.dropFirst().dropLast())
            // Names outside ASCII need IDNA (UTS #46) first; DNS answers never hold them.
            guard name.unicodeScalars.allSatisfy(\.isASCII) else { continue }
            let want = expected == "null" ? nil : String(expected.dropFirst().dropLast())
            let got = name.hasPrefix(".") ? nil : list.organizationalDomain(name)
            #expect(got == want, "\(name): expected \(want ?? "null"), got \(got ?? "null")")
            checked += 1
        }
        #expect(checked > 60)
    }
}

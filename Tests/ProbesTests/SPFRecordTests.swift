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

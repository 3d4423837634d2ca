import Foundation
import Testing

@testable import MessageHeaders

/// The pieces, one grammar at a time: RFC 5322 folding, RFC 8601 Authentication-Results,
/// RFC 7208 Received-SPF, RFC 6376 DKIM-Signature, the Received from-clause.
@Suite struct HeaderParsingTests {
    @Test func unfoldsContinuationLinesAndKeepsFieldsInOrder() throws {
        let text =
            "Here are the headers:\r\nReceived: from a.example (a.example [192.0.2.1])\r\n\tby mx.example.net;"
            + " Mon, 1 Jan 2024 00:00:00 +0000\r\nAuthentication-Results: mx.example.net;\r\n   spf=pass"
            + " smtp.mailfrom=a.example\r\n\r\nbody: not a field\r\n"
        let block = try #require(HeaderBlock.find(in: text))
        #expect(block.fields.map(\.name) == ["Received", "Authentication-Results"])
        #expect(
            block.fields[0].value
                == "from a.example (a.example [192.0.2.1]) by mx.example.net; Mon, 1 Jan 2024 00:00:00 +0000")
        #expect(block.fields[1].value == "mx.example.net; spf=pass smtp.mailfrom=a.example")
        // The range covers the folded field in the original text.
        let range = try #require(Range(block.fields[1].range, in: text))
        #expect(text[range].hasPrefix("Authentication-Results:"))
        #expect(text[range].hasSuffix("smtp.mailfrom=a.example"))
    }

    @Test func anErrorTextIsNoHeaderBlock() {
        #expect(
            HeaderBlock.find(in: "smtplib.SMTPAuthenticationError: (535, b'5.7.8 Username and Password not accepted')")
                == nil)
        #expect(HeaderBlock.find(in: "Subject: hello\nTo: a@b.example") == nil)  // no trace field
        #expect(HeaderBlock.find(in: "Received: from x") == nil)  // one field is not a block
        #expect(HeaderBlock.find(in: "") == nil)
    }

    @Test func readsAuthenticationResultsWithComments() {
        let parsed = AuthenticationResults.parse(
            "mx.google.com; dkim=pass header.i=@example.com header.s=s1 header.b=\"PR+c\"; "
                + "spf=pass (google.com: domain of a@example.com designates 192.0.2.1 as permitted sender) "
                + "smtp.mailfrom=\"bounce=x=y@example.com\"; dmarc=pass (p=REJECT sp=NONE dis=NONE) header.from=example.com"
        )
        #expect(parsed.authservID == "mx.google.com")
        #expect(parsed.results.map(\.method) == ["dkim", "spf", "dmarc"])
        #expect(parsed.results[0].properties["header.s"] == "s1")
        #expect(parsed.results[1].properties["smtp.mailfrom"] == "bounce=x=y@example.com")
        #expect(parsed.results[1].comment?.hasPrefix("google.com: domain of") == true)
        #expect(parsed.results[2].comment == "p=REJECT sp=NONE dis=NONE")
    }

    @Test func readsTheRFC8601Examples() {
        // RFC 8601 Appendix B.2, B.3 and B.6.
        let none = AuthenticationResults.parse("example.org 1; none")
        #expect(none.authservID == "example.org")
        #expect(none.results.isEmpty)
        let spf = AuthenticationResults.parse("example.com; spf=pass smtp.mailfrom=example.net")
        #expect(spf.results == [.init(method: "spf", result: "pass", properties: ["smtp.mailfrom": "example.net"])])
        let several = AuthenticationResults.parse(
            "example.com; auth=pass (cram-md5) smtp.auth=sender@example.net; spf=pass smtp.mailfrom=example.net; "
                + "sender-id=pass header.from=example.net")
        #expect(several.results.map(\.method) == ["auth", "spf", "sender-id"])
        #expect(several.results[0].comment == "cram-md5")
        let dkim = AuthenticationResults.parse(
            "example.com; dkim=pass reason=\"good signature\" header.i=@mail-router.example.net; "
                + "dkim=fail reason=\"bad signature\" header.i=@newyork.example.com")
        #expect(dkim.results.map(\.result) == ["pass", "fail"])
        #expect(dkim.results[1].reason == "bad signature")
    }

    @Test func toleratesWhatBigReceiversWrite() {
        // Microsoft: no authserv-id.
        let microsoft = AuthenticationResults.parse(
            "spf=none (sender IP is 103.177.230.37) smtp.mailfrom=5129.convertkit.com; dkim=fail (signature did not "
                + "verify) header.d=sendgrid.info;dmarc=fail action=none header.from=convertkit.com;compauth=fail reason=001"
        )
        #expect(microsoft.authservID == nil)
        #expect(microsoft.results.map(\.method) == ["spf", "dkim", "dmarc", "compauth"])
        #expect(microsoft.results[2].properties["action"] == "none")
        #expect(microsoft.results[3].reason == "001")
        // Yahoo: dkim_pass, success, a comment glued to its result.
        let yahoo = AuthenticationResults.parse(
            "atlas207.free.mail.gq1.yahoo.com; dkim=dkim_pass header.i=@3suisses.fr header.s=@splio; "
                + "dmarc=success(p=QUARANTINE,sp=REJECT) header.from=newsletter.3suisses.fr;")
        #expect(yahoo.results.map(\.result) == ["pass", "pass"])
        #expect(yahoo.results[1].comment == "p=QUARANTINE,sp=REJECT")
        // Older Yahoo: the properties before the method, two verdicts in one segment.
        let old = AuthenticationResults.parse(
            "mta1192.mail.ir2.yahoo.com header.i=@plezi.co header.s=s1 dkim=pass (ok) header.i=@sendgrid.info "
                + "header.s=smtpapi dkim=pass (ok); spfDomain=emails.plezi.co spfResult=pass; dmarc=pass header.from=plezi.co"
        )
        #expect(old.authservID == "mta1192.mail.ir2.yahoo.com")
        #expect(old.results.map(\.method) == ["dkim", "dkim", "spf", "dmarc"])
        #expect(old.results[0].properties["header.i"] == "@plezi.co")
        #expect(old.results[1].properties["header.i"] == "@sendgrid.info")
        #expect(old.results[2].properties["smtp.mailfrom"] == "emails.plezi.co")
        // ARC: the instance first.
        let arc = AuthenticationResults.parse(
            "i=2; mx.microsoft.com 1; spf=softfail smtp.mailfrom=gmail.com", arc: true)
        #expect(arc.instance == 2)
        #expect(arc.authservID == "mx.microsoft.com")
        #expect(arc.results.first?.result == "softfail")
    }

    @Test func truncatedFieldsReadWhatIsThere() {
        let cut = AuthenticationResults.parse(
            "mx.google.com; spf=pass (google.com: domain of sebastien@wefluence.fr designates 163.172.")
        #expect(cut.results.first?.method == "spf")
        #expect(cut.results.first?.result == "pass")
        #expect(AuthenticationResults.parse("").results.isEmpty)
        #expect(AuthenticationResults.parse(";;;==(((").results.isEmpty)
    }

    @Test func readsReceivedSPF() throws {
        // RFC 7208 §9.1's example.
        let spf = try #require(
            ReceivedSPF.parse(
                "pass (mybox.example.org: domain of myname@example.com designates 192.0.2.1 as permitted sender) "
                    + "receiver=mybox.example.org; client-ip=192.0.2.1; envelope-from=\"myname@example.com\"; helo=foo.example.com;"
            ))
        #expect(spf.result == "pass")
        #expect(spf.keys["client-ip"] == "192.0.2.1")
        #expect(spf.domain == "example.com")
        let gmail = try #require(
            ReceivedSPF.parse(
                "softfail (google.com: domain of transitioning info@mydomain.com does not designate 23.83.214.30 as "
                    + "permitted sender) client-ip=23.83.214.30;"))
        #expect(gmail.domain == "mydomain.com")
        #expect(ReceivedSPF.parse("") == nil)
    }

    @Test func readsDKIMSignatureTags() {
        let signature = DKIMSignature.parse(
            "v=1; a=rsa-sha256; c=relaxed/relaxed; d=Example.COM.; s=Selector1;\n h=from:to; bh=abc=; b=x/y+z==")
        #expect(signature.domain == "example.com")
        #expect(signature.selector == "selector1")
        #expect(signature.algorithm == "rsa-sha256")
    }

    @Test(
        arguments: [
            (
                "from helo.example (ptr.example [192.0.2.1]) by mx.example.net with ESMTPS id x; Mon, 1 Jan 2024",
                "helo.example", "ptr.example", "192.0.2.1", "mx.example.net"
            ),
            (
                "from helo.example (unknown [198.51.100.7]) by mx.example.net (Postfix) with ESMTP id A",
                "helo.example", "unknown", "198.51.100.7", "mx.example.net"
            ),
            (
                "from [203.0.113.9] (helo=odoo.example) by mx.example.net with esmtps", "[203.0.113.9]", nil,
                "203.0.113.9", "mx.example.net"
            ),
            (
                "from 91.190.168.87(EHLO poc-ftven2.splio.com) by atlas207.free.mail.gq1.yahoo.com with SMTPs",
                "91.190.168.87", nil, "91.190.168.87", "atlas207.free.mail.gq1.yahoo.com"
            ),
            (
                "from DM6PR11MB.namprd11.prod.outlook.com (2603:10b6:5:1f2::12) by BN8PR.outlook.office365.com",
                "dm6pr11mb.namprd11.prod.outlook.com", nil, "2603:10b6:5:1f2::12", "bn8pr.outlook.office365.com"
            ),
            (
                "from mail.example ([IPv6:2001:db8::25]) by mx.example.net", "mail.example", nil, "2001:db8::25",
                "mx.example.net"
            ),
            (
                "by 2002:a05:6214:586:0:0:0:0 with SMTP id am275; Tue, 7 Apr 2020", nil, nil, nil,
                "2002:a05:6214:586:0:0:0:0"
            ),
        ] as [(String, String?, String?, String?, String?)])
    func readsReceivedFromClauses(_ value: String, _ from: String?, _ reverse: String?, _ ip: String?, _ by: String?) {
        let hop = ReceivedHop.parse(value)
        #expect(hop.from == from)
        #expect(hop.reverseName == reverse)
        #expect(hop.ip == ip)
        #expect(hop.by == by)
    }

    @Test func readsMailboxDomains() {
        #expect(MailAddress.domain(of: "\"Shop, Sales\" <sales@Shop.Example>") == "shop.example")
        #expect(MailAddress.domain(of: "sales@shop.example (Sales)") == "shop.example")
        #expect(MailAddress.domain(of: "<>") == nil)
        #expect(MailAddress.domain(of: "=?utf-8?b?2LPZhNin2YU=?= <info@example.sa>") == "example.sa")
        #expect(MailAddress.domain(of: "no address here") == nil)
    }

    @Test func readsAddressesStrictly() {
        #expect(IPText.parse("[192.0.2.1]") == "192.0.2.1")
        #expect(IPText.parse("IPv6:2001:DB8::1") == "2001:db8::1")
        #expect(IPText.parse("12.345.67.12") == nil)
        #expect(IPText.isInternal("10.220.3.24"))
        #expect(IPText.isInternal("127.0.0.1"))
        #expect(!IPText.isInternal("23.83.214.30"))
        #expect(IPText.isInternal("fe80::1"))
    }
}

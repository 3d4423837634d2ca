import Foundation
import Testing

@testable import MessageHeaders

/// Header blocks quoted from public threads (Gmail, Outlook, Yahoo, Proton), each file naming
/// its source: what a receiver decided, for which domain, and where the message came from.
@Suite struct RealHeaderTests {
    @Test func gmailSoftfailThroughMailChannels() throws {
        let a = try #require(try Fixture.analysis("gmail-spf-softfail-mailchannels"))
        #expect(a.receiver == "mx.google.com")
        #expect(a.spf?.result == "softfail")
        #expect(a.spf?.domain == "mydomain.com")
        // The first hop outside Google, not the relay's internal ones (10.x, 127.0.0.1).
        #expect(a.sendingIP == "23.83.214.30")
        #expect(a.sendingHop?.from == "caracal.maple.relay.mailchannels.net")
        #expect(a.facts[HeaderFacts.spfResult] == "softfail")
        #expect(a.facts[HeaderFacts.delivered] == "yes")
        #expect(a.facts[HeaderFacts.sendingIP] == "23.83.214.30")
        // No From field was posted: nothing is said about alignment.
        #expect(a.alignment == nil)
    }

    @Test func gmailFailOverIPv6() throws {
        let a = try #require(try Fixture.analysis("gmail-spf-fail-ipv6"))
        #expect(a.spf?.result == "fail")
        #expect(a.spf?.domain == "lavaboom.com")
        #expect(a.sendingIP == "2a01:4f8:212:a4b::2")
        #expect(a.sendingIPSource == "Received-SPF")
    }

    @Test func gmailARCWithTwoSignatures() throws {
        let a = try #require(try Fixture.analysis("gmail-arc-two-dkim"))
        #expect(a.verdictField == "ARC-Authentication-Results")
        #expect(a.fromDomain == "finami.mx")  // from the DMARC verdict's header.from
        #expect(a.dkim.map(\.domain) == ["finami.mx", "esputnik.com"])
        #expect(a.dkim[0].selector == "esputnik")
        #expect(a.dkim[0].strict && !a.dkim[1].relaxed)
        // The bounce domain send.finami.mx is aligned with finami.mx only in relaxed mode.
        #expect(a.spf?.domain == "send.finami.mx")
        #expect(a.spf?.relaxed == true && a.spf?.strict == false)
        #expect(a.alignment == .aligned)
        #expect(a.dmarcPolicy == "reject")
        #expect(a.sendingIP == "52.48.123.228")
    }

    @Test func anEditedAddressIsSaidToBeNoAddress() throws {
        let a = try #require(try Fixture.analysis("gmail-edited-address"))
        #expect(a.sendingIP == nil)
        #expect(a.invalidSendingIP == "12.345.67.12")
        #expect(a.facts[HeaderFacts.sendingIP] == nil)
        #expect(a.alignment == .aligned)  // DKIM d=hotmail.com for From hotmail.com
        let finding = try #require(HeaderFindings.findings(a).first { $0.check == "sending-ip" })
        #expect(finding.message.en.contains("12.345.67.12") && finding.message.en.contains("not a valid IP"))
        #expect(finding.message.ar.contains("12.345.67.12") && finding.message.ar.contains("ليس عنوان IP صالحاً"))
    }

    @Test func outlookWithoutAuthservIDIsMisaligned() throws {
        let a = try #require(try Fixture.analysis("outlook-dkim-fail-misaligned"))
        #expect(a.receiver == nil)
        #expect(a.spf?.result == "none")
        #expect(a.spf?.domain == "5129.convertkit.com")
        #expect(a.dkim.first?.domain == "sendgrid.info")
        #expect(a.dmarc == "fail")
        #expect(a.sendingIP == "103.177.230.37")  // "sender IP is ..."
        // Nothing passed at all: the From domain's checks fail (SPF none for its own subdomain).
        #expect(a.alignment == .failing)
        #expect(a.facts[HeaderFacts.alignment] == "failing")
    }

    @Test func microsoftARCSoftfail() throws {
        let a = try #require(try Fixture.analysis("outlook-arc-softfail"))
        #expect(a.receiver == "mx.microsoft.com")
        #expect(a.spf?.result == "softfail")
        #expect(a.dkim.first?.reason == "body hash did not verify")
        #expect(a.sendingIP == "195.245.231.41")
        #expect(a.alignment == .failing)
        let advice = HeaderFindings.advice(a, provider: nil)
        #expect(advice.contains { $0.en.contains("changed after it was signed") })
        #expect(advice.contains { $0.ar.contains("عُدّلت الرسالة بعد توقيعها") })
    }

    @Test func yahooNonStandardWordsStillPass() throws {
        let a = try #require(try Fixture.analysis("yahoo-dkim-pass-nonstandard"))
        #expect(a.receiver == "atlas207.free.mail.gq1.yahoo.com")
        #expect(a.dkim.map(\.result) == ["pass", "pass"])
        #expect(a.dmarc == "pass")
        #expect(a.fromDomain == "newsletter.3suisses.fr")
        #expect(a.alignment == .aligned)
        #expect(a.sendingIP == "91.190.168.87")
        #expect(a.facts[HeaderFacts.dmarcResult] == "pass")
    }

    @Test func yahooOldFormat() throws {
        let a = try #require(try Fixture.analysis("yahoo-old-format"))
        #expect(a.dkim.map(\.domain) == ["plezi.co", "sendgrid.info"])
        #expect(a.spf?.domain == "emails.plezi.co")
        #expect(a.spf?.result == "pass")
        #expect(a.alignment == .aligned)
        #expect(a.facts[HeaderFacts.dkimResult] == "pass")
    }

    @Test func protonMisalignedNewsletter() throws {
        let a = try #require(try Fixture.analysis("proton-dmarc-misaligned"))
        #expect(a.receiver == "mail.protonmail.ch")
        #expect(a.dkim.first?.domain == "n.convertkit.com")
        #expect(a.spf?.domain == "mail.n.convertkit.com")
        #expect(a.fromDomain == "mail.daisyui.com")
        #expect(a.alignment == .misaligned)
        #expect(a.facts[HeaderFacts.alignment] == "misaligned")
        #expect(a.facts[HeaderFacts.dkimResult] == "none")
        let advice = HeaderFindings.advice(a, provider: nil)
        #expect(
            advice.contains { $0.en.contains("d=mail.daisyui.com instead of mail.n.convertkit.com, n.convertkit.com") })
        #expect(advice.contains { $0.en.contains("FROM Filtering (from_filter)") })
        #expect(advice.contains { $0.ar.contains("from_filter") })
    }

    @Test func everyFixtureNamesItsSource() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Fixture.directory.path).filter {
            $0.hasSuffix(".txt")
        }
        #expect(names.count >= 9)
        for name in names {
            let text = try String(contentsOf: Fixture.directory.appendingPathComponent(name), encoding: .utf8)
            #expect(text.hasPrefix("# Source: https://"), "\(name) does not name its source")
        }
    }
}

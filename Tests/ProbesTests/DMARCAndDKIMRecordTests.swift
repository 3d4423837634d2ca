import Foundation
import Testing

@testable import Probes

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
        #expect(DMARCRecord(text).invalid?.en.contains(why) == true, "\(DMARCRecord(text))")
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

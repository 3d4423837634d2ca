import Foundation
import Testing

@testable import Probes

/// The product against two implementations nobody here wrote, on the same loopback zones
/// (`Tests/Peers/zones.py`): pyspf 2.0.14, the reference implementation of RFC 7208, for
/// check_host() on every test of the OpenSPF suite and of `dns-scenarios.yml`; and checkdmarc
/// for SPF validation without a client address and for DMARC policy discovery. Their
/// answers come from `Tests/Peers/differential.py`, which lets no query leave loopback.
///
/// Where they disagree with the product, the disagreement must be listed below with the
/// RFC section that decides it; any other disagreement fails the test.
@Suite(.serialized) struct DifferentialTests {
    struct PySPF: Decodable {
        var suite: String
        var id: String
        var result: String
    }
    struct SPFValidity: Decodable {
        var suite: String
        var index: Int
        var domain: String
        var valid: Bool
        var error: String?
    }
    struct DMARC: Decodable {
        var domain: String
        var valid: Bool
        var policy: String?
        var error: String?
    }
    struct CheckDMARC: Decodable {
        var spf: [SPFValidity]
        var dmarc: [DMARC]
    }
    struct Answers: Decodable {
        var pyspf: [PySPF]?
        var checkdmarc: CheckDMARC?
    }

    /// Disagreements with checkdmarc's SPF validation (scenario/index/domain), each with the RFC
    /// text that decides; the OpenSPF suite's expectation agrees with the product in every one.
    static let checkdmarcSPF: [String: String] = {
        let topLabel =
            "RFC 7208 §12 (domain-end, toplabel): the name must end in a top label of letters, or letters "
            + "and digits with an inner hyphen; a numeric, hyphen-edged or port-suffixed label is a permerror"
        let singleLabel =
            "RFC 7208 §12 (domain-end = \".\" toplabel): a single label, with or without a dot, is no "
            + "domain-spec: permerror"
        let anyVisible =
            "RFC 7208 §7.1: a domain-spec may hold any visible character except '%', so "
            + "'foo:bar/baz.example.com' is a valid name (the suite's a-colon-domain and mx-colon-domain)"
        return [
            "rfc7208/0/ctrl.example.com": "RFC 7208 §4.6.1: terms are separated by spaces only; a CR inside the "
                + "record is a syntax error, permerror",
            "rfc7208/0/null.example.com": "RFC 1035 §3.3.14: a TXT record has one or more strings; dnspython drops "
                + "the answer that holds one with none (a timeout for checkdmarc), libresolv reads the other "
                + "record and RFC 7208 §3.3 joins its strings (the suite's null-text expects pass)",
            "rfc7208/2/example7.com": "RFC 7208 §4.5: two v=spf1 records are a permerror even when identical "
                + "(the suite's multispf1); dnspython merges identical records into one",
            "rfc7208/2/example9.com": "RFC 7208 §4.5 with RFC 5234 §2.3: the version string is case-insensitive, "
                + "so 'v=SpF1 ~all' is an SPF record",
            "rfc7208/3/t1.example.com": "RFC 7208 §4.6.1 and §12: 'moo' is no mechanism or modifier: permerror",
            "rfc7208/3/t9.example.com": singleLabel,
            "rfc7208/6/e11.example.com": anyVisible,
            "rfc7208/6/e12.example.com": topLabel,
            "rfc7208/6/e4.example.com": topLabel,
            "rfc7208/6/e5.example.com": topLabel,
            "rfc7208/6/e5a.example.com": singleLabel,
            "rfc7208/6/e5b.example.com": singleLabel,
            "rfc7208/6/e9.example.com": topLabel,
            "rfc7208/8/e11.example.com": anyVisible,
            "rfc7208/8/e12.example.com": topLabel,
            "rfc7208/8/e5.example.com": topLabel,
            "rfc7208/8/e9.example.com": topLabel,
            "rfc7208/9/e3.example.com": "RFC 7208 §5.7 and §12: exists takes no prefix length, and 'com/24' is "
                + "no top label: permerror",
            "rfc7208/9/e6.example.com": "RFC 7208 §5.7 and §2.6.6: the exists lookup times out, which is a "
                + "temperror; checkdmarc does not evaluate exists",
            "rfc7208/11/e1.example.com": "RFC 7208 §5.6 and §12: ip6 needs an address: permerror",
            "rfc7208/12/e15.example.com": "RFC 7208 §6: redirect= appears at most once: permerror",
            "rfc7208/12/e18.example.com": "RFC 7208 §6.1 and §12: redirect= needs a domain-spec: permerror",
            "rfc7208/12/e9.example.com": "RFC 7208 §7.1: '%a' is no macro (only %{x}, %%, %_ and %-): permerror",
            "rfc7208/13/e2.example.com": "RFC 7208 §7.1 and §7.3: the c, r and t macros belong to exp= text only, "
                + "not to a domain-spec: permerror",
            "scenarios/0/voidmech.example": "RFC 7208 §4.6.4: a, mx and exists lookups that find nothing are void "
                + "lookups, and a third is a permerror",
        ]
    }()

    /// Disagreements with pyspf's check_host() (suite/test), each with the RFC text that
    /// decides; the suite's expected result is the product's in every one.
    static let pyspfDecided: [String: String] = [
        "rfc7208/null-text": "RFC 1035 §3.3.14 and RFC 7208 §3.3: dnspython drops the answer with a string-less "
            + "TXT record (temperror); libresolv keeps the valid record, whose strings are joined: pass",
        "rfc7208/multispf1": "RFC 7208 §4.5: more than one SPF record is a permerror even when they are "
            + "identical; dnspython merges identical records, so pyspf sees one (the suite accepts both)",
        "rfc7208/ptr-cname-loop": "RFC 7208 §5.5: a DNS error during the ptr mechanism's lookups makes it not "
            + "match, so the result is neutral, not temperror",
    ]

    static func answers(_ which: String) throws -> Answers {
        let zones = Peers.directory.appendingPathComponent("zones.json")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", Peers.root.appendingPathComponent("Tests/Peers/differential.py").path, "--zones", zones.path,
            "--only", which,
        ]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let problems = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "differential.py failed: \(problems.suffix(2000))")
        return try JSONDecoder().decode(Answers.self, from: data)
    }

    @Test func pyspfAgreesOnEveryCheckHost() async throws {
        _ = try #require(Zones.manifest, "start the zones with scripts/peers.sh start")
        let theirs = try #require(try Self.answers("pyspf").pyspf)
        var ours: [String: RFC7208SuiteTests.Verdict] = [:]
        for suite in ["rfc7208", "scenarios"] {
            for verdict in try await RFC7208SuiteTests.verdicts(suite: suite) {
                ours["\(suite)/\(verdict.id)"] = verdict
            }
        }
        var agreed = 0
        for answer in theirs {
            let key = "\(answer.suite)/\(answer.id)"
            let verdict = try #require(ours[key], "no verdict of ours for \(key)")
            if verdict.got == answer.result {
                agreed += 1
            } else if let section = Self.pyspfDecided[key] {
                print("pyspf \(answer.result), Mail Doctor \(verdict.got) on \(key): \(section)")
            } else {
                Issue.record("\(key): pyspf \(answer.result), Mail Doctor \(verdict.got), expected \(verdict.expected)")
            }
        }
        print("pyspf differential: \(agreed)/\(theirs.count) check_host() verdicts agree")
        #expect(theirs.count == 218)
    }

    @Test func checkdmarcAgreesOnSPFValidityAndDMARC() async throws {
        let manifest = try #require(Zones.manifest, "start the zones with scripts/peers.sh start")
        let theirs = try #require(try Self.answers("checkdmarc").checkdmarc)
        var agreed = 0
        for answer in theirs.spf {
            let scenario = try #require(
                manifest.scenarios.first { $0.suite == answer.suite && $0.index == answer.index })
            let resolver = SystemResolver(server: (manifest.host, scenario.port), timeout: 1, attempts: 1)
            let walk = await SPFCheck(
                resolver: resolver, address: nil, sender: "postmaster@\(answer.domain)", helo: answer.domain
            ).run(domain: answer.domain)
            let valid = ![.none, .permerror, .temperror].contains(walk.result)
            let key = "\(answer.suite)/\(answer.index)/\(answer.domain)"
            if valid == answer.valid {
                agreed += 1
            } else if let section = Self.checkdmarcSPF[key] {
                print(
                    "checkdmarc \(answer.valid ? "valid" : "invalid"), Mail Doctor \(walk.result.rawValue) on \(key): \(section)"
                )
            } else {
                let theirVerdict = answer.valid ? "valid" : "invalid (\(answer.error ?? ""))"
                let problem = walk.problem.map { String(describing: $0) } ?? ""
                Issue.record("\(key): checkdmarc \(theirVerdict), Mail Doctor \(walk.result.rawValue) \(problem)")
            }
        }
        print("checkdmarc SPF differential: \(agreed)/\(theirs.spf.count) validity verdicts agree")
        let scenario = try #require(manifest.scenarios.first { $0.suite == "scenarios" })
        let resolver = SystemResolver(server: (manifest.host, scenario.port), timeout: 1, attempts: 1)
        let suffixes = try #require(DNSDefectTests.suffixes)
        var dmarcAgreed = 0
        for answer in theirs.dmarc {
            let ours = await DMARCCheck(resolver: resolver, suffixes: suffixes).run(domain: answer.domain)
            if ours.appliedPolicy?.rawValue == answer.policy {
                dmarcAgreed += 1
            } else {
                Issue.record("\(answer.domain): checkdmarc \(answer.policy ?? "no policy"), Mail Doctor \(ours)")
            }
        }
        print("checkdmarc DMARC differential: \(dmarcAgreed)/\(theirs.dmarc.count) applied policies agree")
        #expect(theirs.dmarc.count == 7)
    }
}

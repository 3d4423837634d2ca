import Foundation
import Testing

@testable import Probes

/// The OpenSPF RFC 7208 test suite (release 2014.04, `Tests/Peers/rfc7208/`, from pyspf's
/// source distribution; written by the SPF council's implementers, not here), run through
/// the product's own check_host() and libresolv, against its zones served on loopback by
/// `Tests/Peers/zones.py` (one port per scenario; TIMEOUT is a server that never answers).
///
/// Every test is expressible: the suite's inputs are a client address, a MAIL FROM and a HELO
/// name, which are what `SPFCheck` takes (an empty MAIL FROM checks `postmaster@<HELO>`,
/// §2.3). The one test the suite marks `strict: false` accepts the strict result too.
@Suite(.serialized) struct RFC7208SuiteTests {
    struct Verdict: Sendable, CustomStringConvertible {
        var id: String
        var spec: String
        var expected: [String]
        var got: String
        var explanationExpected: String?
        var explanationGot: String?

        var description: String {
            let wanted = expected.joined(separator: " or ")
            let wantedExplanation = explanationExpected.map { " with explanation '\($0)'" } ?? ""
            let gotExplanation = explanationGot.map { " with explanation '\($0)'" } ?? ""
            return "\(id) (RFC 7208 §\(spec)): expected \(wanted)\(wantedExplanation), got \(got)\(gotExplanation)"
        }

        var passed: Bool {
            guard expected.contains(got) else { return false }
            guard let explanationExpected else { return true }
            // The suite's driver sets "DEFAULT" as the receiver's own explanation: the record
            // gave none.
            return explanationExpected == "DEFAULT" ? explanationGot == nil : explanationExpected == explanationGot
        }
    }

    /// The domain a suite test checks: MAIL FROM's, or HELO's when MAIL FROM is empty.
    static func domain(of test: Zones.Test) -> String {
        if test.mailfrom.isEmpty { return test.helo }
        guard let at = test.mailfrom.lastIndex(of: "@") else { return test.mailfrom }
        return String(test.mailfrom[test.mailfrom.index(after: at)...])
    }

    /// check_host() for one suite test, as a receiver runs it for MAIL FROM (or for HELO when
    /// MAIL FROM is empty).
    static func run(_ test: Zones.Test, resolver: any Resolver) async -> SPFCheck.Outcome? {
        guard let address = IPAddress(test.host) else { return nil }
        var sender = test.mailfrom
        var domain: String
        if sender.isEmpty {
            domain = test.helo
            sender = "postmaster@\(test.helo)"
        } else if let at = sender.lastIndex(of: "@") {
            domain = String(sender[sender.index(after: at)...])
            // §4.3: a sender without a local part is postmaster at the domain.
            if at == sender.startIndex { sender = "postmaster" + sender }
        } else {
            domain = sender
            sender = "postmaster@\(sender)"
        }
        let check = SPFCheck(resolver: resolver, address: address, sender: sender, helo: test.helo)
        return await check.run(domain: domain)
    }

    static func verdicts(suite: String) async throws -> [Verdict] {
        let manifest = try #require(Zones.manifest, "start the zones with scripts/peers.sh start")
        let scenarios = manifest.scenarios.filter { $0.suite == suite }
        return await withTaskGroup(of: Verdict?.self) { group in
            for scenario in scenarios {
                let resolver = SystemResolver(server: (manifest.host, scenario.port), timeout: 1, attempts: 1)
                for (id, test) in scenario.tests {
                    group.addTask {
                        guard let outcome = await run(test, resolver: resolver) else { return nil }
                        return Verdict(
                            id: id, spec: test.spec ?? "", expected: test.result.results, got: outcome.result.rawValue,
                            explanationExpected: test.explanation, explanationGot: outcome.explanation)
                    }
                }
            }
            var all: [Verdict] = []
            for await verdict in group { if let verdict { all.append(verdict) } }
            return all.sorted { $0.id < $1.id }
        }
    }

    @Test func everyTestOfTheSuitePasses() async throws {
        let verdicts = try await Self.verdicts(suite: "rfc7208")
        #expect(verdicts.count == 203, "the suite has 203 tests")
        let failed = verdicts.filter { !$0.passed }
        for verdict in failed { Issue.record("\(verdict)") }
        let passed = verdicts.count - failed.count
        print("RFC 7208 suite: \(passed)/\(verdicts.count) passed")
    }

    /// The records behind the defects of issue 18, as check_host() verdicts for a client.
    @Test func theIssuesDefectsGiveTheRFCResults() async throws {
        let verdicts = try await Self.verdicts(suite: "scenarios")
        #expect(verdicts.count >= 15)
        for verdict in verdicts where !verdict.passed { Issue.record("\(verdict)") }
    }
}

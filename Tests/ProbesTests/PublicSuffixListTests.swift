import Foundation
import KnowledgeBase
import Testing

@testable import Probes

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

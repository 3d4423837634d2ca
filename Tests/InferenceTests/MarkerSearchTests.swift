import Foundation
import KnowledgeBase
import Testing

@testable import Inference

/// The provider layer looks for about a hundred host names and markers in every text it reads,
/// with a byte search for ASCII markers (`ErrorTextReader.range(of:in:from:)`). It must find
/// exactly what Foundation's `range(of:)` finds.
@Suite struct MarkerSearchTests {
    static let markers: [String] = ScenarioTests.knowledge.providers.flatMap { provider in
        provider.hosts.map { $0.lowercased() } + provider.markers
    }

    static func allRanges(_ marker: String, in haystack: String, foundation: Bool) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var start = haystack.startIndex
        while let range =
            foundation
            ? haystack.range(of: marker, range: start..<haystack.endIndex)
            : ErrorTextReader.range(of: marker, in: haystack, from: start)
        {
            found.append(
                haystack.utf8.distance(
                    from: haystack.startIndex, to: range.lowerBound)..<haystack.utf8.distance(
                        from: haystack.startIndex, to: range.upperBound))
            start = range.upperBound
        }
        return found
    }

    /// Every marker in every text of the corpus (the rules' examples and Tests/Scenarios).
    @Test func theByteSearchFindsWhatFoundationFinds() {
        #expect(Self.markers.count > 50)
        var hits = 0
        for (name, text) in VolatileTokenTests.corpus {
            let haystack = BridgedText(text).folded
            for marker in Self.markers {
                let expected = Self.allRanges(marker, in: haystack, foundation: true)
                hits += expected.count
                #expect(Self.allRanges(marker, in: haystack, foundation: false) == expected, "\(name): \(marker)")
            }
        }
        #expect(hits > 400)
    }

    /// Next to letters of other scripts and combining marks, Foundation decides.
    @Test(
        arguments: [
            "عبرgmail.com", "gmail.com\u{301} smtp", "smtp.gmail.com", "x@gmail.com", "smtp.gmail.co", "",
            "e\u{301}smtp.office365.com", "SMTP.GMAIL.COM", "gmail.comgmail.com",
        ])
    func edgeCases(_ text: String) {
        let haystack = BridgedText(text).folded
        for marker in ["gmail.com", "smtp.gmail.com", "smtp.office365.com"] {
            #expect(
                Self.allRanges(marker, in: haystack, foundation: false)
                    == Self.allRanges(marker, in: haystack, foundation: true), "\(text): \(marker)")
        }
    }
}

import Foundation
import KnowledgeBase
import Testing

@testable import Inference

/// `CaseFreeClasses` marks classes case-sensitive only where that changes no match.
@Suite struct CaseFreeClassesTests {
    @Test func marksOnlyClassesCaseCannotChange() {
        #expect(CaseFreeClasses.marked(#"host [\w.-]+ said"#) == #"host (?-i:[\w.-])+ said"#)
        #expect(CaseFreeClasses.marked(#"(?<![\w./])535"#) == #"(?<!(?-i:[\w./]))535"#)
        #expect(CaseFreeClasses.marked(#"[0-9\w]x"#) == #"(?-i:[0-9\w])x"#)
        // Letters, ranges that may hold letters, properties, quoting and set operations stay.
        for unchanged in [
            #"[a-z\w]+"#, #"[!-~\w]"#, #"[\p{L}\w]"#, #"\Q[\w]\E"#, #"[\w[:]]"#, #"[é\w]"#, #"[\w"#,
            #"no word class [^.\n]"#,
        ] {
            #expect(CaseFreeClasses.marked(unchanged) == unchanged, "\(unchanged)")
        }
    }

    /// Every rule pattern the marking changes finds the same matches, groups included, on every
    /// known text as the pattern as written.
    @Test func theMarkedRulePatternsMatchAsWritten() throws {
        let knowledge = ScenarioTests.knowledge
        let sources =
            (knowledge.signatures.map(\.pattern) + knowledge.symptoms.flatMap { $0.phrases.values.flatMap { $0 } })
            .map { ArabicText.normalize($0.source).text }
        let changed = sources.filter { CaseFreeClasses.marked($0) != $0 }
        #expect(!changed.isEmpty)
        let texts = VolatileTokenTests.corpus.map { BridgedText($0.text) }
        for source in changed {
            let written = try NSRegularExpression(pattern: source, options: [.caseInsensitive])
            let marked = try NSRegularExpression(pattern: CaseFreeClasses.marked(source), options: [.caseInsensitive])
            #expect(written.numberOfCaptureGroups == marked.numberOfCaptureGroups)
            for text in texts {
                let expected = written.matches(in: text.string, range: text.range)
                let found = marked.matches(in: text.string, range: text.range)
                #expect(expected.count == found.count, "\(source)")
                for (a, b) in zip(expected, found) {
                    for group in 0...written.numberOfCaptureGroups {
                        #expect(a.range(at: group) == b.range(at: group), "\(source) group \(group)")
                    }
                }
            }
        }
    }
}

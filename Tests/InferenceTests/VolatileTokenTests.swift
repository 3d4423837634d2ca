import Foundation
import KnowledgeBase
import RuleLoader
import Testing

@testable import Inference

/// `scan` reads a failure once per text with its volatile tokens masked (`VolatileTokens`) and
/// gives every later failure with the same masked text the same verdict. That is safe only if
/// masking never changes what a text reads as; these tests prove it on every text we have.
@Suite struct VolatileTokenTests {
    static let reader = ReaderLayerTests.reader

    /// Every signature example (matching or not) and every error text of Tests/Scenarios.
    static let corpus: [(name: String, text: String)] = {
        var texts: [(String, String)] = []
        for signature in ScenarioTests.knowledge.signatures {
            for (index, example) in (signature.matchExamples + signature.noMatchExamples).enumerated() {
                texts.append(("\(signature.id) example \(index + 1)", example))
            }
        }
        let folder = ScenarioTests.root.appendingPathComponent("Tests/Scenarios")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for file in files.sorted() where file.hasPrefix("error-texts") && file.hasSuffix(".yaml") {
            if case .success(let cases) = ErrorTextFile.read(path: folder.appendingPathComponent(file).path) {
                texts += cases.map { ("\(file): \($0.id)", $0.text) }
            }
        }
        return texts
    }()

    /// What a reading establishes: its facts (and their weights) and every reading that took
    /// part (signatures, reply codes, the provider marker, the back-off), by id.
    static func summary(_ reading: ErrorTextReader.Reading) -> String {
        let facts = reading.facts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let strengths = reading.strengths.sorted { $0.key < $1.key }.map { "\($0.key)~\($0.value)" }
        let matches = Set(reading.matches.map { "\($0.kind.rawValue):\($0.signature)" }).sorted()
        return (facts + strengths + matches).joined(separator: "\n")
    }

    @Test func maskedTextsReadExactlyAsTheOriginals() {
        let corpus = Self.corpus
        #expect(corpus.count > 1400, "the rules' examples and Tests/Scenarios/error-texts*.yaml")
        var masked = 0
        for (name, text) in corpus {
            let mask = VolatileTokens.masked(text)
            guard mask != text else { continue }
            masked += 1
            #expect(
                Self.summary(Self.reader.read(mask)) == Self.summary(Self.reader.read(text)),
                "\(name): masked, it reads differently\n\(mask)")
        }
        // Not vacuous: the texts hold many of each kind of token.
        #expect(masked >= 60, "only \(masked) texts hold a volatile token")
    }

    /// Each kind of token is in the corpus, so the proof above covers each rule of the table.
    @Test(arguments: ["(id: 0)", "x0sm0x.0 - gsmtp", "Z 0000000000000000]"])
    func everyKindOfTokenIsProvedOnRealTexts(_ mark: String) {
        let count = Self.corpus.filter { VolatileTokens.masked($0.text).contains(mark) && !$0.text.contains(mark) }
            .count
        #expect(count >= 5, "\(count) texts masked to \(mark)")
    }

    @Test(
        arguments: [
            (
                "failed sending mail (id: 1542) due to Mail Delivery Failed",
                "failed sending mail (id: 0) due to Mail Delivery Failed"
            ),
            (
                "?p=InvalidSecondFactor d9443c01a7336-1f6a39a5d52sm8126875ad.64 - gsmtp')",
                "?p=InvalidSecondFactor x0sm0x.0 - gsmtp')"
            ),
            ("answer/78754 e80sm9340617pfb.41 - gsmtp", "answer/78754 x0sm0x.0 - gsmtp"),
            (
                "more information. [AM0PR02CA0101.eurprd02.prod.outlook.com 2024-05-14T09:12:44.512Z 08DC73F0A1B2C3D4]')",
                "more information. [AM0PR00CA0000.eurprd00.prod.outlook.com 2000-01-01T00:00:00.000Z 0000000000000000]')"
            ),
            (
                "unsuccessful [BL1PR13CA0245.namprd13.prod.outlook.com]",
                "unsuccessful [BL0PR00CA0000.namprd00.prod.outlook.com]"
            ),
            (
                "Contact your administrator. [DM6NAM12FT008.eop-nam12.prod.protection.outlook.com]",
                "Contact your administrator. [DM0NAM00FT000.eop-nam00.prod.protection.outlook.com]"
            ),
            // The domain is kept, digits and all.
            ("refused [SRV01ABC99.smtp.office365.com]", "refused [SRV00ABC00.smtp.office365.com]"),
            // Not tokens: a URL before gsmtp, times and addresses elsewhere, short brackets.
            (
                "visit https://support.google.com/a/answer/6140680 - gsmtp",
                "visit https://support.google.com/a/answer/6140680 - gsmtp"
            ),
            ("certificate has expired: 2024-05-02T10:00:00Z", "certificate has expired: 2024-05-02T10:00:00Z"),
            (
                "5.1.1 <j.smith2@example.org>: Recipient address rejected",
                "5.1.1 <j.smith2@example.org>: Recipient address rejected"
            ),
            ("[SSL: WRONG_VERSION_NUMBER] wrong version number", "[SSL: WRONG_VERSION_NUMBER] wrong version number"),
            ("[Errno 111] Connection refused", "[Errno 111] Connection refused"),
            (
                "Mail with ID 12 and Message-Id '<1.2-openerp@odoo>'",
                "Mail with ID 12 and Message-Id '<1.2-openerp@odoo>'"
            ),
        ] as [(String, String)])
    func theTableMasksWhatItSays(_ text: String, _ expected: String) {
        #expect(VolatileTokens.masked(text) == expected)
    }

    /// Two failures that differ only in their tokens share one key; a different error does not.
    @Test func repeatsShareAKey() {
        let one =
            "failed sending mail (id: 12) due to (534, b'5.7.9 Learn more at 5b1f17b1804b1-42158b2e1e2sm2234693f9.9 - gsmtp')"
        let two = "failed sending mail (id: 99812) due to (534, b'5.7.9 Learn more at e80sm9340617pfb.41 - gsmtp')"
        let other = "failed sending mail (id: 12) due to (535, b'5.7.8 Learn more at e80sm9340617pfb.41 - gsmtp')"
        #expect(VolatileTokens.masked(one) == VolatileTokens.masked(two))
        #expect(VolatileTokens.masked(one) != VolatileTokens.masked(other))
    }
}

/// The reader runs a pattern only when one of its trigger literals occurs in the folded text
/// (`PatternTrigger`); a trigger that is wrong hides a match silently. Proved here for every
/// signature and symptom pattern of the shipped rules on every text we have.
@Suite struct PatternTriggerCorpusTests {
    @Test func noTriggerHidesAMatchOnAnyKnownText() {
        let knowledge = ScenarioTests.knowledge
        let patterns =
            knowledge.signatures.map(\.pattern)
            + knowledge.symptoms.flatMap { $0.phrases.values.flatMap { $0 } }
        let texts = VolatileTokenTests.corpus.map { BridgedText($0.text) }
        var skipped = 0
        for pattern in patterns where pattern.trigger != nil {
            // The expression itself: `Pattern.firstMatch` consults the trigger first.
            guard case .success(let regex) = pattern.compile() else { continue }
            for (index, text) in texts.enumerated() where !pattern.mightMatch(folded: text.folded) {
                skipped += 1
                #expect(
                    regex.firstMatch(in: text.string, range: text.range) == nil,
                    "\(pattern.source) matches \(VolatileTokenTests.corpus[index].name) but its trigger \(pattern.trigger ?? []) says it cannot"
                )
            }
        }
        // Not vacuous: most patterns are skipped for most texts.
        #expect(skipped > patterns.count * texts.count / 2)
        // And few patterns are always compiled: the Arabic phrasings' groups give triggers.
        let untriggered = patterns.filter { $0.trigger == nil }.map(\.source)
        #expect(untriggered.count * 10 < patterns.count, "\(untriggered.count) of \(patterns.count) have no trigger")
    }
}

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

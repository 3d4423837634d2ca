import KnowledgeBase
import Testing

@testable import Inference

@Suite struct AnswerNormalizerTests {
    let normalizer = AnswerNormalizer(knowledge: TestKnowledge.make())

    @Test func choicesAcceptIdsLabelsNumbersAndArabicYesNo() {
        #expect(normalizer.normalize(fact: "provider", value: "gmail") == .success("gmail"))
        #expect(normalizer.normalize(fact: "provider", value: "Microsoft 365") == .success("microsoft-365"))
        #expect(normalizer.normalize(fact: "provider", value: "2") == .success("microsoft-365"))
        #expect(normalizer.normalize(fact: "account.app-password", value: "نعم") == .success("yes"))
        #expect(normalizer.normalize(fact: "account.app-password", value: "لا أعرف") == .success("unknown"))
    }

    @Test func numbersAcceptArabicIndicDigits() {
        #expect(normalizer.normalize(fact: "smtp.port", value: "٥٨٧") == .success("587"))
        #expect(
            normalizer.normalize(fact: "smtp.port", value: "port")
                == .failure(.notANumber(fact: "smtp.port", value: "port")))
    }

    @Test func badAnswersSayWhatIsAllowed() {
        #expect(
            normalizer.normalize(fact: "provider", value: "aol")
                == .failure(
                    .notAChoice(
                        fact: "provider", value: "aol",
                        allowed: ["gmail", "microsoft-365", "other"])))
        #expect(normalizer.normalize(fact: "nope", value: "x") == .failure(.unknownFact("nope")))
    }

    /// Found by the step fuzzer: a number beyond Int's range used to trap when converted.
    @Test func hugeNumbersAreAnswersNotCrashes() {
        #expect(
            normalizer.normalize(fact: "provider", value: "99999999999999999999")
                == .failure(
                    .notAChoice(
                        fact: "provider", value: "99999999999999999999",
                        allowed: ["gmail", "microsoft-365", "other"])))
        #expect(
            normalizer.normalize(fact: "smtp.port", value: String(repeating: "9", count: 400))
                == .failure(.notANumber(fact: "smtp.port", value: String(repeating: "9", count: 400))))
    }
}

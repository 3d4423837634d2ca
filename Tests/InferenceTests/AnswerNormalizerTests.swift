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

    /// Answers as people type them in a chat: another spelling the rules list (`also`), with
    /// hamza, tatweel, diacritics and spacing that differ, and dialect yes, no and "don't know".
    @Test(arguments: [
        ("provider", "جيميل", "gmail"), ("provider", "جيمـيل", "gmail"), ("provider", "  Google   Mail ", "gmail"),
        ("provider", "GMAIL", "gmail"), ("account.app-password", "ايوه", "yes"), ("account.app-password", "لأ", "no"),
        ("account.app-password", "إيه", "yes"), ("account.app-password", "مش عارف", "unknown"),
        ("account.app-password", "ما ادري", "unknown"), ("account.app-password", "لا أعْرِف", "unknown"),
    ])
    func choicesAcceptSpellingsPeopleType(_ fact: String, _ typed: String, _ value: String) {
        #expect(normalizer.normalize(fact: fact, value: typed) == .success(value), "\(typed)")
    }

    @Test func foldingUnifiesArabicSpellingsAndDigits() {
        #expect(TypedText.fold("أُوفِيس  ٣٦٥") == TypedText.fold("اوفيس 365"))
        #expect(TypedText.fold("رسالة") == TypedText.fold("رساله"))
        #expect(TypedText.fold("على") == TypedText.fold("علي"))
        #expect(TypedText.fold("Gmail ") == "gmail")
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

import Foundation
import KnowledgeBase
import Testing

@testable import Inference

@Suite struct EngineTests {
    let engine = Engine(knowledge: TestKnowledge.make())

    @Test func priorsAloneAreEqualAndLeaveRoomForTheUnknown() {
        let beliefs = engine.beliefs(for: Facts())
        #expect(beliefs.ranked.count == 3)
        let probabilities = beliefs.ranked.map(\.probability)
        #expect(abs(probabilities[0] - probabilities[2]) < 1e-9)
        #expect(abs(beliefs.other - 0.05) < 1e-9)
        #expect(abs(probabilities.reduce(beliefs.other, +) - 1) < 1e-9)
    }

    @Test func evidenceOnAChoiceFactIsNormalised() {
        // Gmail ×5 for app-password-required also lowers it when the answer is Microsoft.
        let none = engine.beliefs(for: Facts()).probability(of: "app-password-required")
        let gmail = engine.beliefs(for: Facts(["provider": "gmail"]))
            .probability(of: "app-password-required")
        let microsoft = engine.beliefs(for: Facts(["provider": "microsoft-365"]))
            .probability(of: "app-password-required")
        #expect(gmail > none)
        #expect(microsoft < none)
    }

    @Test func multiFactEvidenceMultipliesPlainly() {
        let without = engine.beliefs(for: Facts(["error.kind": "timed-out"]))
        let with = engine.beliefs(for: Facts(["error.kind": "timed-out", "smtp.port": "25"]))
        #expect(with.probability(of: "port-blocked") > without.probability(of: "port-blocked"))
    }

    @Test func unknownIsNeverEvidence() {
        let before = engine.beliefs(for: Facts())
        let after = engine.beliefs(for: Facts(["provider": "unknown", "error.kind": "unknown"]))
        #expect(before.ranked == after.ranked)
    }

    @Test func changingAnAnswerIsExact() {
        var session = Case()
        session.answer("error.kind", "timed-out")
        session.answer("provider", "gmail")
        let first = engine.evaluate(session).beliefs.ranked
        session.answer("provider", "microsoft-365")
        session.answer("provider", "gmail")
        #expect(engine.evaluate(session).beliefs.ranked == first)
        session.withdraw("provider")
        var fresh = Case()
        fresh.answer("error.kind", "timed-out")
        #expect(engine.evaluate(session).beliefs.ranked == engine.evaluate(fresh).beliefs.ranked)
    }

    @Test func backWithdrawsTheLastUserAnswerOnly() {
        var session = Case()
        session.answer("smtp.port", "25", origin: .config)
        session.answer("provider", "gmail")
        #expect(session.back() == "provider")
        #expect(session.back() == nil)
        #expect(session.answer(for: "smtp.port") != nil)
    }

    @Test func knownFactsAreNeverAsked() {
        var session = Case()
        var asked: [String] = []
        for _ in 0..<10 {
            guard let next = engine.evaluate(session).next else { break }
            #expect(!asked.contains(next.question.fact))
            #expect(session.answer(for: next.question.fact) == nil)
            asked.append(next.question.fact)
            session.answer(next.question.fact, "unknown")
        }
        #expect(!asked.isEmpty)
    }

    @Test func aQuestionWhoseConditionFailsIsNotAsked() {
        var session = Case()
        session.answer("error.kind", "timed-out")
        for _ in 0..<5 {
            guard let next = engine.evaluate(session).next else { break }
            #expect(next.question.fact != "account.app-password")
            session.answer(next.question.fact, "unknown")
        }
    }

    @Test func theFirstQuestionIsTheMostInformativePerCost() {
        // error.kind separates every cause at cost 1; reachability only one, at cost 3.
        let next = engine.evaluate(Case()).next
        #expect(next?.question.fact == "error.kind")
        #expect((next?.gain ?? 0) > 0)
    }

    @Test func itStopsWhenOneCauseIsClearlyAhead() {
        var session = Case(errorText: "timed out")
        session.answer("network.smtp-reachable", "no")
        let evaluation = engine.evaluate(session)
        #expect(evaluation.conclusion == .tryFix("port-blocked"))
        #expect(evaluation.next == nil)
    }

    @Test func aFailedFixRulesTheCauseOutAndTheDiagnosisGoesOn() {
        var session = Case(errorText: "timed out")
        session.answer("network.smtp-reachable", "no")
        session.fixFailed(for: "port-blocked")
        let evaluation = engine.evaluate(session)
        #expect(evaluation.beliefs.probability(of: "port-blocked") == 0)
        #expect(evaluation.beliefs.top?.cause != "port-blocked")
        session.reconsider("port-blocked")
        #expect(engine.evaluate(session).conclusion == .tryFix("port-blocked"))
    }

    @Test func evidenceAgainstEverythingPointsToNoKnownCause() {
        var session = Case()
        session.answer("error.kind", "other")
        session.answer("network.smtp-reachable", "yes")
        session.answer("provider", "other")
        session.answer("account.app-password", "no")
        let evaluation = engine.evaluate(session)
        #expect(evaluation.beliefs.other > 0.05)
    }

    @Test func theMoreSpecificSignatureWins() {
        let reading = ErrorTextReader(knowledge: engine.knowledge)
            .read("(535, b'5.7.8 Username and Password not accepted') on port 587")
        #expect(reading.facts["provider"] == "gmail")
        #expect(reading.factOrigins["error.kind"] == "gmail-535")
        #expect(reading.facts["smtp.port"] == "587")
        #expect(reading.matches.map(\.signature).contains("s535"))
    }

    @Test func answersGivenDirectlyOverrideTheErrorText() {
        var session = Case(errorText: "timed out on port 25")
        session.answer("smtp.port", "587")
        #expect(engine.facts(for: session).facts.value("smtp.port") == "587")
    }

    @Test func anUnrecognisedErrorMessageCountsAsAnotherError() {
        let session = Case(errorText: "OSError: the printer is on fire")
        #expect(engine.facts(for: session).facts.value("error.kind") == "other")
    }

    @Test func aPersonsOwnWordsAreNotAnErrorMessage() {
        let session = Case(errorText: "the customers say nothing arrives since Monday")
        #expect(engine.facts(for: session).facts.value("error.kind") == nil)
    }

    @Test func theSessionRoundTripsThroughJSON() throws {
        var session = Case(errorText: "timed out")
        session.answer("provider", "gmail")
        session.fixFailed(for: "port-blocked")
        let data = try JSONEncoder().encode(session)
        let decoded = try JSONDecoder().decode(Case.self, from: data)
        #expect(decoded == session)
        #expect(engine.evaluate(decoded).beliefs.ranked == engine.evaluate(session).beliefs.ranked)
    }

    @Test func theWhyExplanationNamesWhatEachAnswerRaises() throws {
        let next = try #require(engine.evaluate(Case()).next)
        let timedOut = next.separates.first { $0.value == "timed-out" }
        #expect(timedOut?.raises.first == "port-blocked")
    }

    @Test func howListsTheEvidenceWithItsFactor() {
        let facts = Facts(["error.kind": "timed-out", "smtp.port": "25"])
        let steps = Explainer(engine: engine).how("port-blocked", facts: facts, language: .en)
        // The choice fact's factor is the normalised one the model applied; the evidence over
        // two facts multiplies plainly.
        #expect(steps.contains { $0.factor > 2 && $0.description.contains("timed out") })
        #expect(steps.contains { $0.factor == 3 })
    }

    @Test func whyNotShowsTheEvidenceAgainst() {
        var session = Case()
        session.answer("account.app-password", "yes")
        let facts = engine.facts(for: session).facts
        let steps = Explainer(engine: engine).whyNot(
            "app-password-required", facts: facts,
            session: session, language: .en)
        #expect(steps.contains { $0.factor < 0.2 })
    }

    @Test func fileOrderBaselineAsksTheFirstInformativeQuestion() {
        let next = engine.evaluate(Case(), policy: .fileOrder).next
        #expect(next?.question.id == "ask-provider")
    }
}

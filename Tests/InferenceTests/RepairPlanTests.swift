import Foundation
import KnowledgeBase
import Testing

@testable import Inference

/// The ask-or-repair decision (issue #11) on the small hand-built knowledge base, so the
/// numbers can be checked by hand.
@Suite struct RepairPlanTests {
    /// The test knowledge with each cause's own fix at the given minutes.
    static func knowledge(
        minutes: [String: Double], model: TroubleshootingModel = TroubleshootingModel()
    ) -> KnowledgeBase {
        var knowledge = TestKnowledge.make()
        knowledge.troubleshooting = model
        var fixes: [Fix] = []
        for index in knowledge.causes.indices {
            let id = knowledge.causes[index].id
            fixes.append(
                Fix(
                    id: "fix-\(id)", title: .same("fix \(id)"), minutes: minutes[id] ?? 10,
                    steps: [.init(text: .same("step"))], verify: .same("check")))
            knowledge.causes[index].fixes = ["fix-\(id)"]
        }
        return KnowledgeBase(
            facts: knowledge.facts, causes: knowledge.causes, fixes: fixes,
            questions: knowledge.questions, signatures: knowledge.signatures,
            troubleshooting: model)
    }

    @Test func theExpectedCostOfRepairIsPaidOnlyForWhatIsTriedAndStopsWhereEscalatingIsCheaper() {
        let engine = Engine(knowledge: Self.knowledge(minutes: [:], model: .init(escalationMinutes: 120)))
        let planner = RepairPlanner(engine: engine, facts: Facts(), beliefs: engine.beliefs(for: Facts()))
        // 10 + 0.5 × 120 = 70 after one; 10 + 20 × 0.5 + 0.2 × 120 = 44 after two.
        let two = planner.expectedCost([(0.5, 10), (0.3, 20)])
        #expect(abs(two.minutes - 44) < 1e-9)
        #expect(two.count == 2)
        // A repair that costs more than escalating what is left is not worth trying.
        let dear = planner.expectedCost([(0.5, 10), (0.01, 500)])
        #expect(dear.count == 1)
        #expect(abs(dear.minutes - (10 + 0.5 * 120)) < 1e-9)
        // Nothing likely enough: escalate at once.
        #expect(planner.expectedCost([(0.001, 50)]).count == 0)
    }

    @Test func aQuickFixOfALessLikelyCauseComesFirst() {
        // Port blocked leads on a time-out, but the credentials' fix takes a minute.
        let engine = Engine(
            knowledge: Self.knowledge(minutes: [
                "port-blocked": 60, "credentials-wrong": 1, "app-password-required": 60,
            ]))
        var session = Case()
        session.answer("error.kind", "timed-out")
        let evaluation = engine.evaluate(session)
        #expect(evaluation.beliefs.top?.cause == "port-blocked")
        let plan = try! #require(evaluation.plan)
        let ratios = plan.steps.map { $0.probability / $0.minutes }
        #expect(ratios == ratios.sorted(by: >), "the plan is in p/C order")
        let port = plan.steps.first { $0.cause == "port-blocked" }
        #expect(port?.fix == "fix-port-blocked")
        #expect(port.map { abs($0.minutes - (60 + TroubleshootingModel().verifyMinutes)) < 1e-9 } == true)
    }

    @Test func itAsksWhenFixesAreDearAndTriesWhenTheyAreCheap() {
        let dear = Engine(
            knowledge: Self.knowledge(
                minutes: ["port-blocked": 300, "credentials-wrong": 300, "app-password-required": 300],
                model: .init(escalationMinutes: 2000)))
        let cheap = Engine(
            knowledge: Self.knowledge(
                minutes: ["port-blocked": 0.5, "credentials-wrong": 0.5, "app-password-required": 0.5],
                model: .init(escalationMinutes: 2000, verifyMinutes: 0)))
        let session = Case(errorText: "smtplib.SMTPAuthenticationError: (535, b'auth failed')")
        let asking = dear.evaluate(session)
        #expect(asking.next != nil, "three fixes of five hours each: a one-minute question pays")
        #expect((asking.plan?.askingFirstMinutes ?? .infinity) < asking.plan?.expectedMinutes ?? 0)
        let trying = cheap.evaluate(session)
        #expect(trying.next == nil, "half-minute fixes: just try them")
        if case .tryFix(let cause) = trying.conclusion {
            #expect(cause == trying.plan?.first?.cause)
        } else {
            Issue.record("expected a fix to try, got \(String(describing: trying.conclusion))")
        }
    }

    /// The fast expected cost after an answer (a merge of the untouched order with the touched
    /// causes) equals planning from scratch on the beliefs that answer gives.
    @Test func theMergedPlanAfterAnAnswerEqualsPlanningAfresh() {
        let engine = Engine(
            knowledge: Self.knowledge(minutes: [
                "port-blocked": 30, "credentials-wrong": 5, "app-password-required": 12,
            ]))
        for start in [Case(), Case(errorText: "timed out"), Case(errorText: "535 rejected")] {
            let (facts, _) = engine.facts(for: start)
            let beliefs = engine.beliefs(for: facts)
            let planner = RepairPlanner(engine: engine, facts: facts, beliefs: beliefs)
            let candidates = QuestionSelector(engine: engine).ranked(
                facts: facts, beliefs: beliefs, probes: [], limit: 10)
            #expect(!candidates.isEmpty)
            for candidate in candidates {
                let width = candidate.outcomes.count
                // The answers with a chance come in `separates`, in the outcomes' order.
                let answered = candidate.outcomes.indices.filter { candidate.outcomes[$0].probability > 0 }
                for (answerIndex, separation) in zip(answered, candidate.next.separates) {
                    let touched = candidate.touched.enumerated().map { row, cause in
                        (cause: cause, probability: candidate.posteriors[row * width + answerIndex])
                    }
                    let fast = planner.expectedCost(touched: touched, scale: candidate.outcomes[answerIndex].scale)
                    var withAnswer = facts
                    withAnswer[candidate.next.question.fact] = separation.value
                    let after = engine.beliefs(for: withAnswer)
                    let fresh = RepairPlanner(engine: engine, facts: withAnswer, beliefs: after)
                        .plan(causeIDs: engine.model.causeIDs).expectedMinutes
                    #expect(abs(fast - fresh) < 1e-6, "\(candidate.next.question.fact)=\(separation.value)")
                }
            }
        }
    }

    @Test func aTopicAnsweredUnknownIsNotAskedInAnotherForm() {
        var knowledge = TestKnowledge.make()
        for index in knowledge.questions.indices
        where ["ask-reach", "ask-provider"].contains(knowledge.questions[index].id) {
            knowledge.questions[index].topic = "settings"
        }
        knowledge.questions[knowledge.questions.firstIndex { $0.id == "ask-reach" }!].probe = "tcp"
        let engine = Engine(knowledge: knowledge)
        var session = Case()
        session.answer("provider", Facts.unknown)
        let facts = engine.facts(for: session).facts
        let beliefs = engine.beliefs(for: facts)
        let asked = QuestionSelector(engine: engine).ranked(facts: facts, beliefs: beliefs, probes: [], limit: 10)
            .map(\.next.question.fact)
        #expect(!asked.contains("network.smtp-reachable"))
        // A probe can answer what the person could not.
        let probed = QuestionSelector(engine: engine).ranked(facts: facts, beliefs: beliefs, probes: ["tcp"], limit: 10)
            .map(\.next.question.fact)
        #expect(probed.contains("network.smtp-reachable"))
    }

    @Test func unknownRatesFollowTheChannelAndThePerson() {
        var question = TestKnowledge.make().questions[0]
        question.unknownRate = 0.3
        question.unknownRates = [.chat: 0.6]
        #expect(question.unknownRate(on: .chat) == 0.6)
        #expect(question.unknownRate(on: .terminal) == 0.3)
        #expect(question.unknownRate(on: nil) == 0.3)
        var knowing = Case()
        var ignorant = Case()
        for fact in ["provider", "error.kind", "account.app-password"] {
            knowing.answer(fact, "yes")
            ignorant.answer(fact, Facts.unknown)
        }
        #expect(Engine.unknownOdds(Case()) == 1)
        #expect(Engine.unknownOdds(ignorant) > 3)
        #expect(Engine.unknownOdds(knowing) < 0.5)
    }

    @Test func eachQuestionAskedMakesTheNextDearer() {
        let model = TroubleshootingModel(questionFatigue: 0.5)
        #expect(model.cost(ofQuestion: 2, afterAsking: 0) == 2)
        #expect(model.cost(ofQuestion: 2, afterAsking: 4) == 6)
    }

    @Test func theCalibrationExponentTempersEveryFactorAndOneLeavesThemAlone() {
        var sharp = TestKnowledge.make()
        sharp.troubleshooting.evidenceExponent = 2
        let facts = Facts(["error.kind": "timed-out", "network.smtp-reachable": "no"])
        let plain = Engine(knowledge: TestKnowledge.make()).beliefs(for: facts)
        let tempered = Engine(knowledge: sharp).beliefs(for: facts)
        #expect(plain.top?.cause == "port-blocked")
        #expect(tempered.top?.cause == "port-blocked")
        #expect(tempered.probability(of: "port-blocked") > plain.probability(of: "port-blocked"))
    }

    /// Evidence that reads two facts at once ("port 465 and no encryption"): neither answer
    /// alone moves it, so no single question is worth asking, but asking both is.
    @Test func aQuestionWhoseAnswerMattersOnlyWithAnothersIsAskedWhenThePairPays() throws {
        let facts = ["first", "second"].map {
            FactDefinition(id: $0, kind: .choice, title: .same($0), values: TestKnowledge.yesNo)
        }
        let causes = ["pair", "other-a", "other-b"].map { id in
            Cause(
                id: id, category: "c", prior: 0.3, title: .same(id), summary: .same("s"), fixes: ["fix-\(id)"],
                evidence: id == "pair"
                    ? [
                        Evidence(
                            condition: .all([
                                .equals(fact: "first", value: "yes"), .equals(fact: "second", value: "yes"),
                            ]), ratio: 50)
                    ] : [])
        }
        let fixes = causes.map {
            Fix(
                id: "fix-\($0.id)", title: .same("fix"), minutes: 60, steps: [.init(text: .same("step"))],
                verify: .same("check"))
        }
        let questions = ["first", "second"].map {
            Question(id: "ask-\($0)", fact: $0, text: .same("\($0)?"), help: .same("h"), cost: 1)
        }
        let engine = Engine(
            knowledge: KnowledgeBase(
                facts: facts, causes: causes, fixes: fixes, questions: questions, signatures: []))
        let selector = QuestionSelector(engine: engine)
        let beliefs = engine.beliefs(for: Facts())
        #expect(selector.ranked(facts: Facts(), beliefs: beliefs, probes: [], limit: 12).isEmpty)
        let evaluation = engine.evaluate(Case())
        let next = try #require(evaluation.next)
        #expect(["first", "second"].contains(next.question.fact))
        let plan = try #require(evaluation.plan)
        #expect(try #require(plan.askingFirstMinutes) < plan.expectedMinutes)
        // Once the first is answered, the second is an ordinary question.
        var session = Case()
        session.answer(next.question.fact, "yes")
        let after = engine.evaluate(session)
        #expect(after.next?.question.fact == (next.question.fact == "first" ? "second" : "first"))
    }
}

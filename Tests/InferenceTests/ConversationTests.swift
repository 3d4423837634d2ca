import KnowledgeBase
import Testing

@testable import Inference

/// The conversation's events and the case's precedence, one rule at a time.
@Suite struct ConversationTests {
    let engine = Engine(knowledge: TestKnowledge.make())

    /// Who gives a fact decides whether it stands, not the order it arrives in:
    /// user > flag > probe > config; the same origin's later value wins.
    @Test(arguments: [
        (Case.Origin.config, "25", Case.Origin.user, "465", "465"),
        (Case.Origin.user, "465", Case.Origin.config, "25", "465"),
        (Case.Origin.user, "465", Case.Origin.probe, "25", "465"),
        (Case.Origin.flag, "587", Case.Origin.probe, "25", "587"),
        (Case.Origin.probe, "587", Case.Origin.config, "25", "587"),
        (Case.Origin.config, "25", Case.Origin.probe, "587", "587"),
        (Case.Origin.flag, "587", Case.Origin.user, "2525", "2525"),
        (Case.Origin.user, "587", Case.Origin.user, "2525", "2525"),
    ])
    func theMoreTrustedSourceWins(
        _ first: Case.Origin, _ a: String, _ second: Case.Origin, _ b: String, _ kept: String
    )
        throws
    {
        var conversation = Conversation(engine: engine)
        try conversation.handle(.given(fact: "smtp.port", value: a, origin: first))
        try conversation.handle(.given(fact: "smtp.port", value: b, origin: second))
        #expect(conversation.record.answer(for: "smtp.port")?.value == kept)
    }

    @Test func measuredFactsNeverOverrideAnAnswerAndRepliesAreReadAsText() throws {
        var conversation = Conversation(engine: engine)
        try conversation.handle(.answer(fact: "provider", text: "Microsoft 365"))
        try conversation.handle(
            .measured(
                .init(
                    facts: ["provider": "gmail", "network.smtp-reachable": "yes", "no.such.fact": "x"],
                    replies: ["(535, b'5.7.8 bad credentials')"], host: "smtp.example.test")))
        let record = conversation.record
        #expect(record.answer(for: "provider")?.value == "microsoft-365")
        #expect(record.answer(for: "network.smtp-reachable")?.origin == .probe)
        #expect(record.answer(for: "no.such.fact") == nil)
        #expect(record.errorText?.contains("535") == true)
        #expect(record.probedHost == "smtp.example.test")
    }

    @Test func backTakesAPastedAnswerBackWithItsText() throws {
        var conversation = Conversation(engine: engine, record: Case(errorText: "first paste"))
        try conversation.handle(.answer(fact: Engine.errorKindFact, text: "something nobody recognises at all"))
        #expect(conversation.record.errorText?.contains("nobody recognises") == true)
        #expect(conversation.record.answer(for: Engine.errorKindFact)?.value == Facts.unknown)
        try conversation.handle(.back)
        #expect(conversation.record.errorText == "first paste")
        #expect(conversation.record.answer(for: Engine.errorKindFact) == nil)
    }

    @Test func refusedEventsLeaveTheCaseAsItWas() {
        var conversation = Conversation(engine: engine)
        let before = conversation.record
        #expect(throws: InferenceError.unknownFact("nope")) { try conversation.handle(.withdraw(fact: "nope")) }
        #expect(throws: InferenceError.unknownCause("nope")) {
            try conversation.handle(.fixResult(cause: "nope", worked: false))
        }
        #expect(throws: InferenceError.notANumber(fact: "smtp.port", value: "five")) {
            try conversation.handle(.answer(fact: "smtp.port", text: "five"))
        }
        #expect(conversation.record == before)
    }

    @Test func aFixResultRulesOutOrResolves() throws {
        var conversation = Conversation(engine: engine)
        try conversation.handle(.fixResult(cause: "port-blocked", worked: false))
        #expect(conversation.record.ruledOut == ["port-blocked"])
        try conversation.handle(.fixResult(cause: "credentials-wrong", worked: true))
        #expect(conversation.record.resolved)
        #expect(conversation.next().conclusion == .resolved)
    }

    @Test func answeringTheRestEndsAndAsksEachFactOnce() {
        var conversation = Conversation(engine: engine)
        let asked = conversation.answerRemaining { _, _ in Facts.unknown }
        #expect(Set(asked).count == asked.count)
        #expect(conversation.next().next == nil)
    }
}

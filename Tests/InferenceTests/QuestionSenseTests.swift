import KnowledgeBase
import Testing

@testable import Inference

/// Questions a newcomer found pointless or oddly offered, checked on the shipped rules.
@Suite struct QuestionSenseTests {
    static let engine = Engine(knowledge: ScenarioTests.knowledge)

    /// Test Connection is a button on an outgoing server record: after it failed, asking
    /// whether such a record exists is a wasted question.
    @Test func noServerQuestionAfterTestConnectionFailed() {
        var session = Case()
        session.answer("symptom", "test-connection-fails")
        var asked: [String] = []
        for _ in 0..<60 {
            guard let next = Self.engine.evaluate(session).next else { break }
            asked.append(next.question.fact)
            session.answer(next.question.fact, Facts.unknown)
        }
        #expect(!asked.isEmpty)
        #expect(!asked.contains("odoo.mail-server-configured"), "\(asked)")
    }

    /// "Every recipient, or only some?" is answered with those words, not yes/no.
    @Test func anEitherOrQuestionOffersItsTwoAnswers() {
        let labels = ScenarioTests.knowledge.fact("recipients.all-fail")?.values.map(\.label.en) ?? []
        #expect(labels == ["Every recipient", "Only some addresses or domains"])
    }
}

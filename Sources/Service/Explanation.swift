import Inference
import KnowledgeBase
import Rendering

/// What a pasted error means, with no questions asked: the ranking stands as the text leaves
/// it. `explain` and the MCP `explain_error` tool both answer with this.
package enum Explanation {
    package static func report(
        for text: String, engine: Engine, language: Language
    )
        -> (report: DiagnosisReport, evaluation: Evaluation, record: Case)
    {
        let record = Case(errorText: text)
        var evaluation = Conversation(engine: engine, record: record).next()
        if evaluation.conclusion == nil {
            evaluation.conclusion =
                evaluation.beliefs.other >= (evaluation.beliefs.top?.probability ?? 0)
                ? .noKnownCause : .openQuestions
        }
        evaluation.next = nil
        let report = ReportBuilder(engine: engine, language: language).report(for: record, evaluation: evaluation)
        return (report, evaluation, record)
    }
}

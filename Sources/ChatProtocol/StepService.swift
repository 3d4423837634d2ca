import Foundation
import Inference
import Rendering
import KnowledgeBase

/// One chat turn: state in, answers applied, the engine asked, state out. No I/O of its own;
/// the `step` command feeds it stdin and prints what it returns.
public struct StepService: Sendable {
    let engine: Engine
    let codec: StateCodec
    /// Runs after the answers are applied and before the engine is asked: where the `step`
    /// command runs live probes when the operator allowed them.
    let prepare: @Sendable (inout Session) -> Void

    public init(engine: Engine, codec: StateCodec,
                prepare: @escaping @Sendable (inout Session) -> Void = { _ in }) {
        self.engine = engine
        self.codec = codec
        self.prepare = prepare
    }

    public func respond(to data: Data) -> Result<StepResponse, StepError> {
        switch StepRequestParser.parse(data) {
        case .failure(let error): return .failure(error)
        case .success(let request): return respond(to: request)
        }
    }

    public func respond(to request: StepRequest) -> Result<StepResponse, StepError> {
        // Errors a chat user may see come in the conversation's language.
        let ar = request.language == "ar"
        func t(_ en: String, _ arabic: String) -> String { ar ? arabic : en }
        var session = Session()
        if let state = request.state {
            switch codec.decode(state) {
            case .success(let decoded): session = decoded
            case .failure(.tampered):
                return .failure(StepError("bad-state",
                                          t("the state was changed or signed with another key; start again with \"state\": null",
                                            "الحالة عُدّلت أو وُقّعت بمفتاح آخر؛ ابدأ من جديد بـ \"state\": null"),
                                          field: "state"))
            case .failure(.malformed):
                return .failure(StepError("bad-state", t("the state is not one this service issued", "هذه الحالة لم تصدر عن هذه الخدمة"),
                                          field: "state"))
            case .failure(.incompatible(let found)):
                return .failure(StepError("incompatible-state",
                                          t("the state is format \(found); this service reads format \(Session.currentVersion)",
                                            "صيغة الحالة \(found)، وهذه الخدمة تقرأ الصيغة \(Session.currentVersion)"),
                                          field: "state"))
            }
        }
        for fact in request.withdraw {
            guard engine.knowledge.fact(fact) != nil else {
                return .failure(StepError("unknown-fact", t("unknown fact '\(fact)'", "معطى غير معروف «\(fact)»"), field: "withdraw"))
            }
            if fact == "error.text" { session.errorText = nil } else { session.withdraw(fact) }
        }
        for (fact, raw) in request.answers {
            if fact == "error.text" {
                session.errorText = raw
                continue
            }
            switch engine.answer(raw, for: fact, in: &session) {
            case .success: break
            case .failure(.unknownFact):
                return .failure(StepError("unknown-fact", t("unknown fact '\(fact)'", "معطى غير معروف «\(fact)»"), field: "answers.\(fact)"))
            case .failure(let problem):
                return .failure(StepError("bad-answer", problem.message(in: ar ? .ar : .en, knowledge: engine.knowledge),
                                          field: "answers.\(fact)"))
            }
        }
        if let result = request.fixResult {
            guard engine.knowledge.cause(result.cause) != nil else {
                return .failure(StepError("unknown-cause", t("unknown cause '\(result.cause)'", "سبب غير معروف «\(result.cause)»"),
                                          field: "fixResult.cause"))
            }
            if result.worked { session.resolved = true } else { session.fixFailed(for: result.cause) }
        }
        let language = Language(rawValue: request.language) ?? .en
        prepare(&session)
        let evaluation = engine.evaluate(session)
        let report = ReportBuilder(engine: engine, language: language)
            .report(for: session, evaluation: evaluation)
        var status = report.status == "question" ? "question" : "diagnosis"
        if session.resolved { status = "resolved" }
        var fixCheck: StepResponse.FixCheck?
        if status == "diagnosis", let top = report.causes.first {
            fixCheck = StepResponse.FixCheck(
                cause: top.id,
                text: language == .ar ? "طبّق الإصلاح ثم أخبرني: هل حُلّت المشكلة؟"
                    : "Apply the fix, then tell me: did it work?",
                choices: [.init(worked: true, label: language == .ar ? "نعم، حُلّت" : "Yes, it works"),
                          .init(worked: false, label: language == .ar ? "لا، ما زالت" : "No, still failing")])
        }
        return .success(StepResponse(
            version: 1, state: codec.encode(session), status: status, language: language.rawValue,
            conclusion: report.conclusion, question: report.question, causes: report.causes,
            otherProbability: report.otherProbability, facts: report.facts, fixCheck: fixCheck))
    }
}

import Foundation
import Inference
import KnowledgeBase
import Rendering

/// One chat turn, a thin driver of `Conversation`: the state decoded, the request's events
/// applied, the conversation asked, the state encoded. No I/O of its own: the `step` command
/// feeds it stdin, runs the permitted probes between `start` and `finish`, and prints the
/// response.
public struct StepService: Sendable {
    let engine: Engine
    let codec: StateCodec

    /// A service that reasons with `engine` and signs states with `codec`.
    public init(engine: Engine, codec: StateCodec) {
        self.engine = engine
        self.codec = codec
    }

    /// A whole turn without probes.
    public func respond(to data: Data) -> Result<StepResponse, StepError> {
        switch StepRequestParser.parse(data) {
        case .failure(let error): return .failure(error)
        case .success(let request): return respond(to: request)
        }
    }

    package func respond(to request: StepRequest) -> Result<StepResponse, StepError> {
        start(request).map { finish($0, language: request.language) }
    }
    /// The conversation as the request leaves it: the state it carries with the turn's
    /// withdrawals, answers and fix result applied, in that order.
    package func start(_ request: StepRequest) -> Result<Conversation, StepError> {
        // Errors a chat user may see come in the conversation's language.
        let ar = request.language == "ar"
        func t(_ en: String, _ arabic: String) -> String { ar ? arabic : en }
        var session = Case()
        if let state = request.state {
            switch codec.decode(state) {
            case .success(let decoded): session = decoded
            case .failure(.tampered):
                return .failure(
                    StepError(
                        "bad-state",
                        t(
                            "the state was changed or signed with another key; start again with \"state\": null",
                            "الحالة عُدّلت أو وُقّعت بمفتاح آخر؛ ابدأ من جديد بـ \"state\": null"),
                        field: "state"))
            case .failure(.malformed):
                return .failure(
                    StepError(
                        "bad-state", t("the state is not one this service issued", "هذه الحالة لم تصدر عن هذه الخدمة"),
                        field: "state"))
            case .failure(.incompatible(let found)):
                return .failure(
                    StepError(
                        "incompatible-state",
                        t(
                            "the state is format \(found); this service reads format \(Case.currentVersion)",
                            "صيغة الحالة \(found)، وهذه الخدمة تقرأ الصيغة \(Case.currentVersion)"),
                        field: "state"))
            }
        }
        // The turn's events, in the protocol's order: withdrawals, answers, the fix result.
        var conversation = Conversation(engine: engine, record: session, channel: .chat)
        var events: [(Conversation.Event, field: String)] = request.withdraw.map { (.withdraw(fact: $0), "withdraw") }
        for (fact, raw) in request.answers {
            let event: Conversation.Event =
                fact == Facts.errorTextFact ? .errorText(raw) : .answer(fact: fact, text: raw)
            events.append((event, "answers.\(fact)"))
        }
        if let result = request.fixResult {
            events.append((.fixResult(cause: result.cause, worked: result.worked), "fixResult.cause"))
        }
        for (event, field) in events {
            do throws(InferenceError) {
                try conversation.handle(event)
            } catch {
                return .failure(
                    Self.refusal(error, field: field, language: ar ? .ar : .en, knowledge: engine.knowledge))
            }
        }
        return .success(conversation)
    }

    /// The response for where the conversation stands, in `language` (`en` or `ar`).
    package func finish(_ conversation: Conversation, language code: String) -> StepResponse {
        let language = Language(rawValue: code) ?? .en
        let session = conversation.record
        let evaluation = conversation.next()
        let report = ReportBuilder(engine: engine, language: language)
            .report(for: session, evaluation: evaluation)
        var status = report.status == "question" ? "question" : "diagnosis"
        if session.resolved { status = "resolved" }
        var fixCheck: StepResponse.FixCheck?
        // The fix asked about is the plan's first (the most efficient), not always the most
        // likely cause's.
        if status == "diagnosis", let cause = report.plan?.steps.first?.cause ?? report.causes.first?.id {
            fixCheck = StepResponse.FixCheck(
                cause: cause,
                text: language == .ar
                    ? "طبّق الإصلاح ثم أخبرني: هل حُلّت المشكلة؟"
                    : "Apply the fix, then tell me: did it work?",
                choices: [
                    .init(worked: true, label: language == .ar ? "نعم، حُلّت" : "Yes, it works"),
                    .init(worked: false, label: language == .ar ? "لا، ما زالت" : "No, still failing"),
                ])
        }
        return StepResponse(
            version: 1, state: codec.encode(session), status: status, language: language.rawValue,
            conclusion: report.conclusion, plan: report.plan, question: report.question, causes: report.causes,
            otherProbability: report.otherProbability, facts: report.facts, fixCheck: fixCheck)
    }

    /// A refused event as the chat backend gets it: a stable code and a sentence in the
    /// conversation's language.
    static func refusal(
        _ error: InferenceError, field: String, language: Language,
        knowledge: KnowledgeBase
    ) -> StepError {
        switch error {
        case .unknownFact:
            return StepError("unknown-fact", error.message(in: language, knowledge: knowledge), field: field)
        case .unknownCause:
            return StepError("unknown-cause", error.message(in: language, knowledge: knowledge), field: field)
        default: return StepError("bad-answer", error.message(in: language, knowledge: knowledge), field: field)
        }
    }
}

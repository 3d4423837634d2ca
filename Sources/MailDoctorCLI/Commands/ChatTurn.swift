import ChatProtocol
import Foundation
import Inference
import KnowledgeBase
import Rendering
import RuleLoader

/// One chat turn (`mail-doctor step`) with its options as plain values: one JSON request on
/// stdin, one JSON response on stdout, then exit.
///
/// A turn is a new process per chat message, so it is built to start little: `StepArguments`
/// makes one without ArgumentParser (whose option wrappers ask the runtime for conformances
/// that, in the static binary, each walk some 10,000 records), and a turn without probes runs
/// synchronously on the thread that calls it. On the main thread that keeps malloc in its main
/// arena: a pool thread's first allocations map a new arena and grow it by `mprotect`, about
/// a millisecond of a turn.
struct ChatTurn {
    var rules: String?
    var allowProbes = false
    var allowPrivateTargets = false

    /// The checks `RulesOptions` and `ProbeGuardOptions` apply, for a turn built without them.
    var isValid: Bool {
        (rules.map { (try? OptionCheck.path($0, flag: "--rules")) != nil } ?? true)
            && (allowProbes || !allowPrivateTargets)
    }

    /// Runs the turn, with the live probes the operator allowed.
    func run() async throws {
        var turn = try begin()
        if allowProbes {
            await StepProbes.run(on: &turn.conversation, allowPrivate: allowPrivateTargets, rules: turn.directory)
        }
        turn.finish()
    }

    /// Runs a turn that may not probe, on the calling thread.
    func runWithoutProbes() throws {
        precondition(!allowProbes, "a turn that may probe runs through run()")
        try begin().finish()
    }

    /// The turn up to its answer: the request read and the conversation started.
    private func begin() throws -> Started {
        let timings = Timings()
        // At most the request limit plus one byte: a larger request is refused unread.
        let input = InputText.readStandardInput() ?? Data(count: StepRequestParser.maximumBytes + 1)
        guard let directory = try? RulesOptions.directory(named: rules) else {
            throw Self.fail(
                StepError("unavailable", "the rules folder cannot be found"), code: ExitCodes.unavailable)
        }
        timings.mark("start")
        let loaded = CompiledRules.load(directory: directory, displayRoot: RulesOptions.displayRoot(of: rules))
        timings.mark("rules")
        guard let knowledge = loaded else {
            // Only on failure: listing the folder again would cost every chat turn.
            if RuleLoader.ruleFiles(in: directory)?.isEmpty != false {
                throw Self.fail(
                    StepError("unavailable", "the rules folder holds no rules"), code: ExitCodes.unavailable)
            }
            throw Self.fail(
                StepError("internal", "the rules in '\(directory)' have errors; run mail-doctor lint"),
                code: ExitCodes.internalError)
        }
        // getenv, not ProcessInfo.environment, which copies the whole environment each call.
        let secret = getenv("MAIL_DOCTOR_STATE_KEY").map { String(cString: $0) }
        let service = StepService(engine: Engine(knowledge: knowledge), codec: StateCodec(secret: secret))
        timings.mark("engine")
        let request: StepRequest
        switch StepRequestParser.parse(input) {
        case .success(let parsed): request = parsed
        case .failure(let error): throw Self.fail(error, code: ExitCodes.dataError)
        }
        switch service.start(request) {
        case .success(let conversation):
            return Started(
                service: service, request: request, conversation: conversation, directory: directory,
                timings: timings)
        case .failure(let error): throw Self.fail(error, code: ExitCodes.dataError)
        }
    }

    /// A started turn: what remains is to answer.
    private struct Started {
        let service: StepService
        let request: StepRequest
        var conversation: Conversation
        let directory: String
        let timings: Timings

        func finish() -> Never {
            let response = service.finish(conversation, language: request.language)
            timings.mark("respond")
            Console.out(JSONRenderer.render(response, pretty: false))
            timings.mark("json")
            timings.report()
            // The answer is written (write(2), unbuffered): tearing down the knowledge base's
            // object graph would only delay the chatbot's next read by milliseconds.
            Foundation.exit(0)
        }
    }

    private static func fail(_ error: StepError, code: Int32) -> MailDoctorError {
        Console.out(JSONRenderer.render(error, pretty: false))
        return .exit(code)
    }
}

import ArgumentParser
import ChatProtocol
import Foundation
import Inference
import KnowledgeBase
import Probes
import Rendering
import RuleLoader
import Service

/// `mail-doctor step`: the chatbot protocol, one JSON request in, one JSON response out.
struct StepCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "step",
        abstract: "One chat turn: a JSON request on stdin, a JSON response on stdout.",
        discussion: """
            The request and response are described by schemas/step-request.schema.json and \
            schemas/step-response.schema.json; a refused request gets schemas/step-error.schema.json \
            on stdout and exit 65 (70 for an internal error). The state is signed with \
            MAIL_DOCTOR_STATE_KEY (set it in production). Nothing but JSON goes to stdout.
            """
    )

    @OptionGroup var global: RulesOptions

    @OptionGroup var probing: ProbeGuardOptions

    func run() async throws {
        let timings = Timings()
        // At most the request limit plus one byte: a larger request is refused unread.
        let input = InputText.readStandardInput() ?? Data(count: StepRequestParser.maximumBytes + 1)
        guard let directory = try? global.rulesDirectory() else {
            throw fail(
                StepError("unavailable", "the rules folder cannot be found"),
                code: ExitCodes.unavailable)
        }
        timings.mark("start")
        let loaded = CompiledRules.load(directory: directory, displayRoot: global.displayRoot)
        timings.mark("rules")
        guard let knowledge = loaded else {
            // Only on failure: listing the folder again would cost every chat turn.
            if RuleLoader.ruleFiles(in: directory)?.isEmpty != false {
                throw fail(StepError("unavailable", "the rules folder holds no rules"), code: ExitCodes.unavailable)
            }
            throw fail(
                StepError("internal", "the rules in '\(directory)' have errors; run mail-doctor lint"),
                code: ExitCodes.internalError)
        }
        let secret = ProcessInfo.processInfo.environment["MAIL_DOCTOR_STATE_KEY"]
        let engine = Engine(knowledge: knowledge)
        let service = StepService(engine: engine, codec: StateCodec(secret: secret))
        timings.mark("engine")
        let request: StepRequest
        switch StepRequestParser.parse(input) {
        case .success(let parsed): request = parsed
        case .failure(let error): throw fail(error, code: ExitCodes.dataError)
        }
        var conversation: Conversation
        switch service.start(request) {
        case .success(let started): conversation = started
        case .failure(let error): throw fail(error, code: ExitCodes.dataError)
        }
        if probing.allowProbes {
            await StepProbes.run(
                on: &conversation, allowPrivate: probing.allowPrivateTargets, rules: directory)
        }
        let response = service.finish(conversation, language: request.language)
        timings.mark("respond")
        Console.out(JSONRenderer.render(response, pretty: false))
        timings.mark("json")
        timings.report()
        // The answer is written (write(2), unbuffered): tearing down the knowledge base's
        // object graph would only delay the chatbot's next read by milliseconds.
        Foundation.exit(0)
    }

    private func fail(_ error: StepError, code: Int32) -> MailDoctorError {
        Console.out(JSONRenderer.render(error, pretty: false))
        return .exit(code)
    }
}

/// Live probes in chatbot mode: only with --allow-probes, only the safe depth (never a login),
/// once per SMTP host, and never against loopback or private targets unless the operator said
/// --allow-private-targets too.
enum StepProbes {
    static func run(on conversation: inout Conversation, allowPrivate: Bool, rules: String) async {
        await runOnSendingAddress(&conversation, allowPrivate: allowPrivate)
        let facts = conversation.facts
        guard let host = facts.value(ProbeFacts.host), conversation.record.probedHost != host else { return }
        var context = ProbeContext(facts: facts, policy: TargetPolicy(allowPrivate: allowPrivate))
        context.publicSuffixes = PublicSuffixList.shipped(inRules: rules)
        context.use(facts.value("provider").flatMap { conversation.engine.knowledge.provider($0) })
        let outcomes = await ProbeRunner().run(context, names: ProbeContext.safeSweep)
        try? conversation.handle(.measured(ProbeFindings.measurement(outcomes, host: host)))
    }
}

extension StepProbes {
    /// Pasted headers name the sending address: its blocklists and reverse DNS, once (a fact
    /// a probe already measured is not measured again on a later turn). Private and loopback
    /// addresses are never looked up.
    static func runOnSendingAddress(_ conversation: inout Conversation, allowPrivate: Bool) async {
        let facts = conversation.facts
        guard facts.value(ProbeFacts.sendingIP) != nil else { return }
        let measured = [ProbeFacts.ipBlocklisted, ProbeFacts.ipReverseDNS].contains {
            conversation.record.answer(for: $0)?.origin == .probe
        }
        guard !measured else { return }
        let base = ProbeContext(facts: facts, policy: TargetPolicy(allowPrivate: allowPrivate))
        let context = HeadersDiagnosis.context(for: conversation, base: base)
        let outcomes = await ProbeRunner().run(context, names: [.dnsbl, .ptr])
        try? conversation.handle(.measured(ProbeFindings.measurement(outcomes, host: nil)))
    }
}

/// Phase times on stderr when MAIL_DOCTOR_TIMINGS is set: where a chat turn spends its time.
final class Timings {
    private let enabled = ProcessInfo.processInfo.environment["MAIL_DOCTOR_TIMINGS"] != nil
    private var marks: [(String, UInt64)] = [("launch", DispatchTime.now().uptimeNanoseconds)]

    func mark(_ name: String) {
        if enabled { marks.append((name, DispatchTime.now().uptimeNanoseconds)) }
    }

    func report() {
        guard enabled else { return }
        let parts = zip(marks.dropFirst(), marks).map { current, previous in
            String(format: "%@ %.1f ms", current.0, Double(current.1 - previous.1) / 1e6)
        }
        Console.error("timings: " + parts.joined(separator: ", "))
    }
}

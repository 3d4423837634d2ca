import ArgumentParser
import Foundation
import Inference
import KnowledgeBase
import Probes
import Rendering
import RuleLoader
import Service

/// `mail-doctor diagnose`: the guided diagnosis.
struct DiagnoseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diagnose",
        abstract: "Guided diagnosis: asks the most informative question next, then shows the fix.",
        discussion: """
            Interactive on a terminal: answer with the number or the value, '?' for help, \
            'why' for why it asks, 'back' to change the previous answer, 'quit' to stop. \
            When stdin is not a terminal it never waits: facts come from --answers and the \
            flags, and anything else counts as unknown.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "A YAML or JSON file of fact: value answers (and fix-failed: [cause ids]).")
    var answers: String?

    @Option(help: "The error text as pasted (or - to read it from stdin).")
    var error: String?

    @Option(help: "What the user sees (a symptom id, e.g. emails-in-spam).")
    var symptom: String?

    @Option(help: "The email provider id (gmail, microsoft-365, ...).")
    var provider: String?

    @Option(name: .customLong("odoo-version"), help: "The Odoo version, e.g. 17.0.")
    var odooVersion: String?

    @OptionGroup(title: "Live probes") var target: ProbeOptions

    enum ProbeDepth: String, ExpressibleByArgument, CaseIterable {
        case none, safe, auth
    }

    @Option(
        help:
            "Live probes before asking: none, safe (no login) or auth (also AUTH and MAIL/RCPT; never DATA). Default: safe when a host is known."
    )
    var probes: ProbeDepth?

    @Option(help: "Explain at the end why a cause is NOT the answer (a cause id).")
    var whyNot: String?

    func validate() throws {
        if let answers { try OptionCheck.path(answers, flag: "--answers") }
        for (flag, value) in [
            ("--symptom", symptom), ("--provider", provider),
            ("--odoo-version", odooVersion), ("--why-not", whyNot),
        ] {
            if let value { try OptionCheck.nonEmpty(value, flag: flag) }
        }
        if let error, error != "-" { try OptionCheck.bounded(error, flag: "--error") }
    }

    func run() async throws {
        let knowledge = try global.loadKnowledge()
        let engine = Engine(knowledge: knowledge)
        let language = global.language
        if let cause = whyNot, knowledge.cause(cause) == nil {
            throw MailDoctorError.usage("mail-doctor diagnose: --why-not: unknown cause '\(cause)'.")
        }
        // The case, built once; the probes are aimed from it.
        var builder = CaseBuilder(engine: engine, language: language, command: "diagnose")
        let settings = try target.settings()
        try builder.add(config: settings)
        builder.add(errorText: try error.map { try InputText.argumentOrStdin($0, command: "diagnose") })
        try builder.add(
            flags: [
                .init(flag: "--symptom", fact: "symptom", value: symptom),
                .init(flag: "--provider", fact: "provider", value: provider),
            ] + target.flagFacts + [.init(flag: "--odoo-version", fact: "odoo.version", value: odooVersion)])
        try builder.add(answersFile: answers)
        var conversation = builder.conversation
        let fixFailed = builder.fixFailed
        // A fix the user already tried rules its cause out now, wherever it ranks: waiting
        // until it leads left it in the ranking and "why not" with nothing to say.
        for cause in fixFailed { try? conversation.handle(.fixResult(cause: cause, worked: false)) }
        let findings = try await sweep(&conversation, settings: settings, language: language)
        let interactive = Console.stdinIsTerminal && output.format == .terminal
        if interactive {
            var terminal = InteractiveDiagnosis(
                conversation: conversation, language: language,
                renderer: TerminalRenderer(
                    language: language, color: output.useColor,
                    width: Console.terminalWidth))
            let ending = terminal.run()
            conversation = terminal.conversation
            if ending == .stopped {
                terminal.stoppedSummary().forEach(Console.out)
                return
            }
        } else {
            // Without a terminal and with nothing given there is nothing to diagnose: say so,
            // instead of a page of advice at 9%.
            let record = conversation.record
            if record.answers.isEmpty && (record.errorText ?? "").isEmpty && fixFailed.isEmpty && findings.isEmpty {
                throw MailDoctorError.usage(
                    language == .ar
                        ? "mail-doctor diagnose: لم يُعطَ شيء للتشخيص (لا نص خطأ ولا إجابات ولا إعدادات). شغّله في طرفية ليسألك، أو أعطه --error أو --answers ملف أو --config odoo.conf أو --host."
                        : "mail-doctor diagnose: nothing was given to diagnose (no error text, answers or settings). Run it on a terminal to be asked, or give --error, --answers FILE, --config odoo.conf or --host."
                )
            }
            // Without a person at the keyboard every question left is answered "unknown".
            conversation.answerRemaining { _, _ in Facts.unknown }
        }
        let evaluation = conversation.next()
        var report = ReportBuilder(engine: engine, language: language)
            .report(for: conversation.record, evaluation: evaluation)
        if !findings.isEmpty {
            report.findings = findings.map {
                .init(
                    check: "\($0.probe.rawValue) \($0.check)", status: $0.status.rawValue,
                    message: $0.message[language])
            }
        }
        if !interactive || evaluation.conclusion == nil { output.print(report, language: language) }
        if let cause = whyNot {
            WhyNot.print(
                cause, engine: engine, record: conversation.record, facts: evaluation.facts,
                language: language)
        }
    }

    /// Runs the permitted probes before any question, aimed from the case: what they measure
    /// is never asked.
    private func sweep(
        _ conversation: inout Conversation, settings: OdooConfigProbe.Settings?,
        language: Language
    ) async throws -> [ProbeOutcome] {
        let engine = conversation.engine
        let facts = conversation.facts
        let depth = probes ?? (facts.value(ProbeFacts.host) != nil || settings != nil ? .safe : ProbeDepth.none)
        guard depth != .none else { return [] }
        var options = target
        options.auth = depth == .auth
        let provider = facts.value("provider").flatMap { engine.knowledge.provider($0) }
        var context = try options.context(
            for: facts, settings: settings, provider: provider, allowPrivate: true,
            rules: try? global.rulesDirectory())
        context.blocklists = engine.knowledge.blocklists
        let outcomes = await ProbeSweep.run(context, language: language)
        try? conversation.handle(.measured(ProbeFindings.measurement(outcomes, host: context.host)))
        let problems = outcomes.filter { $0.status == .problem }
        if !problems.isEmpty {
            let heading = language == .ar ? "ما وجدته الفحوص المباشرة:" : "What the live probes found:"
            Console.error(heading)
            for outcome in problems {
                Console.error("  ✗ \(outcome.probe.rawValue) \(outcome.check): \(outcome.message[language])")
            }
        }
        return outcomes
    }
}

import ArgumentParser
import Foundation
import Inference
import KnowledgeBase
import Probes
import Rendering
import RuleLoader

/// `mail-doctor diagnose`: the guided diagnosis.
struct DiagnoseCommand: ParsableCommand {
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

    @Option(help: "Live probes before asking: none, safe (no login) or auth (also AUTH and MAIL/RCPT; never DATA). Default: safe when a host is known.")
    var probes: ProbeDepth?

    @Option(help: "Explain at the end why a cause is NOT the answer (a cause id).")
    var whyNot: String?

    func run() throws {
        let knowledge = try global.loadKnowledge()
        let engine = Engine(knowledge: knowledge)
        var session = Session()
        var fixFailed: [String] = []
        try seed(&session, fixFailed: &fixFailed, engine: engine)
        let language = global.language
        let findings = try sweep(&session, engine: engine, language: language)
        let interactive = Console.stdinIsTerminal && output.format == .terminal
        if interactive {
            let conversation = InteractiveDiagnosis(
                engine: engine, language: language,
                renderer: TerminalRenderer(language: language, color: output.useColor,
                                           width: Console.terminalWidth))
            let (ended, ending) = conversation.run(session)
            session = ended
            if ending == .stopped {
                conversation.stoppedSummary(session).forEach(Console.out)
                return
            }
        } else {
            // Without a terminal and with nothing given there is nothing to diagnose: say so,
            // instead of a page of advice at 9%.
            if session.answers.isEmpty && (session.errorText ?? "").isEmpty && fixFailed.isEmpty && findings.isEmpty {
                throw MailDoctorError.usage(language == .ar
                    ? "mail-doctor diagnose: لم يُعطَ شيء للتشخيص (لا نص خطأ ولا إجابات ولا إعدادات). شغّله في طرفية ليسألك، أو أعطه --error أو --answers ملف أو --config odoo.conf أو --host."
                    : "mail-doctor diagnose: nothing was given to diagnose (no error text, answers or settings). Run it on a terminal to be asked, or give --error, --answers FILE, --config odoo.conf or --host.")
            }
            session = ScriptedDiagnosis(engine: engine).run(session, fixFailed: fixFailed)
        }
        let evaluation = engine.evaluate(session)
        var report = ReportBuilder(engine: engine, language: language)
            .report(for: session, evaluation: evaluation)
        if !findings.isEmpty {
            report.findings = findings.map {
                .init(check: "\($0.probe.rawValue) \($0.check)", status: $0.status.rawValue,
                      message: $0.message[language])
            }
        }
        if !interactive || evaluation.conclusion == nil { output.print(report, language: language) }
        if let cause = whyNot {
            try WhyNot.print(cause, engine: engine, session: session, facts: evaluation.facts,
                             language: language)
        }
    }

    /// Facts from odoo.conf, the flags and the answers file, in rising order of trust.
    private func seed(_ session: inout Session, fixFailed: inout [String], engine: Engine) throws {
        let normalizer = AnswerNormalizer(knowledge: engine.knowledge)
        func set(_ fact: String, _ raw: String?, origin: Session.Origin, flag: String) throws {
            guard let raw else { return }
            switch normalizer.normalize(fact: fact, value: raw) {
            case .success(let value): session.answer(fact, value, origin: origin)
            case .failure(let problem):
                Console.error("mail-doctor diagnose: \(flag): \(problem.message(in: global.language, knowledge: engine.knowledge))")
                throw ExitCode(ExitCodes.usage)
            }
        }
        if let config = target.config {
            switch OdooConfigProbe().read(path: config) {
            case .success(let settings):
                for (fact, value) in settings.facts.sorted(by: { $0.key < $1.key }) {
                    try set(fact, value, origin: .config, flag: "--config")
                }
            case .failure(let failure):
                Console.error("mail-doctor diagnose: \(failure)")
                throw ExitCode(ExitCodes.dataError)
            }
        }
        if let error {
            session.errorText = try InputText.argumentOrStdin(error, command: "diagnose")
        }
        try set("symptom", symptom, origin: .flag, flag: "--symptom")
        try set("provider", provider, origin: .flag, flag: "--provider")
        try set("smtp.host", target.host, origin: .flag, flag: "--host")
        try set("smtp.port", target.port.map(String.init), origin: .flag, flag: "--port")
        try set("smtp.encryption", target.encryption, origin: .flag, flag: "--encryption")
        try set("smtp.user", target.user, origin: .flag, flag: "--user")
        try set("mail.from", target.from, origin: .flag, flag: "--from")
        try set("odoo.version", odooVersion, origin: .flag, flag: "--odoo-version")
        if let answers {
            switch AnswerFile.read(path: answers) {
            case .failure(let diagnostics):
                diagnostics.items.forEach { Console.error($0.description) }
                throw ExitCode(ExitCodes.dataError)
            case .success(let file):
                var bad = false
                for entry in file.entries {
                    switch normalizer.normalize(fact: entry.fact, value: entry.value) {
                    case .success(let value): session.answer(entry.fact, value, origin: .user)
                    case .failure(let problem):
                        Console.error(AnswerFile.problem(problem.message(in: global.language, knowledge: engine.knowledge),
                                                         at: entry).description)
                        bad = true
                    }
                }
                for cause in file.fixFailed where engine.knowledge.cause(cause) == nil {
                    Console.error("\(answers): error: unknown cause '\(cause)' in fix-failed")
                    bad = true
                }
                if bad { throw ExitCode(ExitCodes.dataError) }
                fixFailed = file.fixFailed
            }
        }
    }
}

extension DiagnoseCommand {
    /// Runs the permitted probes before any question: what they measure is never asked.
    @discardableResult
    func sweep(_ session: inout Session, engine: Engine, language: Language) throws -> [ProbeOutcome] {
        let facts = engine.facts(for: session).facts
        let depth = probes ?? (facts.value("smtp.host") != nil || target.config != nil ? .safe : ProbeDepth.none)
        guard depth != .none else { return [] }
        var options = target
        options.auth = depth == .auth
        let provider = facts.value("provider").flatMap { engine.knowledge.provider($0) }
        let context = try options.context(facts: facts, provider: provider, allowPrivate: true)
        let outcomes = ProbeSweep.run(context, language: language)
        ProbeSweep.apply(outcomes, to: &session, knowledge: engine.knowledge)
        let problems = outcomes.filter { $0.status == .problem }
        if !problems.isEmpty {
            let heading = language == .ar ? "ما وجدته الفحوص المباشرة:" : "What the live probes found:"
            Console.error(heading)
            for outcome in problems { Console.error("  ✗ \(outcome.probe.rawValue) \(outcome.check): \(outcome.message[language])") }
        }
        return outcomes
    }
}

/// Diagnosis without a person at the keyboard: every question not already answered is
/// answered `unknown`, so it always ends.
struct ScriptedDiagnosis {
    let engine: Engine

    func run(_ start: Session, fixFailed: [String]) -> Session {
        var session = start
        // A fix the user already tried rules its cause out now, wherever it ranks: waiting
        // until it leads left it in the ranking and "why not" with nothing to say.
        for cause in fixFailed { session.fixFailed(for: cause) }
        // Each round settles one fact, so this bounds the loop.
        let limit = engine.knowledge.questions.count + 1
        for _ in 0..<limit {
            let evaluation = engine.evaluate(session)
            if let next = evaluation.next {
                session.answer(next.question.fact, Facts.unknown)
                continue
            }
            break
        }
        return session
    }
}

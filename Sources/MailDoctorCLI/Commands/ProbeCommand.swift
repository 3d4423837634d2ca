import ArgumentParser
import Foundation
import Inference
import KnowledgeBase
import Probes
import Rendering

/// `mail-doctor probe`: the live checks, doctor style.
struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Check the real setup live: DNS, TCP ports, SMTP, TLS, clock, Odoo.",
        discussion: """
            Probes run concurrently and never send an email (they stop before DATA). \
            Exit 0 when everything is fine, 1 when problems were found, 69 when nothing could \
            be probed (no host, config, DNS name, time server or Odoo URL given).
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var target: ProbeOptions

    @Option(help: "The provider id (for its SPF include and DKIM selectors).")
    var provider: String?

    @Option(help: "Only these probes (comma-separated: odoo-config,odoo-server,dns,tcp,smtp,tls,clock).")
    var only: String?

    @Flag(help: "Show the evidence: SMTP transcript (password masked), certificate fields, DNS answers.")
    var verbose = false

    @Flag(help: "ASCII status marks instead of ✓ ! ✗.")
    var ascii = false

    func run() throws {
        let knowledge = try global.loadKnowledge()
        let providerEntry = provider.flatMap { knowledge.provider($0) }
        if let provider, providerEntry == nil, knowledge.fact("provider")?.value(provider) == nil {
            Console.error("mail-doctor probe: unknown provider '\(provider)'")
            throw ExitCode(ExitCodes.usage)
        }
        let context = try target.context(provider: providerEntry, allowPrivate: true)
        var names: Set<ProbeName>?
        if let only {
            var selected = Set<ProbeName>()
            for name in only.split(separator: ",") {
                guard let probe = ProbeName(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                    Console.error("mail-doctor probe: unknown probe '\(name)'")
                    throw ExitCode(ExitCodes.usage)
                }
                selected.insert(probe)
            }
            names = selected
        }
        let applicable = ProbeRegistry.all.filter { (names?.contains($0.name) ?? true) && $0.applies(to: context) }
        guard !applicable.isEmpty else {
            Console.error("mail-doctor probe: nothing to probe; give --config, --host, --from, --time-server or --odoo-url.")
            throw ExitCode(ExitCodes.unavailable)
        }
        let started = Date()
        // The same sweep diagnose runs, with its progress line on a terminal's stderr.
        let outcomes = ProbeSweep.run(context, names: names, language: global.language)
        let seconds = Date().timeIntervalSince(started)

        // What the findings mean, through the same engine as everything else.
        let engine = Engine(knowledge: knowledge)
        var session = Session()
        if let provider { session.answer("provider", provider, origin: .flag) }
        // What was probed is part of the case: the rules' port and encryption evidence needs it.
        let given: [(String, String?)] = [("smtp.host", context.host), ("smtp.port", context.port.map(String.init)),
                                          ("smtp.encryption", context.encryption), ("smtp.user", context.user),
                                          ("mail.from", context.from)]
        let normalizer = AnswerNormalizer(knowledge: knowledge)
        for case let (fact, raw?) in given {
            if case .success(let value) = normalizer.normalize(fact: fact, value: raw) {
                session.answer(fact, value, origin: context.configPath == nil ? .flag : .config)
            }
        }
        ProbeSweep.apply(outcomes, to: &session, knowledge: knowledge)
        let evaluation = engine.evaluate(session)
        let diagnosis = ReportBuilder(engine: engine, language: global.language)
            .report(for: session, evaluation: evaluation)
        let problems = outcomes.contains { $0.status == .problem }
        let language = global.language
        let report = ProbeReport(
            language: language, target: describe(context),
            checks: outcomes.map { outcome in
                ProbeReport.Check(probe: outcome.probe.rawValue, check: outcome.check,
                                  status: outcome.status.rawValue, message: outcome.message[language],
                                  seconds: (outcome.seconds * 100).rounded() / 100,
                                  evidence: verbose || output.format == .json ? outcome.evidence : [])
            },
            seconds: seconds,
            facts: evaluation.facts.values.filter { $0.key != "error.text" },
            causes: problems ? diagnosis.causes : [])
        switch output.format {
        case .json: Console.out(JSONRenderer.render(report))
        case .markdown: Console.out(ProbeRenderer(language: language, color: false, ascii: false,
                                                  verbose: verbose).markdown(report))
        case .terminal:
            let asciiMarks = ascii || !(ProcessInfo.processInfo.environment["LANG"] ?? "").lowercased().contains("utf")
            Console.out(ProbeRenderer(language: language, color: output.useColor, ascii: asciiMarks,
                                      verbose: verbose).terminal(report))
        }
        if problems { throw ExitCode(ExitCodes.problemsFound) }
    }

    func describe(_ context: ProbeContext) -> String {
        var parts: [String] = []
        if let host = context.host {
            parts.append("\(host):\(context.effectivePort) \(context.encryption ?? "none")")
        }
        if let domain = context.senderDomain { parts.append(domain) }
        if let url = context.odooURL { parts.append(url) }
        return parts.isEmpty ? "-" : parts.joined(separator: ", ")
    }
}

import ArgumentParser
import Foundation
import Inference
import KnowledgeBase
import Probes
import Rendering
import Service

/// `mail-doctor probe`: the live checks, doctor style.
struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Check the real setup live: DNS, TCP ports, SMTP, TLS, clock, Odoo.",
        discussion: """
            Probes run concurrently and never send an email (they stop before DATA). The one \
            exception is --send-test --to ADDRESS, which sends a single labelled test message \
            through the configured server and reports each SMTP stage. Exit 0 when everything is \
            fine, 1 when problems were found, 69 when nothing could be probed (no host, config, DNS \
            name, IP, time server or Odoo URL given).
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

    @Flag(
        name: .customLong("send-test"),
        help: "Send one short, labelled test message to --to through the configured server (the only DATA ever sent).")
    var sendTest = false

    func validate() throws {
        if let provider { try OptionCheck.nonEmpty(provider, flag: "--provider") }
        if let only { _ = try Self.probeNames(only) }
        if sendTest {
            guard target.recipient != nil else { throw ValidationError("--send-test needs --to ADDRESS") }
            guard only == nil else { throw ValidationError("--send-test runs alone; leave out --only") }
        }
    }

    /// The probes `--only` names.
    static func probeNames(_ list: String) throws -> Set<ProbeName> {
        var selected = Set<ProbeName>()
        for name in list.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard let probe = ProbeName(rawValue: trimmed) else {
                throw ValidationError(
                    "--only: unknown probe '\(trimmed)' (probes: "
                        + ProbeName.allCases.map(\.rawValue).joined(separator: ", ") + ")")
            }
            selected.insert(probe)
        }
        return selected
    }

    func run() async throws {
        let knowledge = try global.loadKnowledge()
        let providerEntry = provider.flatMap { knowledge.provider($0) }
        if let provider, providerEntry == nil, knowledge.fact("provider")?.value(provider) == nil {
            throw MailDoctorError.usage("mail-doctor probe: unknown provider '\(provider)'")
        }
        // What is probed is the case: odoo.conf and the flags, built once, so the rules' port
        // and encryption evidence reads the same port the probes test.
        let engine = Engine(knowledge: knowledge)
        let language = global.language
        var builder = CaseBuilder(engine: engine, language: language, command: "probe")
        let settings = try target.settings()
        try builder.add(config: settings)
        try builder.add(flags: [.init(flag: "--provider", fact: "provider", value: provider)] + target.flagFacts)
        var conversation = builder.conversation
        var context = try target.context(
            for: conversation.facts, settings: settings,
            provider: providerEntry, allowPrivate: true, rules: try? global.rulesDirectory())
        context.blocklists = knowledge.blocklists
        if sendTest {
            try await sendTestMessage(context, conversation: conversation, language: language)
            return
        }
        let names = try only.map(Self.probeNames)
        let applicable = ProbeRegistry.all.filter { (names?.contains($0.name) ?? true) && $0.applies(to: context) }
        guard !applicable.isEmpty else {
            throw MailDoctorError.unavailable(
                "mail-doctor probe: nothing to probe; give --config, --host, --from, --ip, --time-server or --odoo-url."
            )
        }
        let started = Date()
        // The same sweep diagnose runs, with its progress line on a terminal's stderr.
        let outcomes = await ProbeSweep.run(context, names: names, language: language)
        let seconds = Date().timeIntervalSince(started)

        // What the findings mean, through the same conversation as everything else.
        try? conversation.handle(.measured(ProbeFindings.measurement(outcomes, host: context.host)))
        let problems = outcomes.contains { $0.status == .problem }
        let report = ProbeFindings.report(
            outcomes, context: context, conversation: conversation, seconds: seconds, language: language,
            evidence: verbose || output.format == .json)
        switch output.format {
        case .json: Console.out(JSONRenderer.render(report))
        case .markdown:
            Console.out(
                ProbeRenderer(
                    language: language, color: false, ascii: false,
                    verbose: verbose
                ).markdown(report))
        case .terminal:
            let asciiMarks = ascii || !(ProcessInfo.processInfo.environment["LANG"] ?? "").lowercased().contains("utf")
            Console.out(
                ProbeRenderer(
                    language: language, color: output.useColor, ascii: asciiMarks,
                    verbose: verbose
                ).terminal(report))
        }
        if problems { throw MailDoctorError.exit(ExitCodes.problemsFound) }
    }

    /// `--send-test`: one message through the configured server, each stage reported.
    private func sendTestMessage(_ context: ProbeContext, conversation: Conversation, language: Language) async throws {
        guard context.host != nil else {
            throw MailDoctorError.unavailable("mail-doctor probe: --send-test needs a server: give --config or --host.")
        }
        let started = Date()
        let outcomes = await TestMessageSender().send(context, to: target.recipient ?? "")
        var conversation = conversation
        try? conversation.handle(.measured(ProbeFindings.measurement(outcomes, host: context.host)))
        let report = ProbeFindings.report(
            outcomes, context: context, conversation: conversation, seconds: Date().timeIntervalSince(started),
            language: language, evidence: verbose || output.format == .json)
        switch output.format {
        case .json: Console.out(JSONRenderer.render(report))
        case .markdown:
            Console.out(
                ProbeRenderer(language: language, color: false, ascii: false, verbose: verbose).markdown(report))
        case .terminal:
            let asciiMarks = ascii || !(ProcessInfo.processInfo.environment["LANG"] ?? "").lowercased().contains("utf")
            Console.out(
                ProbeRenderer(language: language, color: output.useColor, ascii: asciiMarks, verbose: verbose)
                    .terminal(report))
        }
        // The next step in full: the check lines above are cut to the terminal's width.
        if output.format != .json, let next = outcomes.first(where: { $0.check == "send-next" }) {
            Console.out("")
            Console.out(TerminalRenderer(language: language, color: false).line(next.message[language]))
        }
        if outcomes.contains(where: { $0.status != .ok }) { throw MailDoctorError.exit(ExitCodes.problemsFound) }
    }
}

import ArgumentParser

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

    var turn: ChatTurn {
        ChatTurn(
            rules: global.rules, allowProbes: probing.allowProbes, allowPrivateTargets: probing.allowPrivateTargets)
    }

    func run() async throws { try await turn.run() }
}

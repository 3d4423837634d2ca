import ArgumentParser
import Foundation
import Inference
import KnowledgeBase
import Probes
import Rendering
import Service

/// `mail-doctor headers`: what a received message's headers say about SPF, DKIM, DMARC and
/// the sending address, and what to change.
struct HeadersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "headers",
        abstract: "Read a received message's headers: SPF, DKIM, DMARC, alignment, the sending IP, what to change.",
        discussion: """
            FILE holds the headers as Gmail's "Show original" or Outlook's "View message source" \
            shows them (a whole message, or only its header lines); - reads stdin. With --probes \
            the sending address is checked against the blocklists in rules/blocklists.yaml and for \
            reverse DNS, and the From domain's DNS records are checked. Exit 0 with an answer, 65 \
            when the text holds no header block or cannot be read, 64 for a bad option.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "A file with the message's headers, or - to read stdin.")
    var file: String

    @Flag(help: "Also check the sending IP (blocklists, reverse DNS) and the From domain's DNS live.")
    var probes = false

    @Option(name: .customLong("ip"), help: "Check this sending IP instead of the one the headers give.")
    var address: String?

    @Option(name: .customLong("dns-server"), help: "Ask this DNS server (IPv4[:port]) instead of the system's.")
    var dnsServer: String?

    @Option(help: "Seconds for each DNS answer (default 5).")
    var timeout: Double?

    @Flag(help: "ASCII status marks instead of ✓ ! ✗.")
    var ascii = false

    /// The most a header file may hold; a whole message with attachments is cut to its
    /// headers' share by the excerpt rules anyway.
    static let maximumBytes = InputText.maximumBytes

    func validate() throws {
        try OptionCheck.nonEmpty(file, flag: "FILE")
        if let address, IPAddress(address) == nil {
            throw ValidationError("--ip takes an IPv4 or IPv6 address, got '\(address)'")
        }
        if let dnsServer { _ = try ProbeOptions.dnsServer(dnsServer) }
        if let timeout {
            guard timeout.isFinite, timeout > 0, timeout <= ProbeOptions.maximumTimeout else {
                throw ValidationError(
                    "--timeout takes a number of seconds above 0 and at most \(Int(ProbeOptions.maximumTimeout)), got \(timeout)"
                )
            }
        }
        if !probes, address != nil || dnsServer != nil {
            throw ValidationError("--ip and --dns-server aim the live checks: add --probes")
        }
    }

    func run() async throws {
        let text = try read()
        let knowledge = try global.loadKnowledge()
        let language = global.language
        let engine = Engine(knowledge: knowledge)
        var conversation = Conversation(engine: engine)
        try? conversation.handle(.errorText(text))
        guard conversation.reading?.headers != nil else {
            throw MailDoctorError.badInput(
                language == .ar
                    ? "mail-doctor headers: لا توجد ترويسات رسالة في \(source) (الصق الترويسات من \"Show original\" في Gmail أو \"View message source\" في Outlook: تبدأ بحقول مثل Received: وAuthentication-Results:)."
                    : "mail-doctor headers: \(source) holds no message headers (paste them from Gmail's \"Show original\" or Outlook's \"View message source\": they start with fields such as Received: and Authentication-Results:)."
            )
        }
        var outcomes: [ProbeOutcome] = []
        if probes {
            var base = ProbeContext(policy: TargetPolicy(allowPrivate: true))
            base.sendingAddress = address
            if let dnsServer { base.dnsServer = try ProbeOptions.dnsServer(dnsServer) }
            if let timeout { base.timeouts = .uniform(seconds: timeout) }
            let context = HeadersDiagnosis.context(for: conversation, base: base)
            outcomes = await ProbeSweep.run(context, names: HeadersDiagnosis.probes, language: language)
            try? conversation.handle(.measured(ProbeFindings.measurement(outcomes, host: nil)))
        }
        guard let report = HeadersDiagnosis.report(conversation, outcomes: outcomes, language: language) else {
            throw MailDoctorError.exit(ExitCodes.internalError)
        }
        switch output.format {
        case .json: Console.out(JSONRenderer.render(report))
        case .markdown: Console.out(HeadersRenderer(language: language, color: false, ascii: false).markdown(report))
        case .terminal:
            let asciiMarks = ascii || !(ProcessInfo.processInfo.environment["LANG"] ?? "").lowercased().contains("utf")
            Console.out(HeadersRenderer(language: language, color: output.useColor, ascii: asciiMarks).terminal(report))
        }
    }

    private var source: String { file == "-" ? "stdin" : file }

    /// The file's or stdin's text; a missing file, a folder, an oversized or empty input is
    /// bad input (65) with a sentence.
    private func read() throws -> String {
        let text: String
        if file == "-" {
            text = try InputText.argumentOrStdin("-", command: "headers")
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else {
                throw MailDoctorError.badInput("mail-doctor headers: cannot read '\(file)': no such file.")
            }
            guard !isDirectory.boolValue else {
                throw MailDoctorError.badInput("mail-doctor headers: '\(file)' is a folder, not a file of headers.")
            }
            guard let handle = FileHandle(forReadingAtPath: file) else {
                throw MailDoctorError.badInput("mail-doctor headers: cannot read '\(file)': permission denied.")
            }
            defer { try? handle.close() }
            let data = handle.readData(ofLength: Self.maximumBytes + 1)
            guard data.count <= Self.maximumBytes else {
                throw MailDoctorError.badInput(
                    "mail-doctor headers: '\(file)' is larger than \(Self.maximumBytes / 1024 / 1024) MiB; save only the message's headers."
                )
            }
            text = String(decoding: data, as: UTF8.self)
        }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw MailDoctorError.badInput("mail-doctor headers: \(source) is empty.")
        }
        return text
    }
}

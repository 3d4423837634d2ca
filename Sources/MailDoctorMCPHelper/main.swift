import Foundation
import KnowledgeBase
import MCPServer
import RuleLoader

// `mail-doctor-mcp`: the MCP server's own small executable, started by `mail-doctor mcp`
// (which validates the options, finds the rules and schemas and checks that the rules load)
// and never by a person. It is apart because the MCP SDK links FoundationNetworking and so
// libcurl and its twenty libraries: kept out of `mail-doctor`, they cost a chat turn nothing.
//
// Arguments, all given by `mail-doctor mcp`:
//   --rules DIR --display-root NAME --schemas DIR --lang en|ar --version V
//   [--allow-probes] [--allow-private-targets]

var options: [String: String] = [:]
var flags: Set<String> = []
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    if ["--allow-probes", "--allow-private-targets"].contains(argument) {
        flags.insert(argument)
    } else if argument.hasPrefix("--"), let value = arguments.popFirst() {
        options[argument] = value
    } else {
        FileHandle.standardError.write(Data("mail-doctor-mcp: start it with mail-doctor mcp\n".utf8))
        exit(64)
    }
}
guard let rules = options["--rules"], let schemas = options["--schemas"],
    let language = Language(rawValue: options["--lang"] ?? "en")
else {
    FileHandle.standardError.write(Data("mail-doctor-mcp: start it with mail-doctor mcp\n".utf8))
    exit(64)
}
let loaded = RuleCache.load(directory: rules, displayRoot: options["--display-root"] ?? rules)
guard loaded.errors.isEmpty else {
    FileHandle.standardError.write(
        Data("mail-doctor-mcp: the rules in '\(rules)' have errors; run mail-doctor lint\n".utf8))
    exit(65)
}
let settings = MailDoctorMCP.Settings(
    language: language, allowProbes: flags.contains("--allow-probes"),
    allowPrivateTargets: flags.contains("--allow-private-targets"),
    schemas: URL(fileURLWithPath: schemas), stateKey: ProcessInfo.processInfo.environment["MAIL_DOCTOR_STATE_KEY"],
    version: options["--version"] ?? "unknown")
do {
    try await MailDoctorMCP(knowledge: loaded.knowledge, settings: settings).run()
} catch {
    FileHandle.standardError.write(Data("mail-doctor-mcp: \(error)\n".utf8))
    exit(69)
}

import Foundation
import Testing

/// `mail-doctor mcp` driven by the official Python MCP client (Fixtures/mcp/mcp_client.py): a
/// client nobody on this project wrote. Each scenario validates every result against the
/// output schema the server lists, with `jsonschema`.
@Suite struct MCPServerTests {
    static let client = Binary.root.appendingPathComponent("Tests/CLITests/Fixtures/mcp/mcp_client.py").path

    func run(_ scenario: String, _ serverArguments: [String] = []) throws {
        let (status, output) = try Python.run([Self.client, scenario, Binary.path] + serverArguments)
        #expect(status == 0, "\(scenario) \(serverArguments): \(output)")
        #expect(output.hasSuffix("ok\n"), "\(scenario): \(output)")
    }

    @Test func toolsResourcesAndThePromptAreListedInEnglish() throws { try run("catalog") }

    @Test func toolTitlesAndDescriptionsFollowTheServersLanguage() throws { try run("catalog", ["--lang", "ar"]) }

    @Test func everyToolWithGoodAndBadArguments() throws { try run("tools") }

    @Test func aWholeGuidedDiagnosisInEnglish() throws { try run("guided-en") }

    @Test func aWholeGuidedDiagnosisInArabic() throws { try run("guided-ar") }

    @Test func onlyProtocolOnStdoutAndTheServerEndsWithTheClient() throws { try run("disconnect") }

    /// Refused before any packet: the client's listener on loopback sees no connection.
    @Test func withProbesAllowedLoopbackAndPrivateTargetsAreStillRefused() throws {
        try run("probes-guarded", ["--allow-probes"])
    }

    @Test func withBothFlagsTheProbeReachesTheLoopbackPeer() throws {
        try run("probes-allowed", ["--allow-probes", "--allow-private-targets"])
    }

    @Test func privateTargetsWithoutProbesIsAUsageError() throws {
        let output = try Binary.run(["mcp", "--allow-private-targets"], stdin: "")
        #expect(output.status == 64, "\(output.stderr)")
        #expect(output.stdout.isEmpty)
    }

    /// The tools' own schemas are valid JSON Schema (draft 2020-12).
    @Test func theToolSchemasAreValidSchemas() throws {
        for name in [
            "provider", "mcp/explain-error.input", "mcp/provider-settings.input", "mcp/scan-log.input",
            "mcp/probe.input",
        ] {
            // An invalid schema makes check_schema raise; "{}" failing validation is fine here.
            let problems = try SchemaValidator.problems("{}", schema: name) ?? ""
            #expect(!problems.contains("Traceback") && problems != "python3 failed", "\(name): \(problems)")
        }
    }
}

import Foundation
import Testing

/// `mail-doctor headers` (and `explain`, `diagnose`, `step` given a header block) on messages
/// that a real receiver judged: Tests/Peers/receiver.py signs each with dkimpy and writes the
/// Authentication-Results of pyspf, dkimpy and authheaders (with authres), asking the zone of
/// Tests/Peers/mail-scenarios.yml on loopback. For each of SPF fail, DKIM fail, DMARC
/// misaligned, IP listed and no PTR, the right cause and fix from the headers alone, in both
/// languages.
@Suite(.serialized) struct HeadersCommandTests {
    struct Zones: Decodable {
        struct Scenario: Decodable {
            var suite: String
            var port: Int
        }
        var host: String
        var scenarios: [Scenario]
    }

    static let zonesPath = Binary.root.appendingPathComponent(".peers/zones.json")

    static var dnsServer: String {
        get throws {
            let data = try #require(try? Data(contentsOf: zonesPath), "start the peers: scripts/peers.sh start")
            let zones = try JSONDecoder().decode(Zones.self, from: data)
            let mail = try #require(zones.scenarios.first { $0.suite == "mail" })
            return "\(zones.host):\(mail.port)"
        }
    }

    /// The headers of a message as receiver.py delivers it, written to a file.
    static func delivered(_ scenario: String) throws -> URL {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", Binary.root.appendingPathComponent("Tests/Peers/receiver.py").path, "--zones", zonesPath.path,
            "--scenario", scenario,
        ]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let problems = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "receiver.py failed: \(problems)")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("headers-\(scenario)-\(UUID()).eml")
        try data.write(to: file)
        return file
    }

    struct Expectation: Sendable, CustomTestStringConvertible {
        var scenario: String
        var probes: Bool
        var cause: String
        var fix: String
        /// A phrase of the advice (or a live check) in English and in Arabic.
        var en: String
        var ar: String
        var testDescription: String { "\(scenario)\(probes ? " with probes" : "")" }
    }

    static let expectations: [Expectation] = [
        .init(
            scenario: "spf-fail", probes: false, cause: "dns-auth-records-missing", fix: "add-spf-dkim-dmarc",
            en: "add include:spf.brevo.com before the all term", ar: "أضف include:spf.brevo.com قبل all"),
        .init(
            scenario: "dkim-fail", probes: false, cause: "dns-auth-records-missing", fix: "add-spf-dkim-dmarc",
            en: "Publish at odoo._domainkey.dkimfail.example.com exactly the DKIM key",
            ar: "انشر عند odoo._domainkey.dkimfail.example.com مفتاح DKIM"),
        .init(
            scenario: "dmarc-misaligned", probes: false, cause: "dmarc-misaligned", fix: "sign-with-own-domain",
            en: "signs with d=shop.example.com instead of", ar: "FROM Filtering (from_filter)"),
        .init(
            scenario: "ip-listed", probes: true, cause: "ip-reputation-blocked", fix: "check-blocklist-delist",
            en: "192.0.2.66 is listed on Spamhaus ZEN", ar: "192.0.2.66 مدرج في Spamhaus ZEN"),
        .init(
            scenario: "no-ptr", probes: true, cause: "reverse-dns-missing", fix: "publish-reverse-dns",
            en: "192.0.2.88 has no PTR record", ar: "العنوان 192.0.2.88 ليس له سجل PTR"),
        .init(
            scenario: "no-ptr", probes: false, cause: "reverse-dns-missing", fix: "publish-reverse-dns",
            en: "Give 192.0.2.88 a reverse DNS name", ar: "اجعل للعنوان 192.0.2.88 اسماً عكسياً"),
    ]

    @Test(arguments: expectations)
    func theHeadersAloneNameTheCauseAndTheFix(_ expected: Expectation) throws {
        let file = try Self.delivered(expected.scenario)
        defer { try? FileManager.default.removeItem(at: file) }
        let probes = expected.probes ? ["--probes", "--dns-server", try Self.dnsServer, "--timeout", "2"] : []
        for language in ["en", "ar"] {
            let json = try Binary.run(["headers", file.path, "--format", "json", "--lang", language] + probes)
            #expect(json.status == 0, "\(json.stderr)")
            #expect(try SchemaValidator.problems(json.stdout, schema: "headers") == nil)
            let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            let causes = try #require(report["causes"] as? [[String: Any]])
            #expect(causes.first?["id"] as? String == expected.cause, "\(causes.map { $0["id"] ?? "" })")
            let fixes = causes.first?["fixes"] as? [[String: Any]]
            #expect(fixes?.first?["id"] as? String == expected.fix)
            #expect((causes.first?["probability"] as? Double ?? 0) >= 0.5)
            let terminal = try Binary.run(["headers", file.path, "--lang", language, "--ascii"] + probes)
            #expect(terminal.status == 0)
            let phrase = language == "en" ? expected.en : expected.ar
            #expect(Self.plain(terminal.stdout).contains(phrase), "\(language): no “\(phrase)” in\n\(terminal.stdout)")
            let markdown = try Binary.run(["headers", file.path, "--lang", language, "--format", "markdown"] + probes)
            #expect(Self.plain(markdown.stdout).contains(phrase))
        }
    }

    /// The text without the Unicode isolates the Arabic output puts around Latin runs.
    static func plain(_ text: String) -> String {
        String(
            text.unicodeScalars.filter { !(0x2066...0x2069).contains($0.value) && $0.value != 0x200F }.map(
                Character.init))
    }

    @Test func spamhausRefusingTheQueryIsNotAListing() throws {
        // The ip-listed message, checked as if it came from 192.0.2.77, which the test zone's
        // Spamhaus answers with 127.255.255.254 (query through a public resolver).
        let file = try Self.delivered("ip-listed")
        defer { try? FileManager.default.removeItem(at: file) }
        let output = try Binary.run(
            [
                "headers", file.path, "--format", "json", "--probes", "--ip", "192.0.2.77", "--dns-server",
                try Self.dnsServer,
            ])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let checks = try #require(report["checks"] as? [[String: Any]])
        let zen = try #require(checks.first { $0["check"] as? String == "spamhaus-zen" })
        #expect(zen["status"] as? String == "unknown")
        #expect((report["facts"] as? [String: String])?["ip.blocklisted"] == nil)
        #expect((report["causes"] as? [[String: Any]])?.first?["id"] as? String != "ip-reputation-blocked")
    }

    @Test func explainDiagnoseAndStepReadAHeaderBlock() throws {
        let file = try Self.delivered("dmarc-misaligned")
        defer { try? FileManager.default.removeItem(at: file) }
        let headers = try String(contentsOf: file, encoding: .utf8)
        let explain = try Binary.run(["explain", "-", "--format", "json"], stdin: headers)
        #expect(explain.status == 0)
        #expect(explain.stdout.contains("\"id\" : \"dmarc-misaligned\""))
        let signatures = try #require(
            (try JSONSerialization.jsonObject(with: Data(explain.stdout.utf8)) as? [String: Any])?["signatures"]
                as? [[String: Any]])
        #expect(signatures.contains { ($0["id"] as? String)?.hasPrefix("headers:") == true })
        let diagnose = try Binary.run(["diagnose", "--error", "-", "--format", "json", "--lang", "ar"], stdin: headers)
        #expect(diagnose.status == 0, "\(diagnose.stderr)")
        let diagnosis = try JSONSerialization.jsonObject(with: Data(diagnose.stdout.utf8)) as? [String: Any]
        #expect((diagnosis?["causes"] as? [[String: Any]])?.first?["id"] as? String == "dmarc-misaligned")
        let request = try JSONSerialization.data(withJSONObject: ["state": NSNull(), "lang": "ar", "error": headers])
        let step = try Binary.run(["step"], stdin: String(decoding: request, as: UTF8.self))
        #expect(step.status == 0, "\(step.stdout)")
        #expect(try SchemaValidator.problems(step.stdout, schema: "step-response") == nil)
        let turn = try JSONSerialization.jsonObject(with: Data(step.stdout.utf8)) as? [String: Any]
        let causes = turn?["causes"] as? [[String: Any]]
        #expect(causes?.first?["id"] as? String == "dmarc-misaligned")
    }

    @Test func badInputIsRefusedWithASentenceAndItsExitCode() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("headers-folder-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let cases: [([String], String?, Int32, String)] = [
            (["headers", "-"], "smtplib.SMTPAuthenticationError: (535, b'5.7.8 bad')", 65, "holds no message headers"),
            (["headers", "-", "--lang", "ar"], "hello", 65, "لا توجد ترويسات رسالة"),
            (["headers", "-"], "  \n", 65, "is empty"),
            (["headers", "/nonexistent/headers.eml"], nil, 65, "no such file"),
            (["headers", folder.path], nil, 65, "is a folder"),
            (["headers", "-", "--probes", "--ip", "300.1.1.1"], "", 64, "--ip takes an IPv4 or IPv6 address"),
            (["headers", "-", "--dns-server", "127.0.0.1"], "", 64, "add --probes"),
            (["headers", "-", "--probes", "--timeout", "0"], "", 64, "--timeout"),
        ]
        for (arguments, input, status, words) in cases {
            let output = try Binary.run(arguments, stdin: input)
            #expect(output.status == status, "\(arguments): \(output.status) \(output.stderr)")
            #expect(!output.signaled)
            #expect(output.stderr.contains(words), "\(arguments): \(output.stderr)")
            #expect(output.stdout.isEmpty)
        }
    }
}

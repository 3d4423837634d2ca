import Foundation
import Testing

/// What an attacker or a careless caller can send: every one of these once trapped, stalled or
/// filled memory. Each ends with a sentence and the README's exit code, never a signal.
@Suite struct HardeningTests {
    /// Every probe option with empty, huge, negative, non-numeric and malformed values.
    static let badOptions: [[String]] = {
        var cases: [[String]] = []
        for option in ["--port", "--timeout"] {
            for value in ["", "0", "-1", "-5", "99999", "1e20", "1e10", "inf", "nan", "x", "1.5.5"] {
                cases.append(["probe", "--host", "mail.example.test", "\(option)=\(value)"])
            }
        }
        for option in ["--dns-server", "--time-server"] {
            for value in [
                "", ":", "127.0.0.1:99999", "127.0.0.1:-1", "127.0.0.1:x", "[::1", "a b",
                String(repeating: "h", count: 5000),
            ] {
                cases.append(["probe", "--host", "mail.example.test", "\(option)=\(value)"])
            }
        }
        for option in [
            "--host", "--encryption", "--user", "--from", "--to", "--config", "--dkim-selector",
            "--odoo-url", "--odoo-db", "--ca-file",
        ] {
            for value in ["", " ", String(repeating: "x", count: 5000)] {
                cases.append(["probe", "\(option)=\(value)"])
            }
        }
        for option in ["--host", "--encryption", "--dkim-selector", "--odoo-url"] {
            cases.append(["probe", "\(option)=a/b c"])
        }
        for value in ["", "192.0.2.300", "01.2.3.4", "2001:db8::g", "localhost", String(repeating: "1", count: 5000)] {
            cases.append(["probe", "--from", "odoo@example.test", "--client-ip=\(value)"])
        }
        return cases
    }()

    @Test(arguments: badOptions)
    func aBadOptionIsAUsageErrorWithASentence(_ arguments: [String]) throws {
        let output = try Binary.run(arguments, limit: 60)
        #expect(!output.signaled)
        #expect(output.status == 64, "\(arguments): \(output.status) \(output.stderr.prefix(200))")
        #expect(output.stderr.contains("Error:"))
    }

    @Test func scanOfAFolderIsBadInput() throws {
        let output = try Binary.run(["scan", NSTemporaryDirectory()])
        #expect(!output.signaled)
        #expect(output.status == 65)
        #expect(output.stderr.contains("is a folder"))
    }

    @Test(arguments: [
        ["explain", "535 5.7.8 authentication failed"], ["scan", "-"], ["explain", "--format", "json", "x"],
    ])
    func anOutputThatCannotBeWrittenIsExit74(_ arguments: [String]) throws {
        let output = try Binary.run(
            arguments, input: Data("2024-01-01 00:00:00,000 1 ERROR db odoo.addons.mail: x\n".utf8),
            stdoutFile: "/dev/full")
        #expect(!output.signaled)
        #expect(output.status == 74, "\(arguments): \(output.stderr)")
        #expect(output.stderr.contains("cannot write the output"))
    }

    @Test(arguments: [
        ["explain", "hello"], ["scan", "-"], ["lint"], ["diagnose"],
        ["docs", "--out", NSTemporaryDirectory() + "/md-docs-missing"],
    ])
    func aMissingRulesFolderIsUnavailable(_ arguments: [String]) throws {
        let output = try Binary.run(arguments + ["--rules", "/nonexistent/rules"], input: Data())
        #expect(output.status == 69, "\(arguments): \(output.status) \(output.stderr)")
        #expect(output.stderr.contains("/nonexistent/rules"))
    }

    @Test func stepWithAMissingRulesFolderAnswersJSONAndExit69() throws {
        let output = try Binary.run(["step", "--rules", "/nonexistent/rules"], stdin: "{}")
        #expect(output.status == 69)
        #expect(output.stdout.contains("\"unavailable\""))
    }

    /// `head -c 2G /dev/zero | mail-doctor step` once read all of it before the size check.
    @Test func stepReadsNoMoreThanTheLimitFromAnEndlessStdin() throws {
        let output = try Binary.run(["step"], stdinFile: "/dev/zero", limit: 60)
        #expect(!output.signaled, "step kept reading /dev/zero")
        #expect(output.status == 65)
        #expect(output.stdout.contains("\"too-large\""))
    }

    @Test(arguments: [["explain", "-"], ["diagnose", "--error", "-"]])
    func explainAndDiagnoseRefuseAnEndlessStdin(_ arguments: [String]) throws {
        let output = try Binary.run(arguments, stdinFile: "/dev/zero", limit: 60)
        #expect(!output.signaled)
        #expect(output.status == 65)
        #expect(output.stderr.contains("larger than 4 MiB"))
    }

    /// The request that once held a process for 1,322 s: Odoo's Outgoing/Failure-reason
    /// signature had two adjacent `\s*`. Lint now refuses that shape, and a long text is read
    /// in a bounded excerpt; the watchdog turns a regression into a failure, not a hang.
    @Test func theBacktrackingRequestAnswers() throws {
        let text =
            "Outgoing Failure reason\n"
            + String(repeating: "Status" + String(repeating: " ", count: 4000) + "X\n", count: 1000)
        let request = try JSONSerialization.data(withJSONObject: ["state": NSNull(), "error": text])
        let output = try Binary.run(["step"], input: request, limit: 60)
        #expect(!output.signaled, "the chat turn did not end within a minute")
        #expect(output.status == 0, "\(output.stdout.prefix(300))")
    }

    /// Every state the service issues is one it accepts back: a 3.5 MB error text is kept as
    /// a bounded excerpt, and an oversized answer is refused rather than stored.
    @Test func aStateAfterAHugeErrorTextIsAcceptedBack() throws {
        let line = "2024-05-01 10:00:00,000 42 INFO db odoo.addons.base.models.ir_cron: Job done.\n"
        let text =
            "smtplib.SMTPAuthenticationError: (535, b'5.7.8 Username and Password not accepted')\n"
            + String(repeating: line, count: 3_500_000 / line.utf8.count)
        let first = try Binary.run(
            ["step"], input: try JSONSerialization.data(withJSONObject: ["state": NSNull(), "error": text]))
        #expect(first.status == 0)
        let response = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        let state = try #require(response["state"] as? String)
        #expect(state.utf8.count < 400_000, "the state is \(state.utf8.count) bytes")
        let causes = try #require(response["causes"] as? [[String: Any]])
        #expect(causes.first?["id"] as? String != nil)
        let second = try Binary.run(
            ["step"],
            input: try JSONSerialization.data(withJSONObject: [
                "state": state, "answers": ["provider": "gmail"],
            ]))
        #expect(second.status == 0, "\(second.stdout.prefix(300))")
    }

    @Test func anOversizedAnswerIsRefusedNotStored() throws {
        let huge = String(repeating: "mail.example.com", count: 70_000)
        let output = try Binary.run(
            ["step"],
            input: try JSONSerialization.data(withJSONObject: [
                "state": NSNull(), "answers": ["smtp.host": huge],
            ]))
        #expect(output.status == 65)
        #expect(output.stdout.contains("\"bad-answer\""))
        #expect(output.stdout.utf8.count < 2_000, "the refusal quotes the answer back")
    }

    /// 351 bytes once took 41 s: an alias of aliases used as a mapping key, hashed by Yams.
    @Test func anAliasBombInAnAnswersFileIsRefusedAtOnce() throws {
        var yaml = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for (level, previous) in zip("bcdefg", "abcdef") {
            yaml += "\(level): &\(level) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]\n"
        }
        yaml += "? *g\n: x\n"
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bomb-\(UUID().uuidString).yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let output = try Binary.run(["diagnose", "--answers", file.path], input: Data(), limit: 30)
        #expect(!output.signaled)
        #expect(output.status == 65)
        #expect(output.stderr.contains(":1:4: error: anchors (&a) are not allowed here"))
    }

    /// The chat state is signed, not encrypted: a pasted odoo.conf, smtplib debug output or URL
    /// must leave no password in it, nor in the response.
    @Test func pastedPasswordsNeverEnterTheState() throws {
        let secret = "hunter2-Secret"
        let token = Data("\u{0}odoo@example.com\u{0}\(secret)".utf8).base64EncodedString()
        for text in [
            "[options]\nsmtp_server = smtp.gmail.com\nsmtp_password = \(secret)\n(535, b'5.7.8 bad')",
            "send: 'AUTH PLAIN \(token)\\r\\n'\nreply: b'535 5.7.8 Authentication failed'",
            "smtp://odoo%40example.com:\(secret)@mail.example.com:587 timed out",
        ] {
            let output = try Binary.run(
                ["step"], input: try JSONSerialization.data(withJSONObject: ["state": NSNull(), "error": text]))
            #expect(output.status == 0)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
            let state = try #require(json["state"] as? String)
            let decoded = Binary.decodedState(state)
            #expect(decoded.contains("••••••"), "\(decoded.prefix(300))")
            for form in [secret, token] {
                #expect(!decoded.contains(form))
                #expect(!output.stdout.contains(form))
            }
        }
    }
}

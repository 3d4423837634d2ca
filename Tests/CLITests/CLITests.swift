import Foundation
import Testing

/// The built binary, end to end: what users and scripts see, including exit codes.
@Suite struct CLITests {
    @Test func helpListsEveryCommand() throws {
        let output = try Binary.run(["--help"])
        #expect(output.status == 0)
        for command in ["diagnose", "explain", "scan", "probe", "step", "mcp", "docs", "lint"] {
            #expect(output.stdout.contains(command), "help mentions \(command)")
        }
        #expect(output.stdout.contains("65"), "help documents the exit codes")
    }

    @Test func versionPrintsTheVersion() throws {
        let output = try Binary.run(["--version"])
        #expect(output.status == 0)
        #expect(
            output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                .range(of: #"^\d+\.\d+\.\d+$"#, options: .regularExpression) != nil)
    }

    @Test func anUnknownOptionIsAUsageError() throws {
        let output = try Binary.run(["explain", "--no-such-flag", "x"])
        #expect(output.status == 64)
        #expect(!output.stderr.contains("Fatal error"))
    }

    @Test func lintPassesOnTheShippedRules() throws {
        let output = try Binary.run(["lint", "--strict"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stderr.contains("0 error(s)"))
    }

    @Test func lintOnABrokenTreeGivesPositionsAndExit65() throws {
        let broken = Binary.root.appendingPathComponent(
            "Tests/RuleLoaderTests/Fixtures/broken/unknown-key"
        ).path
        let output = try Binary.run(["lint", "--rules", broken])
        #expect(output.status == 65)
        #expect(output.stderr.contains("rules.yaml:6:5: error: unknown key 'prior_probability'"))
        #expect(output.stderr.contains("    ^"))
    }

    @Test func lintOnAMissingFolderIsUnavailable() throws {
        let output = try Binary.run(["lint", "--rules", "/nonexistent/rules"])
        #expect(output.status == 69)
        #expect(output.stderr.contains("the rules folder '/nonexistent/rules' does not exist"))
    }

    @Test func docsWritesWhatIsCheckedIn() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("docs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let output = try Binary.run(["docs", "--lang", "all", "--out", out.path])
        #expect(output.status == 0, "\(output.stderr)")
        let page = try String(contentsOf: out.appendingPathComponent("ar/causes/port-blocked.md"), encoding: .utf8)
        let checkedIn = try String(
            contentsOf: Binary.root.appendingPathComponent("content/ar/causes/port-blocked.md"),
            encoding: .utf8)
        #expect(page == checkedIn, "content/ is stale: run swift run mail-doctor docs --out content/")
    }

    @Test func docsForOneLanguageWritesOnlyThatLanguage() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("docs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let output = try Binary.run(["docs", "--lang", "ar", "--out", out.path])
        #expect(output.status == 0)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("ar/index.md").path))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("en").path))
    }

    @Test func explainRanksTheGmailAppPasswordCauseFirst() throws {
        let output = try Binary.run([
            "explain", "--format", "json",
            "smtplib.SMTPAuthenticationError: (534, b'5.7.9 Application-specific password required. Learn more at https://support.google.com/mail/?p=InvalidSecondFactor')",
        ])
        #expect(output.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
        let causes = json?["causes"] as? [[String: Any]]
        #expect(causes?.first?["id"] as? String == "app-password-required")
        #expect((causes?.first?["probability"] as? Double ?? 0) > 0.5)
        #expect(json?["version"] as? Int == 1)
    }

    @Test func explainReadsStdinAndArabicDialogs() throws {
        let dialog =
            "رد الخادم بالاستثناءات التالية:\n (535, b'5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.')"
        let output = try Binary.run(["explain", "--lang", "ar", "-"], stdin: dialog)
        #expect(output.status == 0)
        #expect(output.stdout.contains("الأسباب المرجّحة"))
        #expect(output.stdout.contains("basic-auth-disabled"))
    }

    /// "hello world" once got a full report of fixes at 9% with nothing said about the text.
    @Test func explainSaysWhenNothingWasRecognised() throws {
        let output = try Binary.run(["explain", "hello world"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("Nothing in this text was recognised"))
        #expect(output.stdout.components(separatedBy: "\n").count < 12, "\(output.stdout)")
        let arabic = try Binary.run(["explain", "--lang", "ar", "مرحبا"])
        #expect(arabic.stdout.contains("لم يُتعرَّف في هذا النص"))
    }

    /// A report pasted into a ticket carries no rule file positions unless asked for.
    @Test func reportsShowRuleLocationsOnlyWhenAsked() throws {
        let text = "smtplib.SMTPAuthenticationError: (534, b'5.7.9 Application-specific password required')"
        for lang in ["en", "ar"] {
            let plain = try Binary.run(["explain", "--format", "markdown", "--lang", lang, text])
            #expect(!plain.stdout.contains("rules/causes/"), "\(lang)")
            let located = try Binary.run(["explain", "--format", "markdown", "--lang", lang, "--rule-locations", text])
            #expect(located.stdout.contains("rules/causes/"), "\(lang)")
        }
    }

    /// Run outside a checkout, docs without --out once wrote ./content wherever it was run.
    @Test func docsWithoutOutWritesOnlyBesideTheRules() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("docs-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(
            at: Binary.root.appendingPathComponent("rules"),
            to: folder.appendingPathComponent("rules"))
        let output = try Binary.run(["docs", "--rules", folder.appendingPathComponent("rules").path])
        #expect(output.status == 64)
        #expect(output.stderr.contains("--out DIR"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("content").path))
    }

    /// Newcomer findings: a plain size refusal was rated 45%, and a relay refusal was labelled
    /// with another code.
    @Test func plainSizeAndRelayRefusalsReadRight() throws {
        let size = try Binary.run([
            "explain", "--format", "json", "552 5.3.4 Message size exceeds fixed maximum message size",
        ])
        let sizeJSON = try #require(try JSONSerialization.jsonObject(with: Data(size.stdout.utf8)) as? [String: Any])
        let first = (sizeJSON["causes"] as? [[String: Any]])?.first
        #expect(first?["id"] as? String == "message-too-large")
        #expect((first?["probability"] as? Double ?? 0) >= 0.8)
        let relay = try Binary.run(["explain", "--format", "json", "550 5.7.1 Relaying denied"])
        let relayJSON = try #require(try JSONSerialization.jsonObject(with: Data(relay.stdout.utf8)) as? [String: Any])
        let titles = (relayJSON["signatures"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
        #expect(!titles.isEmpty && titles.allSatisfy { !$0.contains("554") }, "\(titles)")
    }

    @Test func explainOfNothingIsBadInput() throws {
        let output = try Binary.run(["explain", "-"], stdin: "   \n")
        #expect(output.status == 65)
        #expect(output.stderr.contains("empty"))
    }

    @Test func explainMarkdownInArabicIsMarkedRightToLeft() throws {
        let output = try Binary.run([
            "explain", "--lang", "ar", "--format", "markdown",
            "[Errno 111] Connection refused",
        ])
        #expect(output.status == 0)
        #expect(output.stdout.hasPrefix("<div dir=\"rtl\">"))
    }

    @Test func diagnoseWithoutATerminalNeverWaits() throws {
        let output = try Binary.run(
            [
                "diagnose", "--format", "json",
                "--answers", Binary.fixture("answers.yaml"),
            ], stdin: "")
        #expect(output.status == 0, "\(output.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
        #expect(json?["status"] as? String == "concluded")
        let causes = json?["causes"] as? [[String: Any]]
        #expect(causes?.first?["id"] as? String == "app-password-required")
    }

    /// `diagnose </dev/null` once printed a hundred lines of advice at 9%.
    @Test func diagnoseWithNothingGivenSaysSo() throws {
        let output = try Binary.run(["diagnose"], stdin: "")
        #expect(output.status == 64)
        #expect(output.stderr.contains("nothing was given to diagnose"))
        #expect(output.stdout.isEmpty)
    }

    @Test func diagnoseReadsOdooConfAndNeverPrintsThePassword() throws {
        let output = try Binary.run([
            "diagnose", "--format", "json", "--config",
            Binary.fixture("odoo.conf"), "--error", "timed out",
        ])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(!output.stdout.contains("s3cret-Passw0rd"))
        #expect(!output.stderr.contains("s3cret-Passw0rd"))
        // smtp_ssl = True means STARTTLS in Odoo, and 465 wants SSL/TLS: a mismatch.
        #expect(output.stdout.contains("\"value\" : \"starttls\""))
        #expect(output.stdout.contains("\"value\" : \"465\""))
    }

    @Test func aBadAnswersFileNamesTheLineAndExits65() throws {
        let output = try Binary.run(
            ["diagnose", "--answers", Binary.fixture("bad-answers.yaml")],
            stdin: "")
        #expect(output.status == 65)
        #expect(output.stderr.contains("bad-answers.yaml:1:11: error: “gmial” is not one of the answers for “"))
        let arabic = try Binary.run(
            ["diagnose", "--lang", "ar", "--answers", Binary.fixture("bad-answers.yaml")], stdin: "")
        #expect(arabic.stderr.contains("«gmial» ليست من إجابات سؤال"), "\(arabic.stderr)")
    }

    @Test func aBadFlagValueIsAUsageError() throws {
        let output = try Binary.run(["diagnose", "--encryption", "tls"], stdin: "")
        #expect(output.status == 64)
        #expect(output.stderr.contains("--encryption takes none, starttls or ssl, got 'tls'"))
    }

    @Test func diagnoseRulesOutAFailedFixAndCarriesOn() throws {
        let answers = FileManager.default.temporaryDirectory
            .appendingPathComponent("answers-\(UUID().uuidString).yaml")
        try "fix-failed: [app-password-required]\n".write(
            to: answers, atomically: true,
            encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: answers) }
        let output = try Binary.run(
            [
                "diagnose", "--format", "json", "--answers", answers.path, "--error",
                "(534, b'5.7.9 Application-specific password required.')",
            ], stdin: "")
        #expect(output.status == 0, "\(output.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
        let ids = (json?["causes"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
        #expect(!ids.contains("app-password-required"))
    }

    /// A failed fix for a cause that is not on top is ruled out too, and "why not" says so.
    @Test func aFailedFixRulesItsCauseOutWhereverItRanks() throws {
        let answers = FileManager.default.temporaryDirectory.appendingPathComponent("answers-\(UUID().uuidString).yaml")
        try "fix-failed: [credentials-wrong]\n".write(to: answers, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: answers) }
        let output = try Binary.run(
            [
                "diagnose", "--format", "json", "--answers", answers.path, "--error",
                "(534, b'5.7.9 Application-specific password required.')",
                "--why-not", "credentials-wrong",
            ], stdin: "")
        #expect(output.status == 0, "\(output.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
        let ids = (json?["causes"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
        #expect(!ids.contains("credentials-wrong"))
        #expect(output.stderr.contains("its fix was applied and did not help"))
        #expect(!output.stderr.contains("Nothing rules it out"))
    }

    @Test func scanGroupsFailuresByCause() throws {
        let output = try Binary.run(["scan", "--format", "json", Binary.fixture("odoo-server.log")])
        #expect(output.status == 0, "\(output.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
        #expect(json?["failures"] as? Int == 3)
        let groups = json?["groups"] as? [[String: Any]] ?? []
        #expect(groups.first?["cause"] as? String == "basic-auth-disabled")
        #expect(groups.first?["count"] as? Int == 2)
        #expect(groups.first?["first"] as? String == "2024-03-05 10:15:23")
        #expect(groups.first?["last"] as? String == "2024-03-05 11:15:23")
        #expect(groups.contains { $0["cause"] as? String == "message-too-large" })
    }

    /// Two workers write one log out of time order (or rotations were concatenated): a group's
    /// first and last are its earliest and latest times, not the first and last lines seen.
    @Test func scanGroupTimesAreTheEarliestAndTheLatest() throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("order-\(UUID().uuidString).log")
        let failure = { (time: String) in
            "\(time),000 42 ERROR prod odoo.addons.mail.models.mail_mail: failed sending mail (id: 7) due to [Errno 111] Connection refused\n"
        }
        try
            (failure("2024-05-01 12:00:00") + failure("2024-05-01 09:00:00") + failure("2024-05-01 15:30:00")
            + failure("2024-05-01 10:00:00")).write(to: log, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: log) }
        let output = try Binary.run(["scan", "--format", "json", log.path])
        let json = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
        let group = try #require((json?["groups"] as? [[String: Any]])?.first)
        #expect(group["count"] as? Int == 4)
        #expect(group["first"] as? String == "2024-05-01 09:00:00")
        #expect(group["last"] as? String == "2024-05-01 15:30:00")
    }

    /// The line that says what failed sits in the middle of the traceback here; the sample once
    /// showed the first and last lines cut at 80 columns and left it out.
    @Test func scanSamplesShowTheKeyLineAndPointToTheFix() throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("sendas-\(UUID().uuidString).log")
        try
            ("2024-05-01 09:00:00,000 42 ERROR prod odoo.addons.base.models.ir_mail_server: Mail delivery failed via SMTP server 'smtp.office365.com'.\n"
            + "SMTPDataError: 554\n"
            + "b'5.2.252 SendAsDenied; odoo@example.com not allowed to send as sales@example.com; STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; Failed to process message due to a permanent exception with message [BeginDiagnosticData]Cannot submit message.'\n"
            + "  File \"/usr/lib/python3/dist-packages/odoo/addons/base/models/ir_mail_server.py\", line 683, in send_email\n"
            + "    raise MailDeliveryException(_(\"Mail Delivery Failed\"), msg)\n")
            .write(to: log, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: log) }
        let output = try Binary.run(["scan", log.path])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("SendAsDenied"), "\(output.stdout)")
        #expect(output.stdout.contains("fix: "))
        #expect(output.stdout.contains("steps: mail-doctor explain"))
        let json = try Binary.run(["scan", "--format", "json", log.path])
        #expect(try SchemaValidator.problems(json.stdout, schema: "scan") == nil)
    }

    /// Odoo also runs on Windows: a log with "\r\n" line ends groups the same way, and each
    /// group's sample is still the header and the exception, without stray carriage returns.
    @Test func scanReadsWindowsLineEnds() throws {
        func groups(_ path: String) throws -> [[String: Any]] {
            let output = try Binary.run(["scan", "--format", "json", path])
            #expect(output.status == 0, "\(output.stderr)")
            let json = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
            return json?["groups"] as? [[String: Any]] ?? []
        }
        let unix = try String(contentsOfFile: Binary.fixture("odoo-server.log"), encoding: .utf8)
        let windows = FileManager.default.temporaryDirectory
            .appendingPathComponent("odoo-crlf-\(UUID().uuidString).log")
        try unix.replacingOccurrences(of: "\n", with: "\r\n").write(to: windows, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: windows) }
        let expected = try groups(Binary.fixture("odoo-server.log"))
        let actual = try groups(windows.path)
        #expect(actual.map { $0["cause"] as? String } == expected.map { $0["cause"] as? String })
        #expect(actual.map { $0["count"] as? Int } == expected.map { $0["count"] as? Int })
        #expect(actual.map { $0["sample"] as? String } == expected.map { $0["sample"] as? String })
    }

    @Test func scanOfAMissingFileIsBadInput() throws {
        let output = try Binary.run(["scan", "/nonexistent.log"])
        #expect(output.status == 65)
        #expect(output.stderr.contains("cannot open"))
    }
}

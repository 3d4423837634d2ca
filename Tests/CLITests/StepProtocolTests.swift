import Foundation
import Testing

/// The chatbot protocol through the built binary: one process per turn, as a backend calls it.
@Suite struct StepProtocolTests {
    struct Turn {
        var status: Int32
        var json: [String: Any]
        var raw: String
    }

    static let key = ["MAIL_DOCTOR_STATE_KEY": "test-operator-secret"]

    func step(_ request: [String: Any]) throws -> Turn {
        let data = try JSONSerialization.data(withJSONObject: request)
        return try step(raw: String(decoding: data, as: UTF8.self))
    }

    func step(
        raw: String, arguments: [String] = [],
        environment: [String: String] = StepProtocolTests.key
    ) throws -> Turn {
        let output = try Binary.run(["step"] + arguments, stdin: raw, environment: environment)
        let lines = output.stdout.split(separator: "\n")
        #expect(lines.count == 1, "exactly one JSON document on stdout: \(output.stdout.prefix(200))")
        let json = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
        return Turn(status: output.status, json: json ?? [:], raw: output.stdout)
    }

    /// Plays a user who answers from `knows` (else "unknown") until a diagnosis.
    func converse(
        lang: String, first: [String: Any], knows: [String: String]
    )
        throws -> (turns: [Turn], last: Turn)
    {
        var request = first
        request["lang"] = lang
        var turns: [Turn] = []
        for _ in 0..<25 {
            let turn = try step(request)
            turns.append(turn)
            #expect(turn.status == 0, "\(turn.raw)")
            #expect(try SchemaValidator.problems(turn.raw, schema: "step-response") == nil)
            guard turn.json["status"] as? String == "question",
                let question = turn.json["question"] as? [String: Any],
                let fact = question["fact"] as? String
            else { return (turns, turn) }
            let allowed = (question["choices"] as? [[String: Any]])?.compactMap { $0["value"] as? String } ?? []
            let answer = knows[fact] ?? "unknown"
            #expect(allowed.contains(answer) || question["freeAnswer"] as? Bool == true, "\(fact)=\(answer)")
            request = ["lang": lang, "state": turn.json["state"]!, "answers": [fact: answer]]
        }
        Issue.record("no diagnosis after 25 turns")
        return (turns, turns.last!)
    }

    @Test func anEnglishConversationReachesADiagnosisAndTheRepairLoop() throws {
        let (turns, last) = try converse(
            lang: "en", first: ["symptom": "test-connection-fails"],
            knows: [
                "provider": "gmail", "error.kind": "auth-rejected", "account.two-factor": "yes",
                "account.app-password": "no", "smtp.authentication": "login",
                "odoo.test-connection-ok": "no",
            ])
        #expect(turns.count > 1, "it asked questions")
        #expect(last.json["status"] as? String == "diagnosis")
        let causes = last.json["causes"] as? [[String: Any]] ?? []
        #expect(causes.first?["id"] as? String == "app-password-required")
        let fixes = causes.first?["fixes"] as? [[String: Any]] ?? []
        let steps = fixes.first?["steps"] as? [String] ?? []
        #expect(steps.count > 0)

        // The fix did not work: that cause is ruled out and the conversation goes on.
        let failed = try step([
            "state": last.json["state"]!,
            "fixResult": ["cause": "app-password-required", "worked": false],
        ])
        #expect(failed.status == 0)
        let ids = (failed.json["causes"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(!ids.contains("app-password-required"))
        // Then it worked.
        let fixed = try step([
            "state": failed.json["state"]!,
            "fixResult": ["cause": ids.first ?? "credentials-wrong", "worked": true],
        ])
        #expect(fixed.json["status"] as? String == "resolved")
    }

    @Test func anArabicConversationStartingFromAPastedDialog() throws {
        let dialog =
            "رد الخادم بالاستثناءات التالية:\n (535, b'5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.')"
        let (_, last) = try converse(
            lang: "ar", first: ["error": dialog],
            knows: ["provider": "microsoft-365"])
        #expect(last.json["language"] as? String == "ar")
        let causes = last.json["causes"] as? [[String: Any]] ?? []
        #expect(causes.first?["id"] as? String == "basic-auth-disabled")
        let title = causes.first?["title"] as? String ?? ""
        #expect(title.unicodeScalars.contains { (0x0600...0x06FF).contains($0.value) }, "Arabic title")
        let check = last.json["fixCheck"] as? [String: Any]
        #expect((check?["text"] as? String)?.contains("هل") == true)
        // The choices carry the boolean fixResult takes, so the answer goes back as it is.
        let choices = check?["choices"] as? [[String: Any]] ?? []
        let worked = try #require(choices.last?["worked"])
        #expect((worked as? NSNumber).map { String(cString: $0.objCType) } == "c", "a JSON boolean")
        let cause = try #require(check?["cause"] as? String)
        let answered = try step(["state": last.json["state"]!, "fixResult": ["cause": cause, "worked": worked]])
        #expect(answered.status == 0)
        #expect(answered.json["status"] as? String != "resolved")
    }

    @Test func anyFactCanBeGivenOnTheFirstTurnAndChangedLater() throws {
        let first = try step(["answers": ["symptom": "emails-in-spam", "provider": "google-workspace"]])
        #expect(first.status == 0)
        let facts = (first.json["facts"] as? [[String: Any]] ?? []).compactMap { $0["fact"] as? String }
        #expect(facts.contains("symptom") && facts.contains("provider"))
        let changed = try step([
            "state": first.json["state"]!, "answers": ["provider": "zoho"],
            "withdraw": ["symptom"],
        ])
        let after = Dictionary(
            uniqueKeysWithValues: (changed.json["facts"] as? [[String: Any]] ?? [])
                .compactMap { line in (line["fact"] as? String).map { ($0, line["value"] as? String ?? "") } })
        #expect(after["provider"] == "zoho")
        #expect(after["symptom"] == nil)
    }

    @Test(arguments: [
        ("", "invalid-json"), ("not json", "invalid-json"), ("[1, 2]", "bad-request"),
        ("{\"colour\": 1}", "bad-request"), ("{\"version\": 2}", "unsupported-version"),
        ("{\"lang\": \"fr\"}", "bad-request"), ("{\"answers\": {\"provider\": true}}", "bad-request"),
        ("{\"answers\": {\"provider\": \"aol\"}}", "bad-answer"),
        ("{\"answers\": {\"no.such.fact\": \"x\"}}", "unknown-fact"),
        ("{\"answers\": [\"provider\"]}", "bad-request"), ("{\"state\": 42}", "bad-request"),
        ("{\"state\": \"garbage\"}", "bad-state"), ("{\"withdraw\": \"provider\"}", "bad-request"),
        ("{\"fixResult\": {\"cause\": \"nope\", \"worked\": false}}", "unknown-cause"),
        ("{\"fixResult\": {\"cause\": \"port-blocked\", \"worked\": \"no\"}}", "bad-request"),
        ("{\"answers\": {\"smtp.port\": \"five\"}}", "bad-answer"),
        // Found by the step fuzzer: huge numbers used to trap.
        ("{\"answers\": {\"provider\": \"99999999999999999999\"}}", "bad-answer"),
        ("{\"answers\": {\"smtp.port\": 1e300}}", "bad-request"),
    ])
    func everyBadRequestGetsAJSONErrorAndExit65(_ raw: String, _ code: String) throws {
        let turn = try step(raw: raw)
        #expect(turn.status == 65)
        let error = turn.json["error"] as? [String: Any]
        #expect(error?["code"] as? String == code, "\(raw) -> \(turn.raw)")
        #expect(try SchemaValidator.problems(turn.raw, schema: "step-error") == nil)
    }

    /// The forms a backend passes are read without ArgumentParser (`StepArguments`): each must
    /// reach the turn with its value, and every other form must still get ArgumentParser's
    /// own usage error.
    @Test func theUsualArgumentFormsReachTheTurnAndTheRestGetUsageErrors() throws {
        let request = #"{"lang": "en", "error": "535 5.7.8 Username and Password not accepted"}"#
        let rules = Binary.root.appendingPathComponent("rules").path
        let plain = try Binary.run(["step"], stdin: request, environment: Self.key)
        #expect(plain.status == 0)
        for arguments in [
            ["--rules", rules], ["--rules=\(rules)"], ["--allow-probes", "--rules", rules],
            ["--allow-probes", "--allow-private-targets"],
        ] {
            let turn = try Binary.run(["step"] + arguments, stdin: request, environment: Self.key)
            #expect(turn.status == 0, "\(arguments): \(turn.stderr)")
            // The same causes: only the displayed rules root may differ.
            let causes = { (text: String) in
                ((try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any])?["causes"]
                    .flatMap { $0 as? [[String: Any]] }?.compactMap { $0["id"] as? String }
            }
            #expect(causes(turn.stdout) == causes(plain.stdout), "\(arguments)")
        }
        // The value is used: an empty folder holds no rules.
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("step-args-\(getpid())")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        for arguments in [["--rules", empty.path], ["--rules=\(empty.path)"]] {
            let turn = try Binary.run(["step"] + arguments, stdin: request, environment: Self.key)
            #expect(turn.status == 69 && turn.stdout.contains("holds no rules"), "\(arguments): \(turn.stdout)")
        }
        for (arguments, message) in [
            (["--allow-private-targets"], "--allow-private-targets needs --allow-probes"),
            (["--rules="], "Missing value for '--rules <rules>'"), (["--rules"], "Missing value"),
            (["--rules", " "], "--rules needs a file or folder path"), (["--bogus"], "Unknown option '--bogus'"),
            (["--rules", "--allow-probes"], "Missing value"), (["extra"], "Unexpected argument 'extra'"),
        ] {
            let turn = try Binary.run(["step"] + arguments, stdin: request, environment: Self.key)
            #expect(turn.status == 64 && turn.stderr.contains(message), "\(arguments): \(turn.stderr)")
            #expect(turn.stdout.isEmpty)
        }
    }

    @Test func aTamperedStateIsRefused() throws {
        let first = try step(["answers": ["provider": "gmail"]])
        var state = first.json["state"] as? String ?? ""
        // Flip one character of the payload.
        let index = state.index(state.startIndex, offsetBy: 10)
        state.replaceSubrange(index...index, with: state[index] == "A" ? "B" : "A")
        let turn = try step(["state": state])
        #expect(turn.status == 65)
        #expect((turn.json["error"] as? [String: Any])?["code"] as? String == "bad-state")
    }

    @Test func aStateSignedWithAnotherKeyIsRefused() throws {
        let first = try step(["answers": ["provider": "gmail"]])
        let turn = try step(
            raw: "{\"state\": \"\(first.json["state"] as? String ?? "")\"}",
            environment: ["MAIL_DOCTOR_STATE_KEY": "another-secret"])
        #expect((turn.json["error"] as? [String: Any])?["code"] as? String == "bad-state")
    }

    @Test func aStateFromAnotherFormatVersionIsRefusedClearly() throws {
        // A state whose payload claims format 99, properly signed with the default key.
        let payload = Data(#"{"format":99,"session":{}}"#.utf8)
        let output = try Binary.run(
            ["step"], stdin: "{\"state\": \"\(try forge(payload))\"}",
            environment: [:])
        let json = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
        #expect(output.status == 65)
        #expect((json?["error"] as? [String: Any])?["code"] as? String == "incompatible-state")
    }

    /// Signs a payload with the documented default key, using Python's hmac (independent code).
    func forge(_ payload: Data) throws -> String {
        let script = """
            import base64, hmac, hashlib, sys
            p = sys.stdin.buffer.read()
            b = lambda d: base64.urlsafe_b64encode(d).decode().rstrip("=")
            print(b(p) + "." + b(hmac.new(b"mail-doctor/state/v1", p, hashlib.sha256).digest()))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(payload)
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func theStateHoldsNoSecretsAndStdoutOnlyJSON() throws {
        let turn = try step([
            "answers": ["smtp.user": "erp@example.com"],
            "error": "SMTPAuthenticationError: (535, b'5.7.8 Username and Password not accepted')",
        ])
        #expect(turn.status == 0)
        #expect(turn.raw.hasPrefix("{") && turn.raw.hasSuffix("}\n"))
    }
}

@Suite struct JSONOutputSchemaTests {
    @Test(arguments: ["en", "ar"])
    func explainJSONMatchesTheReportSchema(_ lang: String) throws {
        let output = try Binary.run([
            "explain", "--format", "json", "--lang", lang,
            "ssl.SSLError: [SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1129)",
        ])
        #expect(output.status == 0)
        #expect(try SchemaValidator.problems(output.stdout, schema: "report") == nil)
    }

    @Test func diagnoseJSONMatchesTheReportSchema() throws {
        let output = try Binary.run(
            [
                "diagnose", "--format", "json", "--answers",
                Binary.fixture("answers.yaml"),
            ], stdin: "")
        #expect(try SchemaValidator.problems(output.stdout, schema: "report") == nil)
    }

    @Test func scanJSONMatchesTheScanSchema() throws {
        let output = try Binary.run(["scan", "--format", "json", Binary.fixture("odoo-server.log")])
        #expect(try SchemaValidator.problems(output.stdout, schema: "scan") == nil)
    }

    @Test func theValidatorRejectsWhatTheSchemaForbids() throws {
        // The validation is real: a report with an unknown key or a probability above 1 fails.
        #expect(try SchemaValidator.problems(#"{"version": 1, "colour": 1}"#, schema: "report") != nil)
        #expect(
            try SchemaValidator.problems(
                #"{"version": 1, "error": {"code": "nope", "message": "x"}}"#,
                schema: "step-error") != nil)
    }
}

@Suite struct StepLoadTests {
    /// 50 chat turns at once, each its own process and state, must each answer exactly what the
    /// same request answers alone: no shared file, cache or state may leak between them.
    @Test func fiftyConcurrentTurnsAnswerLikeSequentialOnes() throws {
        let starts: [[String: Any]] = [
            ["symptom": "test-connection-fails"], ["symptom": "emails-in-spam"], ["error": "timed out"],
            ["error": "(534, b'5.7.9 Application-specific password required')"],
            ["answers": ["provider": "microsoft-365"]], ["error": "[Errno 111] Connection refused"],
        ]
        var requests: [String] = []
        for index in 0..<50 {
            var request = starts[index % starts.count]
            request["lang"] = index % 2 == 0 ? "en" : "ar"
            let first = try Binary.run(
                ["step"], stdin: String(decoding: try JSONSerialization.data(withJSONObject: request), as: UTF8.self),
                environment: StepProtocolTests.key)
            let json = try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any] ?? [:]
            var next: [String: Any] = ["state": json["state"] ?? NSNull(), "lang": request["lang"]!]
            if let question = json["question"] as? [String: Any], let fact = question["fact"] as? String,
                let choices = question["choices"] as? [[String: Any]]
            {
                next["answers"] = [fact: choices[index % choices.count]["value"] as? String ?? "unknown"]
            }
            requests.append(String(decoding: try JSONSerialization.data(withJSONObject: next), as: UTF8.self))
        }
        @Sendable func fingerprint(_ output: String) -> String {
            let json = (try? JSONSerialization.jsonObject(with: Data(output.utf8))) as? [String: Any] ?? [:]
            let kept = ["status", "question", "causes", "facts"].compactMap { key in json[key].map { (key, $0) } }
            let data = try? JSONSerialization.data(
                withJSONObject: Dictionary(uniqueKeysWithValues: kept), options: [.sortedKeys])
            return String(decoding: data ?? Data(), as: UTF8.self)
        }
        let expected = try requests.map {
            fingerprint(try Binary.run(["step"], stdin: $0, environment: StepProtocolTests.key).stdout)
        }
        let results = ResultsBox(count: requests.count)
        let all = requests
        // One thread per turn, all started at once: 50 processes really run side by side.
        let group = DispatchGroup()
        for index in all.indices {
            group.enter()
            Thread.detachNewThread {
                let output = try? Binary.run(["step"], stdin: all[index], environment: StepProtocolTests.key)
                results.set(index, output.map { fingerprint($0.stdout) } ?? "failed")
                group.leave()
            }
        }
        group.wait()
        for index in requests.indices {
            #expect(results.get(index) == expected[index], "turn \(index) differs when run concurrently")
        }
    }

    final class ResultsBox: @unchecked Sendable {
        private var values: [String]
        private let lock = NSLock()
        init(count: Int) { values = Array(repeating: "", count: count) }
        func set(_ index: Int, _ value: String) {
            lock.lock()
            values[index] = value
            lock.unlock()
        }
        func get(_ index: Int) -> String {
            lock.lock()
            defer { lock.unlock() }
            return values[index]
        }
    }

    /// Step errors a chat user may see are in the conversation's language, with the question's
    /// words, not fact ids.
    @Test func errorsComeInTheConversationsLanguage() throws {
        let output = try Binary.run(
            ["step"], stdin: "{\"lang\": \"ar\", \"state\": null, \"answers\": {\"account.app-password\": \"ربما\"}}")
        #expect(output.status == 65)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let message = (json["error"] as? [String: Any])?["message"] as? String ?? ""
        #expect(message.contains("ليست من إجابات سؤال"), "\(message)")
        #expect(!message.contains("account.app-password") && !message.contains("allowed"))
    }
}

import Foundation
import Testing

/// `mail-doctor probe` and `diagnose --probes` against the loopback peers (scripts/peers.sh).
@Suite struct ProbeCommandTests {
    struct Manifest: Decodable {
        struct SMTP: Decodable { var port: Int }
        struct DNS: Decodable {
            var server: String
            var port: Int
        }
        var ca_file: String
        var user: String
        var password: String
        var smtp: [String: SMTP]
        var dns: DNS
    }

    static let manifest: Manifest? = {
        let url = Binary.root.appendingPathComponent(".peers/peers.json")
        guard let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(Manifest.self, from: data)
    }()

    /// `probe --auth --verbose` against one peer in the terminal, JSON and Markdown formats.
    func probeWithLogin(at peer: String, environment: [String: String]) throws -> [Binary.Output] {
        let user = try #require(Self.manifest).user
        return try ["terminal", "json", "markdown"].map { format in
            try Binary.run(
                [
                    "probe", "--host", "localhost", "--port", try port(peer), "--encryption", "none",
                    "--user", user, "--auth", "--verbose", "--format", format, "--only", "smtp",
                ],
                environment: environment)
        }
    }

    func port(_ name: String) throws -> String {
        String(try #require(Self.manifest?.smtp[name]?.port, "peers not running: scripts/peers.sh start"))
    }

    @Test func aHealthySetupExitsZeroWithDoctorLines() throws {
        let manifest = try #require(Self.manifest)
        let output = try Binary.run(
            [
                "probe", "--host", "localhost", "--port", try port("starttls"), "--encryption", "starttls",
                "--user", manifest.user, "--from", manifest.user, "--auth", "--ca-file", manifest.ca_file,
                "--only", "smtp,tls", "--timeout", "2",
            ],
            environment: ["MAIL_DOCTOR_SMTP_PASSWORD": manifest.password, "LANG": "C.UTF-8"])
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        #expect(output.stdout.contains("✓ smtp auth"))
        #expect(output.stdout.contains("Summary: "))
        #expect(!output.stdout.contains(manifest.password))
    }

    @Test func problemsExitOneAndNameTheCause() throws {
        let manifest = try #require(Self.manifest)
        let output = try Binary.run(
            [
                "probe", "--host", "localhost", "--port", try port("ms_535_5_7_139"), "--encryption", "none",
                "--user", manifest.user, "--auth", "--only", "smtp", "--provider", "microsoft-365", "--timeout", "2",
            ],
            environment: ["MAIL_DOCTOR_SMTP_PASSWORD": manifest.password])
        #expect(output.status == 1)
        #expect(output.stdout.contains("basic-auth-disabled"))
    }

    @Test func asciiMarksWithoutAUTF8Locale() throws {
        let output = try Binary.run(
            [
                "probe", "--host", "localhost", "--port", try port("starttls"),
                "--encryption", "starttls", "--only", "tcp", "--timeout", "2",
            ],
            environment: ["LANG": "C"])
        #expect(output.stdout.contains("[ok]"))
        #expect(!output.stdout.contains("✓"))
    }

    @Test func nothingToProbeExits69() throws {
        let output = try Binary.run(["probe"])
        #expect(output.status == 69)
        #expect(output.stderr.contains("nothing to probe"))
    }

    @Test func jsonMatchesTheSchemaInBothLanguages() throws {
        let manifest = try #require(Self.manifest)
        for lang in ["en", "ar"] {
            let output = try Binary.run(
                [
                    "probe", "--format", "json", "--lang", lang, "--host", "localhost", "--port",
                    try port("plain_on_ssl"),
                    "--encryption", "ssl", "--from", "odoo@good.test", "--dns-server",
                    "\(manifest.dns.server):\(manifest.dns.port)", "--timeout", "2",
                ])
            #expect(output.status == 1)
            #expect(try SchemaValidator.problems(output.stdout, schema: "probe") == nil)
            let json = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
            let causes = json?["causes"] as? [[String: Any]] ?? []
            #expect(causes.first?["id"] as? String == "encryption-mismatch")
        }
    }

    /// The password goes in through the environment; it must come out nowhere: not in stdout,
    /// stderr, JSON, the verbose transcript, the step state or the Markdown report.
    @Test func thePasswordAppearsInNoOutputLogOrState() throws {
        let manifest = try #require(Self.manifest)
        let secret = manifest.password
        let environment = ["MAIL_DOCTOR_SMTP_PASSWORD": secret]
        // The sender's domain (example.test) is asked of the loopback dnsmasq, never of the
        // system's resolver.
        let dns = "\(manifest.dns.server):\(manifest.dns.port)"
        var outputs = try probeWithLogin(at: "gmail_535", environment: environment)
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("odoo-\(UUID().uuidString).conf")
        try
            "[options]\nsmtp_server = localhost\nsmtp_port = \(try port("gmail_535"))\nsmtp_user = \(manifest.user)\nsmtp_password = \(secret)\n"
            .write(to: config, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: config) }
        outputs.append(
            try Binary.run(
                [
                    "diagnose", "--format", "json", "--config", config.path, "--probes", "auth",
                    "--timeout", "2", "--dns-server", dns,
                ], stdin: ""))
        outputs.append(
            try Binary.run(
                [
                    "diagnose", "--format", "markdown", "--config", config.path, "--probes", "auth",
                    "--timeout", "2", "--dns-server", dns,
                ], stdin: ""))
        outputs.append(
            try Binary.run(["probe", "--config", config.path, "--auth", "--verbose", "--only", "odoo-config,smtp"]))
        let step = try Binary.run(
            ["step", "--allow-probes", "--allow-private-targets"],
            stdin: "{\"answers\": {\"smtp.host\": \"localhost\", \"smtp.port\": \(try port("gmail_535"))}}",
            environment: environment)
        outputs.append(step)
        for output in outputs {
            #expect(!output.stdout.contains(secret))
            #expect(!output.stderr.contains(secret))
        }
        // The state itself, decoded.
        let json = try JSONSerialization.jsonObject(with: Data(step.stdout.utf8)) as? [String: Any]
        let state = try #require(json?["state"] as? String)
        let decoded = Binary.decodedState(state)
        #expect(!decoded.isEmpty && !decoded.contains(secret))
        // And the transcript shows it masked.
        #expect(outputs[0].stdout.contains("AUTH PLAIN ••••••") || outputs[0].stdout.contains("••••••"))
    }

    /// A server that echoes the credentials (raw, as the PLAIN token, as LOGIN's base64) in
    /// its 535 reply: no form of the password may reach any output.
    @Test func aPasswordEchoedByTheServerIsMaskedInEveryForm() throws {
        let manifest = try #require(Self.manifest)
        let secret = manifest.password
        let forms = [
            secret, Data(secret.utf8).base64EncodedString(),
            Data("\u{0}\(manifest.user)\u{0}\(secret)".utf8).base64EncodedString(),
        ]
        let environment = ["MAIL_DOCTOR_SMTP_PASSWORD": secret]
        var outputs = try probeWithLogin(at: "echo_auth", environment: environment)
        outputs.append(
            try Binary.run(
                [
                    "diagnose", "--format", "json", "--host", "localhost", "--port", try port("echo_auth"),
                    "--encryption", "none", "--user", manifest.user, "--probes", "auth", "--timeout", "2",
                    "--dns-server", "\(manifest.dns.server):\(manifest.dns.port)",
                ],
                stdin: "", environment: environment))
        // The peer did echo: its refusal reached the report, masked.
        #expect(outputs[0].stdout.contains("535"), "\(outputs[0].stdout)")
        #expect(outputs[1].stdout.contains("password was ••••••"), "\(outputs[1].stdout)")
        for output in outputs {
            for form in forms {
                #expect(!output.stdout.contains(form), "\(form) in \(output.stdout.prefix(2000))")
                #expect(!output.stderr.contains(form))
            }
        }
    }

    @Test func diagnoseRunsTheProbesInsteadOfAsking() throws {
        let output = try Binary.run(
            [
                "diagnose", "--format", "json", "--host", "localhost", "--port",
                try port("plain_on_ssl"), "--encryption", "ssl", "--timeout", "2",
            ], stdin: "")
        #expect(output.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
        let facts = json?["facts"] as? [[String: Any]] ?? []
        #expect(facts.contains { $0["origin"] as? String == "probe" })
        #expect((json?["causes"] as? [[String: Any]])?.first?["id"] as? String == "encryption-mismatch")
    }

    @Test func stepRefusesPrivateTargetsUnlessAllowed() throws {
        let request =
            "{\"answers\": {\"smtp.host\": \"localhost\", \"smtp.port\": \(try port("plain_on_ssl")), \"smtp.encryption\": \"ssl\"}}"
        let refused = try Binary.run(["step", "--allow-probes"], stdin: request)
        let allowed = try Binary.run(["step", "--allow-probes", "--allow-private-targets"], stdin: request)
        let off = try Binary.run(["step"], stdin: request)
        func probeFacts(_ output: Binary.Output) throws -> Int {
            let json = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
            return (json?["facts"] as? [[String: Any]] ?? []).filter { $0["origin"] as? String == "probe" }.count
        }
        #expect(try probeFacts(off) == 0)
        #expect(try probeFacts(refused) == 0)
        #expect(try probeFacts(allowed) > 0)
    }

    /// In chatbot mode a name that resolves to loopback, one that does not exist and one that
    /// is numeric loopback in disguise all answer exactly as if no probe had run: nothing in
    /// the response tells a chat user which internal names exist or what they resolve to.
    @Test func stepAnswersARefusedTargetLikeAnUnresolvableOne() throws {
        func response(_ host: String, probes: Bool) throws -> String {
            let request = "{\"answers\": {\"smtp.host\": \"\(host)\", \"smtp.port\": 587}}"
            let output = try Binary.run(
                ["step"] + (probes ? ["--allow-probes"] : []), stdin: request,
                environment: ["MAIL_DOCTOR_STATE_KEY": "k"])
            #expect(output.status == 0)
            var json = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
            json["state"] = nil  // it records that a probe was tried
            return String(
                decoding: try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]), as: UTF8.self)
        }
        for host in ["localhost", "no-such-host.invalid", "2130706433", "0177.0.0.1", "::ffff:127.0.0.1"] {
            let probed = try response(host, probes: true)
            #expect(probed == (try response(host, probes: false)), "\(host): \(probed.prefix(400))")
            #expect(!probed.contains("127.0.0.1") || host.contains("127.0.0.1"))
        }
    }

    /// `--dns-server` once aimed only the DNS check: it said the host resolved to 127.0.0.1,
    /// then TCP, SMTP and TLS said "host not found" and the diagnosis blamed host and port.
    /// Every probe now resolves through the same lookup.
    @Test func theDNSServerFlagAimsEveryProbe() throws {
        let manifest = try #require(Self.manifest)
        let output = try Binary.run(
            [
                "probe", "--dns-server", "\(manifest.dns.server):\(manifest.dns.port)", "--host", "smtp.good.test",
                "--port", try port("starttls"), "--encryption", "starttls", "--ca-file", manifest.ca_file,
                "--only", "dns,tcp,smtp,tls", "--format", "json", "--timeout", "2",
            ])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let checks = json["checks"] as? [[String: Any]] ?? []
        let messages = checks.compactMap { $0["message"] as? String }
        #expect(
            checks.contains {
                $0["probe"] as? String == "dns" && $0["check"] as? String == "host" && $0["status"] as? String == "ok"
            })
        #expect(!messages.contains { $0.contains("not resolve") || $0.contains("not found") }, "\(messages)")
        #expect(checks.contains { $0["probe"] as? String == "smtp" && $0["status"] as? String == "ok" }, "\(messages)")
    }

    /// `--client-ip` asks check_host() for that sender, through the built binary, on the SPF
    /// scenarios of Tests/Peers/zones.py: the provider's address passes, another softfails.
    @Test func theClientAddressFlagGetsAnSPFVerdict() throws {
        struct Zones: Decodable {
            struct Scenario: Decodable {
                var suite: String
                var port: Int
            }
            var scenarios: [Scenario]
        }
        let data = try Data(contentsOf: Binary.root.appendingPathComponent(".peers/zones.json"))
        let zones = try JSONDecoder().decode(Zones.self, from: data)
        let port = try #require(zones.scenarios.first { $0.suite == "scenarios" }?.port)
        for (address, verdict) in [("35.190.247.9", "pass"), ("198.51.100.77", "softfail")] {
            let output = try Binary.run([
                "probe", "--from", "odoo@good.example", "--dns-server", "127.0.0.1:\(port)", "--only", "dns",
                "--provider", "gmail", "--client-ip", address, "--format", "json", "--verbose",
            ])
            #expect(output.stdout.contains("check_host for \(address): \(verdict)"), "\(output.stdout.prefix(800))")
        }
    }

    /// Newcomer findings: a user name in Odoo and no AUTH on the connection was reported as
    /// "0 problems"; the EHLO line was cut before STARTTLS and showed "SIZE 1"; refused ports
    /// Odoo does not use were flagged while the configured one worked.
    @Test func noAuthOfferedWhileOdooHasAUserIsAProblemWithTheRightCause() throws {
        let output = try Binary.run([
            "probe", "--host", "localhost", "--port", try port("starttls_required"),
            "--encryption", "none", "--user", "odoo@example.test", "--format", "json",
            "--only", "tcp,smtp", "--timeout", "2",
        ])
        #expect(output.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let checks = json["checks"] as? [[String: Any]] ?? []
        let auth = checks.first { $0["probe"] as? String == "smtp" && $0["check"] as? String == "auth" }
        #expect(auth?["status"] as? String == "problem")
        #expect((auth?["message"] as? String)?.contains("offers no AUTH") == true)
        let causes = json["causes"] as? [[String: Any]] ?? []
        #expect(causes.first?["id"] as? String == "encryption-mismatch")
        let ehlo = checks.first { $0["check"] as? String == "ehlo" }?["message"] as? String ?? ""
        #expect(ehlo.hasPrefix("EHLO: STARTTLS"), "\(ehlo)")
        // The configured port answers, so the closed standard ports are not findings.
        let others = checks.filter {
            $0["probe"] as? String == "tcp" && $0["check"] as? String != (try? port("starttls_required"))
        }
        #expect(!others.isEmpty)
        #expect(others.allSatisfy { $0["status"] as? String == "ok" }, "\(others)")
    }

    @Test func theSizeLimitIsShownInBytesAndMegabytes() throws {
        let output = try Binary.run([
            "probe", "--host", "localhost", "--port", try port("size_limit"),
            "--encryption", "starttls", "--ca-file", try #require(Self.manifest).ca_file,
            "--only", "smtp", "--timeout", "2",
        ])
        #expect(output.stdout.contains("SIZE 1000000 bytes (1.0 MB)"), "\(output.stdout)")
    }

    /// One case: odoo.conf says port 25, the answers file says the peer's port. The answer is
    /// more trusted than the file, so the engine reasons about the peer's port and the probes
    /// test that port as the configured one (the file's 25 is only a port Odoo does not use).
    @Test func theAnsweredPortIsTheOneTheEngineAndTheProbesUse() throws {
        let port = try port("starttls")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("case-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("odoo.conf")
        let answers = folder.appendingPathComponent("answers.yaml")
        try "[options]\nsmtp_server = localhost\nsmtp_port = 25\n".write(to: config, atomically: true, encoding: .utf8)
        try "smtp.port: \(port)\nsmtp.encryption: starttls\n".write(to: answers, atomically: true, encoding: .utf8)
        let output = try Binary.run(
            [
                "diagnose", "--config", config.path, "--answers", answers.path,
                "--probes", "safe", "--timeout", "2", "--format", "json",
            ], stdin: "")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let facts = try #require(json["facts"] as? [[String: Any]])
        let portFact = try #require(facts.first { $0["fact"] as? String == "smtp.port" })
        #expect(portFact["value"] as? String == port && portFact["origin"] as? String == "user")
        let findings = try #require(json["findings"] as? [[String: Any]]).compactMap { $0["message"] as? String }
        #expect(findings.contains("port \(port) (configured) is open"), "\(findings)")
        #expect(findings.contains("port 25: refused (Odoo does not use it)"), "\(findings)")
        #expect(findings.contains { $0.hasPrefix("STARTTLS upgraded") }, "\(findings)")
    }

    /// `probe --port --encryption` puts them in the case, so the rules' port evidence can fire.
    @Test func probeGivesTheEngineThePortAndEncryptionItTested() throws {
        let port = try port("starttls")
        let output = try Binary.run([
            "probe", "--host", "localhost", "--port", port, "--encryption", "starttls",
            "--only", "smtp", "--timeout", "2", "--format", "json",
        ])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let facts = try #require(json["facts"] as? [String: String], "\(output.stdout)")
        #expect(facts["smtp.port"] == port && facts["smtp.encryption"] == "starttls", "\(facts)")
    }
}

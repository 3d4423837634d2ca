import Foundation
import Testing

/// `probe --send-test --to ADDRESS` against the loopback peer that accepts mail
/// (`accepts_data`, which files what it receives in .peers/mailbox/): the message arrives
/// with its label, each stage is reported, the password is never shown; without the flag
/// nothing ever reaches DATA.
@Suite(.serialized) struct SendTestTests {
    struct Manifest: Decodable {
        struct SMTP: Decodable { var port: Int }
        var ca_file: String
        var user: String
        var password: String
        var smtp: [String: SMTP]
        var data_log: String
        var mailbox: String
    }

    static var manifest: Manifest {
        get throws {
            let url = Binary.root.appendingPathComponent(".peers/peers.json")
            let data = try #require(try? Data(contentsOf: url), "start the peers: scripts/peers.sh start")
            return try JSONDecoder().decode(Manifest.self, from: data)
        }
    }

    static func messages(_ manifest: Manifest) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: manifest.mailbox).filter { $0.hasSuffix(".eml") }.sorted()
    }

    func arguments(_ manifest: Manifest, _ extra: [String]) throws -> [String] {
        let port = try #require(manifest.smtp["accepts_data"]?.port)
        return [
            "probe", "--host", "localhost", "--port", String(port), "--encryption", "starttls", "--user", manifest.user,
            "--from", manifest.user, "--ca-file", manifest.ca_file, "--to", "customer@receiver.example", "--verbose",
        ] + extra
    }

    @Test func theTestMessageArrivesAndEachStageIsReported() throws {
        let manifest = try Self.manifest
        let before = try Self.messages(manifest)
        for language in ["en", "ar"] {
            let output = try Binary.run(
                try arguments(manifest, ["--send-test", "--lang", language, "--ascii"]),
                environment: ["MAIL_DOCTOR_SMTP_PASSWORD": manifest.password])
            #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
            for stage in [
                "send-connect", "send-banner", "send-ehlo", "send-starttls", "send-auth", "send-mail-from",
                "send-rcpt-to", "send-message", "send-next",
            ] {
                #expect(output.stdout.contains(stage), "no \(stage) in \(output.stdout)")
            }
            #expect(output.stdout.contains("mail-doctor headers -"))
            #expect(!output.stdout.contains(manifest.password) && !output.stderr.contains(manifest.password))
            let token = Data("\u{0}\(manifest.user)\u{0}\(manifest.password)".utf8).base64EncodedString()
            #expect(!output.stdout.contains(token))
        }
        let after = try Self.messages(manifest)
        #expect(after.count == before.count + 2)
        let newest = try String(contentsOfFile: manifest.mailbox + "/" + after.last!, encoding: .utf8)
        #expect(newest.contains("X-Mail-Doctor-Test: yes"))
        #expect(newest.contains("Auto-Submitted: auto-generated"))
        #expect(newest.contains("To: <customer@receiver.example>"))
        #expect(newest.contains("Subject: Mail Doctor test message"))
        #expect(!newest.contains(manifest.password))
        // What arrived is a header block `headers` reads back.
        let read = try Binary.run(["headers", manifest.mailbox + "/" + after.last!, "--format", "json"])
        #expect(read.status == 0, "\(read.stderr)")
        #expect(read.stdout.contains("\"from\" : \"\(manifest.user)\""))
    }

    @Test func withoutTheFlagNothingReachesData() throws {
        let manifest = try Self.manifest
        let before = try Self.messages(manifest)
        let logBefore = try String(contentsOfFile: manifest.data_log, encoding: .utf8)
        let output = try Binary.run(
            try arguments(manifest, ["--auth", "--only", "smtp"]),
            environment: ["MAIL_DOCTOR_SMTP_PASSWORD": manifest.password])
        #expect(output.status == 0, "\(output.stdout)")
        #expect(output.stdout.contains("stopped before DATA"))
        #expect(!output.stdout.contains("C: DATA"))
        #expect(try Self.messages(manifest) == before)
        #expect(try String(contentsOfFile: manifest.data_log, encoding: .utf8) == logBefore)
    }

    @Test func theFlagNeedsARecipient() throws {
        let output = try Binary.run(["probe", "--send-test", "--host", "localhost"])
        #expect(output.status == 64)
        #expect(output.stderr.contains("--send-test needs --to ADDRESS"))
    }

    @Test func onlyTheProbeCommandCanSendAMessage() throws {
        // The chat protocol, the MCP server and every probe must have no way to DATA: the
        // sender is constructed in one place in all the sources.
        let sources = Binary.root.appendingPathComponent("Sources")
        let enumerator = try #require(FileManager.default.enumerator(atPath: sources.path))
        var users: [String] = []
        while let path = enumerator.nextObject() as? String {
            guard path.hasSuffix(".swift") else { continue }
            let text = try String(contentsOfFile: sources.appendingPathComponent(path).path, encoding: .utf8)
            if text.contains("TestMessageSender()") { users.append(path) }
            if path.hasPrefix("Probes/"), path != "Probes/TestMessageSender.swift" {
                #expect(!text.contains("\"DATA\""), "\(path) sends DATA")
            }
        }
        #expect(users == ["MailDoctorCLI/Commands/ProbeCommand.swift"])
    }
}

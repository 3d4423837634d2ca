import Foundation
import NIOCore
import NIOEmbedded
import Testing

@testable import Probes

/// The SMTP dialogue in memory: the test plays the server on an `NIOAsyncTestingChannel`,
/// reading each command the probe writes and answering it, with no socket and no timer. The
/// loopback tests (LivePeerTests) cover the same dialogue against aiosmtpd, TLS included.
@Suite struct SMTPDialogueTests {
    /// One exchange: the command the probe must send (its start) and the server's reply.
    struct Exchange {
        var expect: String
        var reply: String
    }

    /// What the dialogue found, and every command it sent.
    struct Result {
        var dialogue: SMTPProbe.Dialogue
        var commands: [String]
        var transcript: [String]

        func outcome(_ check: String) -> ProbeOutcome? { dialogue.outcomes.last { $0.check == check } }
    }

    func talk(
        greeting: String, _ script: [Exchange], encryption: String = "none",
        depth: ProbeContext.Depth = .safe, user: String? = nil,
        password: String? = nil, from: String? = nil
    ) async throws -> Result {
        let channel = NIOAsyncTestingChannel()
        let secret = password.map(Secret.init)
        let connection = try await SMTPConnection.attach(
            to: channel, host: "mx.example.test",
            readTimeout: .seconds(5), secret: secret)
        let context = ProbeContext(
            host: "mx.example.test", port: 587, encryption: encryption, user: user,
            password: secret, from: from, depth: depth)
        let talking = Task {
            var dialogue = SMTPProbe.Dialogue(probe: .smtp, host: "mx.example.test", port: 587)
            dialogue.secret = secret
            dialogue.user = user
            await dialogue.converse(connection, context: context, implicitTLS: false)
            return dialogue
        }
        try await channel.writeInbound(ByteBuffer(string: greeting))
        var commands: [String] = []
        for exchange in script {
            let written = try await channel.waitForOutboundWrite(as: ByteBuffer.self)
            let command = String(buffer: written)
            commands.append(command)
            #expect(command.hasPrefix(exchange.expect), "expected \(exchange.expect), the probe sent \(command)")
            #expect(command.hasSuffix("\r\n"), "an SMTP command ends in CRLF")
            try await channel.writeInbound(ByteBuffer(string: exchange.reply))
        }
        let dialogue = await talking.value
        // Nothing may follow the scripted exchanges (QUIT is sent by the caller, not here).
        let extra = try await channel.readOutbound(as: ByteBuffer.self).map { String(buffer: $0) }
        #expect(extra == nil, "the probe sent more than the script: \(extra ?? "")")
        _ = try? await channel.finish()
        return Result(dialogue: dialogue, commands: commands, transcript: connection.transcript)
    }

    static let ehloWithAuth = Exchange(
        expect: "EHLO mail-doctor.invalid",
        reply: """
            250-mx.example.test Hello\r
            250-SIZE 35882577\r
            250-AUTH LOGIN PLAIN\r
            250 8BITMIME\r

            """)

    @Test func aMultiLineGreetingAndEHLOAreReadWithTheirExtensions() async throws {
        let result = try await talk(greeting: "220-mx.example.test ESMTP\r\n220 ready\r\n", [Self.ehloWithAuth])
        #expect(result.outcome("banner")?.status == .ok)
        #expect(result.outcome("banner")?.message.en == "banner: mx.example.test ESMTP")
        #expect(result.outcome("ehlo")?.message.en == "EHLO: AUTH LOGIN PLAIN, SIZE 35882577 bytes (34.2 MB), 8BITMIME")
        #expect(result.dialogue.facts[ProbeFacts.smtpAuthOffered] == "yes")
        #expect(result.dialogue.facts[ProbeFacts.smtpStarttlsOffered] == "no")
        #expect(result.dialogue.facts[ProbeFacts.smtpSizeLimitMb] == "34.2")
        #expect(result.transcript.first == "S: 220-mx.example.test ESMTP")
    }

    @Test func aGreetingOtherThan220EndsTheDialogueAsSmtplibWouldSeeIt() async throws {
        let result = try await talk(greeting: "554 5.7.1 mx.example.test: your IP is listed\r\n", [])
        let banner = try #require(result.outcome("banner"))
        #expect(banner.status == .problem)
        #expect(banner.errorText == "SMTPConnectError: (554, b'5.7.1 mx.example.test: your IP is listed')")
        #expect(result.commands.isEmpty)
    }

    @Test func starttlsConfiguredButNotOffered() async throws {
        let result = try await talk(greeting: "220 mx\r\n", [Self.ehloWithAuth], encryption: "starttls")
        #expect(result.outcome("starttls")?.status == .problem)
        #expect(result.dialogue.facts[ProbeFacts.errorKind] == "starttls-not-supported")
    }

    @Test func starttlsOfferedButRefused() async throws {
        let ehlo = Exchange(expect: "EHLO", reply: "250-mx\r\n250-STARTTLS\r\n250 SIZE 1000\r\n")
        let refused = Exchange(expect: "STARTTLS", reply: "454 4.7.0 TLS not available due to temporary reason\r\n")
        let result = try await talk(greeting: "220 mx\r\n", [ehlo, refused], encryption: "starttls")
        let starttls = try #require(result.outcome("starttls"))
        #expect(starttls.status == .problem)
        #expect(starttls.errorText == "(454, b'4.7.0 TLS not available due to temporary reason')")
        #expect(result.dialogue.facts[ProbeFacts.smtpStarttlsOffered] == "yes")
    }

    @Test func aUserWithNoAUTHOfferedIsFoundWithoutSendingAPassword() async throws {
        let ehlo = Exchange(expect: "EHLO", reply: "250-mx\r\n250 8BITMIME\r\n")
        let result = try await talk(greeting: "220 mx\r\n", [ehlo], user: "odoo@example.test")
        #expect(result.dialogue.facts[ProbeFacts.errorKind] == "auth-not-supported")
        #expect(result.commands.count == 1)
    }

    @Test func authPlainSendsTheCredentialsOnceAndMasksThemInTheTranscript() async throws {
        let password = "s3cret-Pa55"
        let token = Data("\u{0}odoo@example.test\u{0}\(password)".utf8).base64EncodedString()
        let auth = Exchange(
            expect: "AUTH PLAIN \(token)",
            reply:
                "535-5.7.8 Username and Password not accepted.\r\n535 5.7.8 https://support.google.com/mail/?p=BadCredentials gsmtp\r\n"
        )
        let result = try await talk(
            greeting: "220 smtp.gmail.com ESMTP\r\n", [Self.ehloWithAuth, auth], depth: .auth,
            user: "odoo@example.test", password: password)
        let login = try #require(result.outcome("auth"))
        #expect(login.status == .problem)
        #expect(
            login.errorText?.hasPrefix(
                "smtplib.SMTPAuthenticationError: (535, b'5.7.8 Username and Password not accepted.") == true)
        #expect(result.transcript.contains("C: AUTH PLAIN ••••••"))
        #expect(!result.transcript.joined().contains(token) && !result.transcript.joined().contains(password))
    }

    @Test func authLoginThenMailFromAndRcptToStopBeforeData() async throws {
        let ehlo = Exchange(expect: "EHLO", reply: "250-mx\r\n250 AUTH LOGIN\r\n")
        let script = [
            ehlo,
            Exchange(expect: "AUTH LOGIN", reply: "334 VXNlcm5hbWU6\r\n"),
            Exchange(expect: Data("odoo@example.test".utf8).base64EncodedString(), reply: "334 UGFzc3dvcmQ6\r\n"),
            Exchange(expect: Data("pw".utf8).base64EncodedString(), reply: "235 2.7.0 Authentication successful\r\n"),
            Exchange(expect: "MAIL FROM:<odoo@example.test>", reply: "250 2.1.0 OK\r\n"),
            Exchange(expect: "RCPT TO:<odoo@example.test>", reply: "250 2.1.5 OK\r\n"),
            Exchange(expect: "RSET", reply: "250 2.0.0 OK\r\n"),
        ]
        let result = try await talk(
            greeting: "220 mx\r\n", script, depth: .auth, user: "odoo@example.test", password: "pw")
        #expect(result.outcome("auth")?.status == .ok)
        #expect(result.outcome("send-test")?.status == .ok)
        #expect(result.dialogue.facts[ProbeFacts.odooTestConnectionOk] == "yes")
        #expect(!result.commands.contains { $0.hasPrefix("DATA") })
    }

    @Test func anEndlessContinuationIsCutOffAtTheLineLimit() async throws {
        let lines = String(repeating: "250-padding\r\n", count: SMTPReplyDecoder.maximumLines + 5)
        let result = try await talk(greeting: "220 mx\r\n", [Exchange(expect: "EHLO", reply: lines)])
        let reply = try #require(result.outcome("reply"))
        #expect(reply.message.en.contains("a reply of more than \(SMTPReplyDecoder.maximumLines) lines"))
    }
}

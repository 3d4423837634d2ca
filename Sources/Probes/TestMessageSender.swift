import Foundation
import KnowledgeBase

/// Sends one short, clearly labelled test message through the configured server, for
/// `mail-doctor probe --send-test --to ADDRESS`: the only code path that ever sends DATA. It is
/// not a probe (no sweep, no chat turn, no MCP tool can reach it) and runs only when the person
/// at the command line asks for it. Each SMTP stage is reported; the password is sent only
/// over a connection whose certificate is trusted, and never shown.
package struct TestMessageSender: Sendable {
    package init() {}

    /// The stages of one delivery to `recipient`, as `smtp` outcomes named `send-...`, then how
    /// to read the received copy.
    package func send(_ context: ProbeContext, to recipient: String, now: Date = Date()) async -> [ProbeOutcome] {
        var run = Run(context: context, recipient: recipient)
        await run.talk(now: now)
        return run.finished()
    }

    /// The message: plain text in both languages, base64 so no server needs 8BITMIME, marked
    /// as automatic (RFC 3834 Auto-Submitted) and as Mail Doctor's.
    static func message(from: String, to: String, host: String, port: Int, date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        let stamp = formatter.string(from: date)
        let domain = from.split(separator: "@").last.map(String.init) ?? "mail-doctor.invalid"
        let body = """
            This is a test message from Mail Doctor (mail-doctor probe --send-test), sent through \
            \(host):\(port) at \(stamp). Nothing needs to be done with it.

            To see how the receiving server judged it, open it, show its original or source (Gmail: \
            More > Show original; Outlook: View > View message source) and paste the headers into:
                mail-doctor headers -

            هذه رسالة اختبار من Mail Doctor ‏(mail-doctor probe --send-test)، أُرسلت عبر \(host):\(port) \
            في \(stamp). لا حاجة لفعل أي شيء بها.

            لمعرفة حكم الخادم المستقبِل عليها: افتحها واعرض مصدرها الأصلي (في Gmail: المزيد > Show original، \
            وفي Outlook: View > View message source) ثم الصق الترويسات في:
                mail-doctor headers -

            """
        let encoded = Data(body.utf8).base64EncodedString(options: [
            .lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed,
        ])
        let headers = [
            "From: <\(from)>", "To: <\(to)>", "Subject: Mail Doctor test message",
            "Date: \(stamp)", "Message-ID: <\(UUID().uuidString.lowercased())@\(domain)>",
            "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64", "Auto-Submitted: auto-generated", "X-Mail-Doctor-Test: yes",
        ]
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + encoded
    }

    /// RFC 5321 §4.5.2: a line that starts with a period gets one more.
    static func dotStuffed(_ message: String) -> String {
        message.components(separatedBy: "\r\n").map { $0.hasPrefix(".") ? "." + $0 : $0 }.joined(separator: "\r\n")
    }

    struct Run {
        let context: ProbeContext
        let recipient: String
        var outcomes: [ProbeOutcome] = []
        var transcript: [String] = []
        var accepted = false
        let clock = ContinuousClock()

        init(context: ProbeContext, recipient: String) {
            self.context = context
            self.recipient = recipient
        }

        mutating func report(
            _ stage: String, _ status: ProbeOutcome.Status, en: String, ar: String, errorText: String? = nil
        ) {
            outcomes.append(
                ProbeOutcome(
                    probe: .smtp, check: "send-\(stage)", status: status, message: LocalizedText(en: en, ar: ar),
                    errorText: errorText))
        }

        mutating func talk(now: Date) async {
            guard let host = context.host else {
                report("connect", .problem, en: "no SMTP server to send through", ar: "لا يوجد خادم SMTP للإرسال عبره")
                return
            }
            guard let from = context.from ?? context.user, from.contains("@") else {
                report(
                    "mail-from", .problem, en: "no sender address: give --from or --config",
                    ar: "لا يوجد عنوان مرسِل: أعطِ --from أو --config")
                return
            }
            if let refusal = await context.refusal(for: host) {
                outcomes.append(.notProbed(.smtp, check: "send-connect", refusal: refusal))
                return
            }
            let port = context.effectivePort
            let implicitTLS = context.encryption == "ssl"
            let opened = await SMTPConnection.open(
                host: host, port: port, implicitTLS: implicitTLS, timeouts: context.timeouts,
                secret: context.password, policy: context.policy, resolver: context.resolver)
            guard case .success(let connection) = opened else {
                if case .failure(let failure) = opened {
                    report(
                        "connect", .problem, en: "could not connect to \(host):\(port): \(failure)",
                        ar: "تعذّر الاتصال بـ \(host):\(port): \(failure)")
                }
                return
            }
            report("connect", .ok, en: "connected to \(host):\(port)", ar: "تم الاتصال بـ \(host):\(port)")
            do {
                try await converse(connection, host: host, port: port, from: from, implicitTLS: implicitTLS, now: now)
            } catch {
                report(
                    "reply", .problem, en: "the conversation broke off: \(error)", ar: "انقطعت المحادثة: \(error)",
                    errorText: "smtplib.SMTPServerDisconnected: Connection unexpectedly closed")
            }
            _ = try? await connection.command("QUIT")
            transcript = connection.transcript
            await connection.close()
        }

        mutating func converse(
            _ connection: SMTPConnection, host: String, port: Int, from: String, implicitTLS: Bool, now: Date
        ) async throws {
            if implicitTLS { try await connection.awaitImplicitHandshake() }
            let banner = try await connection.readReply()
            guard banner.code == 220 else {
                report(
                    "banner", .problem, en: "greeted with \(banner.code)", ar: "حيّا الخادم بالرمز \(banner.code)",
                    errorText: "SMTPConnectError: \(banner.pythonStyle)")
                return
            }
            report(
                "banner", .ok, en: "banner: \(banner.lines.first?.prefix(60) ?? "")",
                ar: "رسالة الترحيب: \(banner.lines.first?.prefix(60) ?? "")")
            var extensions = try await ehlo(connection)
            report("ehlo", .ok, en: "EHLO accepted", ar: "قُبل EHLO")
            if context.encryption == "starttls" {
                guard extensions["STARTTLS"] != nil else {
                    report(
                        "starttls", .problem, en: "the server offers no STARTTLS", ar: "الخادم لا يعرض STARTTLS",
                        errorText: "smtplib.SMTPNotSupportedError: STARTTLS extension not supported by server.")
                    return
                }
                let ready = try await connection.command("STARTTLS")
                guard ready.code == 220 else {
                    report(
                        "starttls", .problem, en: "STARTTLS refused: \(ready.code)", ar: "رُفض STARTTLS: \(ready.code)")
                    return
                }
                try await connection.startTLS()
                report(
                    "starttls", .ok, en: "STARTTLS: \(connection.tlsVersion ?? "TLS")",
                    ar: "STARTTLS: \(connection.tlsVersion ?? "TLS")")
                extensions = try await ehlo(connection)
            }
            if let user = context.user, !user.isEmpty {
                guard let password = context.password else {
                    report(
                        "auth", .problem,
                        en: "\(user) needs a password: set MAIL_DOCTOR_SMTP_PASSWORD, use --ask-password or --config",
                        ar:
                            "المستخدم \(user) يحتاج كلمة مرور: اضبط MAIL_DOCTOR_SMTP_PASSWORD أو استخدم --ask-password أو --config"
                    )
                    return
                }
                if !connection.peerChain.isEmpty,
                    let certificate = await CertificateInspector.inspect(
                        chain: connection.peerChain, host: host, caFile: context.caFile),
                    !certificate.problems.isEmpty
                {
                    report(
                        "auth", .problem,
                        en:
                            "not logging in: the certificate is not trustworthy (\(certificate.problems.map(\.rawValue).joined(separator: ", ")))",
                        ar:
                            "لن يُسجَّل الدخول: الشهادة غير موثوقة (\(certificate.problems.map(\.rawValue).joined(separator: ", ")))"
                    )
                    return
                }
                let reply = try await connection.login(
                    user: user, password: password, mechanisms: extensions.authMechanisms)
                guard reply?.code == 235 else {
                    let text = reply.map { "\($0.code) \($0.lines.last ?? "")" } ?? "no AUTH mechanism offered"
                    report(
                        "auth", .problem, en: "login refused: \(text)", ar: "رُفض تسجيل الدخول: \(text)",
                        errorText: reply.map { "smtplib.SMTPAuthenticationError: \($0.pythonStyle)" })
                    return
                }
                report("auth", .ok, en: "logged in as \(user)", ar: "تم تسجيل الدخول باسم \(user)")
            }
            let mail = try await connection.command("MAIL FROM:<\(from)>")
            guard mail.code == 250 else {
                report(
                    "mail-from", .problem, en: "sender \(from) refused: \(mail.code) \(mail.text)",
                    ar: "رُفض المرسِل \(from): \(mail.code) \(mail.text)",
                    errorText: "smtplib.SMTPSenderRefused: \(mail.pythonStyle)")
                return
            }
            report("mail-from", .ok, en: "sender \(from) accepted", ar: "قُبل المرسِل \(from)")
            let rcpt = try await connection.command("RCPT TO:<\(recipient)>")
            guard rcpt.code == 250 || rcpt.code == 251 else {
                report(
                    "rcpt-to", .problem, en: "recipient \(recipient) refused: \(rcpt.code) \(rcpt.text)",
                    ar: "رُفض المستلم \(recipient): \(rcpt.code) \(rcpt.text)",
                    errorText: "smtplib.SMTPRecipientsRefused: {'\(recipient)': \(rcpt.pythonStyle)}")
                return
            }
            report("rcpt-to", .ok, en: "recipient \(recipient) accepted", ar: "قُبل المستلم \(recipient)")
            let data = try await connection.command("DATA")
            guard data.code == 354 else {
                report(
                    "data", .problem, en: "DATA refused: \(data.code) \(data.text)",
                    ar: "رُفض DATA: \(data.code) \(data.text)",
                    errorText: "smtplib.SMTPDataError: \(data.pythonStyle)")
                return
            }
            let message = TestMessageSender.dotStuffed(
                TestMessageSender.message(from: from, to: recipient, host: host, port: port, date: now))
            let lines = message.components(separatedBy: "\r\n").count
            let done = try await connection.command(message + "\r\n.", shown: "(the test message, \(lines) lines) .")
            guard done.code == 250 else {
                report(
                    "message", .problem, en: "the message was refused: \(done.code) \(done.text)",
                    ar: "رُفضت الرسالة: \(done.code) \(done.text)",
                    errorText: "smtplib.SMTPDataError: \(done.pythonStyle)")
                return
            }
            accepted = true
            report(
                "message", .ok, en: "the server accepted the test message: \(done.code) \(done.text)",
                ar: "قبل الخادم رسالة الاختبار: \(done.code) \(done.text)")
        }

        func ehlo(_ connection: SMTPConnection) async throws -> [String: String] {
            let reply = try await connection.command("EHLO \(SMTPProbe.clientName)")
            guard reply.code == 250 else { throw SMTPProtocolError.malformed("EHLO \(reply.code)") }
            return reply.ehloExtensions
        }

        /// The outcomes with the transcript on the last stage, every form of the password
        /// masked, and the next step.
        func finished() -> [ProbeOutcome] {
            var result = outcomes
            let clean = { (text: String) in context.password?.mask(text, user: context.user) ?? text }
            if !result.isEmpty { result[result.count - 1].evidence = transcript }
            for index in result.indices {
                result[index].message = LocalizedText(
                    en: clean(result[index].message.en), ar: clean(result[index].message.ar))
                result[index].errorText = result[index].errorText.map(clean)
                result[index].evidence = result[index].evidence.map(clean)
            }
            if accepted {
                result.append(
                    ProbeOutcome(
                        probe: .smtp, check: "send-next", status: .ok,
                        message: LocalizedText(
                            en: "Open the message at \(recipient), show its original or source (Gmail: Show original; "
                                + "Outlook: View message source) and paste the headers into 'mail-doctor headers -'",
                            ar:
                                "افتح الرسالة في \(recipient) واعرض مصدرها الأصلي (Gmail: ‏Show original، وOutlook: ‏View "
                                + "message source) ثم الصق الترويسات في 'mail-doctor headers -'")))
            }
            return result
        }
    }
}

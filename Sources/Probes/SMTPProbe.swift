import Foundation
import KnowledgeBase
import NIOSSL

/// Talks SMTP to the configured server the way Odoo does: banner, EHLO, STARTTLS when
/// configured, and only at depth `auth` AUTH and a MAIL FROM / RCPT TO test. It always stops
/// before DATA (no email is ever sent) and sends QUIT.
package struct SMTPProbe: Probe {
    package let name = ProbeName.smtp
    static let clientName = "mail-doctor.invalid"

    package init() {}

    package func applies(to context: ProbeContext) -> Bool { context.host != nil }

    package func run(_ context: ProbeContext) async -> [ProbeOutcome] {
        guard let host = context.host else { return [] }
        if let refusal = await context.refusal(for: host) {
            return [.notProbed(name, check: host, refusal: refusal)]
        }
        let clock = ContinuousClock()
        let start = clock.now
        var dialogue = Dialogue(probe: name, host: host, port: context.effectivePort)
        await dialogue.talk(context)
        var outcomes = dialogue.outcomes
        let seconds = (clock.now - start).seconds
        for index in outcomes.indices { outcomes[index].seconds = seconds }
        return outcomes
    }

    /// The conversation and what it found.
    struct Dialogue {
        let probe: ProbeName
        let host: String
        let port: Int
        var outcomes: [ProbeOutcome] = []
        var facts: [String: String] = [:]
        var transcript: [String] = []
        /// The password and the user it is sent for: every form of it is masked in all that
        /// the probe returns, since a server may echo what it was sent.
        var secret: Secret?
        var user: String?

        mutating func report(
            _ check: String, _ status: ProbeOutcome.Status, en: String, ar: String,
            errorText: String? = nil
        ) {
            outcomes.append(
                ProbeOutcome(
                    probe: probe, check: check, status: status,
                    message: LocalizedText(en: en, ar: ar), facts: [:],
                    errorText: errorText))
        }

        mutating func talk(_ context: ProbeContext) async {
            secret = context.password
            user = context.user
            let implicitTLS = context.encryption == "ssl"
            let opened = await SMTPConnection.open(
                host: host, port: port, implicitTLS: implicitTLS,
                timeouts: context.timeouts, secret: context.password,
                policy: context.policy, resolver: context.resolver)
            guard case .success(let connection) = opened else {
                if case .failure(let failure) = opened { connectFailed(failure) }
                finish()
                return
            }
            defer { transcript = connection.transcript }
            await converse(connection, context: context, implicitTLS: implicitTLS)
            _ = try? await connection.command("QUIT")
            transcript = connection.transcript
            await connection.close()
            finish()
        }

        mutating func connectFailed(_ failure: Connector.Failure) {
            switch failure {
            case .refused:
                facts[ProbeFacts.errorKind] = "connection-refused"
                report(
                    "connect", .problem, en: "\(host):\(port) refused the connection",
                    ar: "رفض \(host):\(port) الاتصال",
                    errorText: "ConnectionRefusedError: [Errno 111] Connection refused")
            case .timedOut:
                facts[ProbeFacts.errorKind] = "timed-out"
                report(
                    "connect", .problem, en: "\(host):\(port) did not answer (timed out)",
                    ar: "لم يردّ \(host):\(port) (انتهت المهلة)", errorText: "TimeoutError: timed out")
            case .unresolvable(let why):
                facts[ProbeFacts.errorKind] = "host-not-found"
                report(
                    "connect", .problem, en: "\(host) does not resolve (\(why))",
                    ar: "اسم الخادم \(host) لا يُحل (\(why))",
                    errorText: "socket.gaierror: [Errno -2] Name or service not known")
            case .unreachable(let why):
                facts[ProbeFacts.errorKind] = "network-unreachable"
                report(
                    "connect", .problem, en: "\(host) is unreachable (\(why))",
                    ar: "لا يمكن الوصول إلى \(host) (\(why))", errorText: "OSError: [Errno 101] Network is unreachable")
            case .other(let why):
                report("connect", .unknown, en: "could not connect: \(why)", ar: "تعذّر الاتصال: \(why)")
            case .refusedByPolicy(let why):
                outcomes.append(.notProbed(probe, check: host, refusal: why))
            }
        }

        mutating func converse(_ connection: SMTPConnection, context: ProbeContext, implicitTLS: Bool) async {
            do {
                if implicitTLS { try await connection.awaitImplicitHandshake() }
                let banner = try await connection.readReply()
                guard banner.code == 220 else {
                    report(
                        "banner", .problem, en: "the server greeted with \(banner.code) instead of 220",
                        ar: "حيّا الخادم بالرمز \(banner.code) بدل 220",
                        errorText: "SMTPConnectError: \(banner.pythonStyle)")
                    return
                }
                facts[ProbeFacts.networkSmtpReachable] = "yes"
                report(
                    "banner", .ok, en: "banner: \(banner.lines.first?.prefix(60) ?? "")",
                    ar: "رسالة الترحيب: \(banner.lines.first?.prefix(60) ?? "")")
                var extensions = try await ehlo(connection)
                if context.encryption == "starttls" {
                    guard extensions.keys.contains("STARTTLS") else {
                        facts[ProbeFacts.errorKind] = "starttls-not-supported"
                        report(
                            "starttls", .problem, en: "the server does not offer STARTTLS",
                            ar: "الخادم لا يعرض STARTTLS",
                            errorText: "smtplib.SMTPNotSupportedError: STARTTLS extension not supported by server.")
                        return
                    }
                    let ready = try await connection.command("STARTTLS")
                    guard ready.code == 220 else {
                        report(
                            "starttls", .problem, en: "STARTTLS refused: \(ready.code) \(ready.text)",
                            ar: "رُفض STARTTLS: \(ready.code) \(ready.text)", errorText: ready.pythonStyle)
                        return
                    }
                    try await connection.startTLS()
                    report(
                        "starttls", .ok, en: "STARTTLS upgraded to \(connection.tlsVersion ?? "TLS")",
                        ar: "تمت الترقية بـ STARTTLS إلى \(connection.tlsVersion ?? "TLS")")
                    extensions = try await ehlo(connection)
                }
                if context.depth == .safe, let user = context.user, !user.isEmpty, extensions["AUTH"] == nil {
                    // Odoo will try to log in here and get smtplib's "SMTP AUTH extension not
                    // supported": found without sending a password.
                    facts[ProbeFacts.errorKind] = "auth-not-supported"
                    report(
                        "auth", .problem,
                        en: "Odoo logs in as \(user), but the server offers no AUTH on this connection",
                        ar: "يسجّل Odoo الدخول باسم \(user)، لكن الخادم لا يعرض المصادقة (AUTH) على هذا الاتصال",
                        errorText: "smtplib.SMTPNotSupportedError: SMTP AUTH extension not supported by server.")
                    return
                }
                try await authenticateAndTest(connection, context: context, extensions: extensions)
            } catch {
                failed(error, connection: connection)
            }
        }

        /// EHLO and its extensions (keyword -> parameters).
        mutating func ehlo(_ connection: SMTPConnection) async throws -> [String: String] {
            let reply = try await connection.command("EHLO \(SMTPProbe.clientName)")
            guard reply.code == 250 else {
                report(
                    "ehlo", .problem, en: "EHLO refused: \(reply.code)", ar: "رُفض EHLO: \(reply.code)",
                    errorText: reply.pythonStyle)
                throw SMTPProtocolError.malformed("EHLO \(reply.code)")
            }
            let extensions = reply.ehloExtensions
            // After STARTTLS the server stops listing it; the first EHLO is the one that counts.
            if extensions.keys.contains("STARTTLS") {
                facts[ProbeFacts.smtpStarttlsOffered] = "yes"
            } else if facts[ProbeFacts.smtpStarttlsOffered] == nil {
                facts[ProbeFacts.smtpStarttlsOffered] = "no"
            }
            facts[ProbeFacts.smtpAuthOffered] = extensions.keys.contains("AUTH") ? "yes" : "no"
            if let size = extensions["SIZE"].flatMap({ Double($0) }), size > 0 {
                facts[ProbeFacts.smtpSizeLimitMb] = String(format: "%.1f", size / 1_048_576)
            }
            // What decides Odoo's login first, every keyword after; SIZE in bytes and MB.
            let first = ["STARTTLS", "AUTH", "SIZE"].filter { extensions[$0] != nil }
            let summary = (first + extensions.keys.sorted().filter { !first.contains($0) }).map { key -> String in
                let value = extensions[key]!
                if key == "SIZE", let bytes = Double(value), bytes > 0 {
                    return "SIZE \(value) bytes (\(String(format: "%.1f", bytes / 1_048_576)) MB)"
                }
                return value.isEmpty ? key : "\(key) \(value)"
            }.joined(separator: ", ")
            report("ehlo", .ok, en: "EHLO: \(summary)", ar: "EHLO: \(summary)")
            return extensions
        }

        mutating func authenticateAndTest(
            _ connection: SMTPConnection, context: ProbeContext,
            extensions: [String: String]
        ) async throws {
            guard context.depth == .auth, let user = context.user, let password = context.password else {
                return
            }
            let mechanisms = extensions.authMechanisms
            guard !mechanisms.isEmpty else {
                facts[ProbeFacts.errorKind] = "auth-not-supported"
                report(
                    "auth", .problem, en: "the server offers no AUTH on this connection",
                    ar: "الخادم لا يعرض المصادقة (AUTH) على هذا الاتصال",
                    errorText: "smtplib.SMTPNotSupportedError: SMTP AUTH extension not supported by server.")
                return
            }
            // Never send a password over a connection whose certificate is in doubt.
            if !connection.peerChain.isEmpty,
                let certificate = await CertificateInspector.inspect(
                    chain: connection.peerChain, host: host,
                    caFile: context.caFile),
                !certificate.problems.isEmpty
            {
                report(
                    "auth", .unknown,
                    en:
                        "login skipped: the certificate is not trustworthy (\(certificate.problems.map(\.rawValue).joined(separator: ", ")))",
                    ar:
                        "لم تُجرَّب المصادقة: الشهادة غير موثوقة (\(certificate.problems.map(\.rawValue).joined(separator: ", ")))"
                )
                return
            }
            guard let reply = try await connection.login(user: user, password: password, mechanisms: mechanisms)
            else {
                report(
                    "auth", .unknown, en: "no AUTH mechanism this probe speaks (\(mechanisms.joined(separator: " ")))",
                    ar: "لا توجد آلية مصادقة يدعمها الفحص (\(mechanisms.joined(separator: " ")))")
                return
            }
            guard reply.code == 235 else {
                report(
                    "auth", .problem, en: "login refused: \(reply.code) \(reply.lines.last ?? "")",
                    ar: "رُفض تسجيل الدخول: \(reply.code) \(reply.lines.last ?? "")",
                    errorText: "smtplib.SMTPAuthenticationError: \(reply.pythonStyle)")
                return
            }
            report("auth", .ok, en: "login accepted for \(user)", ar: "قُبل تسجيل الدخول للمستخدم \(user)")
            guard let from = context.from ?? context.user else { return }
            let mail = try await connection.command("MAIL FROM:<\(from)>")
            guard mail.code == 250 else {
                report(
                    "mail-from", .problem, en: "sender \(from) refused: \(mail.code) \(mail.text)",
                    ar: "رُفض المرسِل \(from): \(mail.code) \(mail.text)",
                    errorText: "smtplib.SMTPSenderRefused: \(mail.pythonStyle)")
                return
            }
            let recipient = context.recipient ?? from
            let rcpt = try await connection.command("RCPT TO:<\(recipient)>")
            guard rcpt.code == 250 || rcpt.code == 251 else {
                report(
                    "rcpt-to", .problem, en: "recipient \(recipient) refused: \(rcpt.code) \(rcpt.text)",
                    ar: "رُفض المستلم \(recipient): \(rcpt.code) \(rcpt.text)",
                    errorText: "smtplib.SMTPRecipientsRefused: {'\(recipient)': \(rcpt.pythonStyle)}")
                return
            }
            facts[ProbeFacts.odooTestConnectionOk] = "yes"
            report(
                "send-test", .ok, en: "sender and recipient accepted (stopped before DATA: nothing was sent)",
                ar: "قُبل المرسِل والمستلم (توقف الفحص قبل DATA: لم تُرسل أي رسالة)")
            _ = try? await connection.command("RSET")
        }

        mutating func failed(_ error: Error, connection: SMTPConnection) {
            if let smtp = error as? SMTPProtocolError {
                switch smtp {
                case .timedOut:
                    facts[ProbeFacts.errorKind] =
                        facts[ProbeFacts.networkSmtpReachable] == nil ? "timed-out" : "connection-closed"
                    report(
                        "reply", .problem, en: "the server stopped answering (no reply within the timeout)",
                        ar: "توقف الخادم عن الرد (لا رد خلال المهلة)",
                        errorText: "smtplib.SMTPServerDisconnected: Connection unexpectedly closed: timed out")
                case .closed:
                    facts[ProbeFacts.errorKind] = "connection-closed"
                    report(
                        "reply", .problem, en: "the server closed the connection",
                        ar: "أغلق الخادم الاتصال",
                        errorText: "smtplib.SMTPServerDisconnected: Connection unexpectedly closed")
                case .lineTooLong, .replyTooLong, .malformed:
                    report(
                        "reply", .problem, en: "the server does not speak SMTP properly: \(smtp)",
                        ar: "الخادم لا يتكلم SMTP بشكل سليم: \(smtp)")
                case .tls(let why):
                    report("tls", .problem, en: "TLS failed: \(why)", ar: "فشل TLS: \(why)")
                }
                return
            }
            let tls = TLSFailure.classify(error)
            facts[ProbeFacts.errorKind] = tls.errorKind
            report("tls", .problem, en: tls.english, ar: tls.arabic, errorText: tls.pythonText)
        }

        mutating func finish() {
            guard !outcomes.isEmpty else { return }
            outcomes[outcomes.count - 1].facts = facts
            outcomes[outcomes.count - 1].evidence = transcript
            guard let secret else { return }
            let user = self.user
            func clean(_ text: String) -> String { secret.mask(text, user: user) }
            for index in outcomes.indices {
                outcomes[index].message = LocalizedText(
                    en: clean(outcomes[index].message.en),
                    ar: clean(outcomes[index].message.ar))
                outcomes[index].errorText = outcomes[index].errorText.map(clean)
                outcomes[index].evidence = outcomes[index].evidence.map(clean)
                outcomes[index].facts = outcomes[index].facts.mapValues(clean)
            }
        }
    }
}

/// A TLS failure in words and in the text Python's ssl module would have shown Odoo.
struct TLSFailure {
    var errorKind: String
    var english: String
    var arabic: String
    var pythonText: String

    static func classify(_ error: Error) -> TLSFailure {
        let text = String(describing: error)
        if text.contains("WRONG_VERSION_NUMBER") || text.contains("PACKET_LENGTH_TOO_LONG")
            || text.contains("HTTP_REQUEST")
        {
            return TLSFailure(
                errorKind: "ssl-wrong-version",
                english: "the port does not speak TLS from the first byte (WRONG_VERSION_NUMBER)",
                arabic: "المنفذ لا يبدأ بـ TLS من أول بايت (WRONG_VERSION_NUMBER)",
                pythonText: "ssl.SSLError: [SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1129)")
        }
        if text.contains("closed") || text.contains("EOF") || text.contains("reset") || text.contains("uncleanShutdown")
        {
            return TLSFailure(
                errorKind: "ssl-error", english: "the connection was cut during the TLS handshake",
                arabic: "انقطع الاتصال أثناء مصافحة TLS",
                pythonText: "ssl.SSLEOFError: EOF occurred in violation of protocol (_ssl.c:1129)")
        }
        return TLSFailure(
            errorKind: "ssl-error", english: "TLS failed: \(text.prefix(120))",
            arabic: "فشل TLS: \(text.prefix(120))", pythonText: "ssl.SSLError: \(text.prefix(200))")
    }
}

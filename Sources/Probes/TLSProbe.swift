import Foundation
import KnowledgeBase

/// The TLS side of the configured port: does it speak TLS from the first byte (465) or after
/// STARTTLS (587/25), which protocol version, and what the certificate says. It also tries the
/// other mode, because the most common mistake is the wrong one: SSL/TLS on a STARTTLS port
/// (WRONG_VERSION_NUMBER) or STARTTLS/none on an SSL port (no banner, then a timeout).
package struct TLSProbe: Probe {
    package let name = ProbeName.tls

    package init() {}

    package func applies(to context: ProbeContext) -> Bool { context.host != nil }

    package func run(_ context: ProbeContext) async -> [ProbeOutcome] {
        guard let host = context.host else { return [] }
        if let refusal = await context.refusal(for: host) {
            return [.notProbed(name, check: host, refusal: refusal)]
        }
        let port = context.effectivePort
        let clock = ContinuousClock()
        let start = clock.now
        async let implicitTry = tryImplicit(host: host, port: port, context: context)
        async let startTLSTry = tryStartTLS(host: host, port: port, context: context)
        let (implicit, starttls) = await (implicitTry, startTLSTry)
        let seconds = (clock.now - start).seconds

        var facts: [String: String] = [:]
        var outcomes: [ProbeOutcome] = []
        let speaks: String? = implicit.ok ? "ssl" : (starttls.ok ? "starttls" : nil)
        let configured = context.encryption ?? "none"
        if let speaks, speaks != configured {
            facts[ProbeFacts.tlsModeMismatch] = "yes"
            let (en, ar) = Self.mismatchText(port: port, speaks: speaks, configured: configured)
            outcomes.append(
                ProbeOutcome(
                    probe: name, check: "mode", status: .problem,
                    message: LocalizedText(en: en, ar: ar), seconds: seconds))
            if configured == "ssl" { facts[ProbeFacts.errorKind] = "ssl-wrong-version" }
        } else if speaks != nil {
            facts[ProbeFacts.tlsModeMismatch] = "no"
            outcomes.append(
                ProbeOutcome(
                    probe: name, check: "mode", status: .ok,
                    message: LocalizedText(
                        en:
                            "port \(port) speaks \(speaks == "ssl" ? "SSL/TLS" : "TLS (STARTTLS)"), as configured (\(implicit.version ?? starttls.version ?? "TLS"))",
                        ar:
                            "المنفذ \(port) يتكلم \(speaks == "ssl" ? "SSL/TLS" : "TLS (STARTTLS)") كما هو مضبوط (\(implicit.version ?? starttls.version ?? "TLS"))"
                    ),
                    seconds: seconds))
        } else {
            outcomes.append(
                ProbeOutcome(
                    probe: name, check: "mode", status: configured == "none" ? .unknown : .problem,
                    message: LocalizedText(
                        en: "no TLS on port \(port): \(implicit.failure ?? "-"); STARTTLS: \(starttls.failure ?? "-")",
                        ar:
                            "لا يوجد TLS على المنفذ \(port): \(implicit.failure ?? "-")؛ STARTTLS: \(starttls.failure ?? "-")"
                    ),
                    errorText: configured == "ssl" ? implicit.pythonText : nil, seconds: seconds))
            if configured == "ssl", let kind = implicit.errorKind { facts[ProbeFacts.errorKind] = kind }
        }
        if let certificate = implicit.certificate ?? starttls.certificate {
            facts[ProbeFacts.tlsCertificateOk] = certificate.problems.isEmpty ? "yes" : "no"
            if let kind = certificate.errorKind { facts[ProbeFacts.errorKind] = facts[ProbeFacts.errorKind] ?? kind }
            let days = Int(certificate.notAfter.timeIntervalSinceNow / 86_400)
            let status: ProbeOutcome.Status = certificate.problems.isEmpty ? (days < 14 ? .unknown : .ok) : .problem
            let problems = certificate.problems.map(\.rawValue).joined(separator: ", ")
            let problemsArabic = certificate.problems.map(\.arabic).joined(separator: "، ")
            outcomes.append(
                ProbeOutcome(
                    probe: name, check: "certificate", status: status,
                    message: LocalizedText(
                        en: certificate.problems.isEmpty
                            ? "certificate valid for \(days) more days" : "certificate problem: \(problems)",
                        ar: certificate.problems.isEmpty
                            ? "الشهادة صالحة لمدة \(days) يوماً أخرى" : "مشكلة في الشهادة: \(problemsArabic)"),
                    evidence: certificate.evidence, seconds: seconds))
        }
        if !outcomes.isEmpty { outcomes[0].facts = facts }
        return outcomes
    }

    static func mismatchText(port: Int, speaks: String, configured: String) -> (String, String) {
        let speaksName = speaks == "ssl" ? "SSL/TLS" : "TLS (STARTTLS)"
        let configuredName = ["ssl": "SSL/TLS", "starttls": "TLS (STARTTLS)"][configured] ?? "None"
        return (
            "port \(port) speaks \(speaksName) but Odoo is set to \(configuredName)",
            "المنفذ \(port) يتكلم \(speaksName) لكن Odoo مضبوط على \(configuredName)"
        )
    }

    struct Attempt: Sendable {
        var ok = false
        var version: String?
        var certificate: CertificateReport?
        var failure: String?
        var errorKind: String?
        var pythonText: String?
    }

    func tryImplicit(host: String, port: Int, context: ProbeContext) async -> Attempt {
        var attempt = Attempt()
        let opened = await SMTPConnection.open(
            host: host, port: port, implicitTLS: true,
            timeouts: context.timeouts, secret: nil, policy: context.policy,
            resolver: context.resolver)
        guard case .success(let connection) = opened else {
            attempt.failure = "connect failed"
            return attempt
        }
        do {
            try await connection.awaitImplicitHandshake()
            attempt.ok = true
            attempt.version = connection.tlsVersion
            attempt.certificate = await CertificateInspector.inspect(
                chain: connection.peerChain, host: host,
                caFile: context.caFile)
        } catch {
            let failure = TLSFailure.classify(error)
            attempt.failure = failure.english
            attempt.errorKind = failure.errorKind
            attempt.pythonText = failure.pythonText
        }
        await connection.close()
        return attempt
    }

    func tryStartTLS(host: String, port: Int, context: ProbeContext) async -> Attempt {
        var attempt = Attempt()
        let opened = await SMTPConnection.open(
            host: host, port: port, implicitTLS: false,
            timeouts: context.timeouts, secret: nil, policy: context.policy,
            resolver: context.resolver)
        guard case .success(let connection) = opened else {
            attempt.failure = "connect failed"
            return attempt
        }
        do {
            let banner = try await connection.readReply()
            guard banner.code == 220 else { throw SMTPProtocolError.malformed("banner \(banner.code)") }
            let ehlo = try await connection.command("EHLO \(SMTPProbe.clientName)")
            guard ehlo.lines.contains(where: { $0.uppercased().hasPrefix("STARTTLS") }) else {
                attempt.failure = "no STARTTLS offered"
                _ = try? await connection.command("QUIT")
                await connection.close()
                return attempt
            }
            let ready = try await connection.command("STARTTLS")
            guard ready.code == 220 else { throw SMTPProtocolError.malformed("STARTTLS \(ready.code)") }
            try await connection.startTLS()
            attempt.ok = true
            attempt.version = connection.tlsVersion
            attempt.certificate = await CertificateInspector.inspect(
                chain: connection.peerChain, host: host,
                caFile: context.caFile)
            _ = try? await connection.command("QUIT")
        } catch SMTPProtocolError.timedOut {
            attempt.failure = "no banner (the port may expect TLS first)"
        } catch {
            attempt.failure = "\(error)".prefix(100).description
        }
        await connection.close()
        return attempt
    }
}

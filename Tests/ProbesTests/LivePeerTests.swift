import Foundation
import Inference
import KnowledgeBase
import RuleLoader
import Testing

@testable import Probes

/// The probes against real servers on loopback, and what the engine concludes from them.
@Suite struct LivePeerTests {
    static let knowledge = RuleLoader.load(
        directory: Peers.root.appendingPathComponent("rules").path, lint: false
    ).knowledge
    static let engine = Engine(knowledge: knowledge)

    /// The top cause once `outcomes` are measured into a case, as diagnose does. Every fact a
    /// probe reports must be one `ProbeFacts` names, with a value the rules allow: the case
    /// would otherwise drop it without a word.
    static func diagnose(_ outcomes: [ProbeOutcome], provider: String? = nil) -> String? {
        var conversation = Conversation(engine: engine)
        if let provider { try? conversation.handle(.given(fact: "provider", value: provider, origin: .user)) }
        let normalizer = AnswerNormalizer(knowledge: knowledge)
        for (fact, value) in facts(outcomes) {
            #expect(ProbeFacts.all.contains(fact), "a probe reported '\(fact)', which ProbeFacts does not name")
            if case .failure(let problem) = normalizer.normalize(fact: fact, value: value) {
                Issue.record("a probe reported \(fact) = \(value): \(problem)")
            }
        }
        try? conversation.handle(.measured(.init(facts: facts(outcomes), replies: outcomes.compactMap(\.errorText))))
        return conversation.next().beliefs.top?.cause
    }

    static func facts(_ outcomes: [ProbeOutcome]) -> [String: String] {
        outcomes.reduce(into: [:]) { $0.merge($1.facts) { _, new in new } }
    }

    @Test func thePeersAreRunning() {
        #expect(Peers.manifest != nil, "start them with scripts/peers.sh start (scripts/test.sh does)")
    }

    @Test func starttlsLoginAndASendTestThatStopsBeforeData() async throws {
        let context = try #require(Peers.context("starttls"))
        let outcomes = await SMTPProbe().run(context)
        #expect(outcomes.allSatisfy { $0.status == .ok }, "\(outcomes.map(\.message.en))")
        let facts = Self.facts(outcomes)
        #expect(facts["odoo.test-connection-ok"] == "yes")
        #expect(facts["smtp.starttls-offered"] == "yes")
        #expect(facts["smtp.auth-offered"] == "yes")
        let transcript = outcomes.flatMap(\.evidence).joined(separator: "\n")
        #expect(transcript.contains("C: STARTTLS"))
        #expect(transcript.contains("C: AUTH PLAIN ••••••"))
        #expect(transcript.contains("C: QUIT"))
        #expect(!transcript.contains("DATA"))
        #expect(!transcript.contains(try #require(Peers.manifest).password))
    }

    @Test func implicitTLSWithATrustedCertificate() async throws {
        let context = try #require(Peers.context("implicit_tls"))
        let smtp = await SMTPProbe().run(context)
        #expect(Self.facts(smtp)["odoo.test-connection-ok"] == "yes")
        let tls = await TLSProbe().run(context)
        let facts = Self.facts(tls)
        #expect(facts["tls.mode-mismatch"] == "no")
        #expect(facts["tls.certificate-ok"] == "yes")
        #expect(tls.contains { $0.message.en.contains("TLS 1.") })
    }

    @Test(arguments: [
        ("gmail_534", "app-password-required", "gmail"),
        ("gmail_535", "app-password-required", "gmail"),
        ("ms_535_5_7_139", "basic-auth-disabled", "microsoft-365"),
        ("sender_553", "sender-not-authorized", "other"),
    ])
    func providerStyleRefusalsAreDiagnosed(_ peer: String, _ cause: String, _ provider: String) async throws {
        let context = try #require(Peers.context(peer, encryption: "none"))
        let outcomes = await SMTPProbe().run(context)
        #expect(outcomes.contains { $0.status == .problem })
        let text = outcomes.compactMap(\.errorText).joined()
        #expect(!text.isEmpty)
        var answers = provider == "gmail" ? ["account.two-factor": "yes", "account.app-password": "no"] : [:]
        answers["provider"] = provider
        var session = Case(errorText: text)
        for (fact, value) in answers { session.answer(fact, value) }
        #expect(Self.engine.evaluate(session).beliefs.top?.cause == cause, "\(text)")
    }

    @Test func starttlsRequiredButNotConfigured() async throws {
        let context = try #require(Peers.context("starttls_required", encryption: "none"))
        let outcomes = await SMTPProbe().run(context)
        #expect(Self.facts(outcomes)["error.kind"] == "auth-not-supported")
        #expect(Self.facts(outcomes)["smtp.starttls-offered"] == "yes")
    }

    @Test func theSizeLimitIsRead() async throws {
        let context = try #require(Peers.context("size_limit", depth: .safe, encryption: "none"))
        let outcomes = await SMTPProbe().run(context)
        #expect(Self.facts(outcomes)["smtp.size-limit-mb"] == "1.0")
    }

    @Test func sslConfiguredOnAPlainPortIsAModeMismatch() async throws {
        let context = try #require(Peers.context("plain_on_ssl"))
        let smtp = await SMTPProbe().run(context)
        #expect(Self.facts(smtp)["error.kind"] == "ssl-wrong-version")
        let tls = await TLSProbe().run(context)
        #expect(Self.facts(tls)["tls.mode-mismatch"] == "yes")
        #expect(Self.diagnose(smtp + tls) == "encryption-mismatch")
    }

    @Test func starttlsConfiguredOnAnSSLPortIsAModeMismatch() async throws {
        let context = try #require(Peers.context("implicit_tls", encryption: "starttls"))
        let tls = await TLSProbe().run(context)
        #expect(Self.facts(tls)["tls.mode-mismatch"] == "yes")
        #expect(tls.first?.message.en.contains("speaks SSL/TLS") == true)
    }

    @Test(arguments: [
        ("expired_cert", "certificate-expired"), ("self_signed", "certificate-untrusted"),
        ("wrong_host", "certificate-hostname-mismatch"),
    ])
    func badCertificatesAreClassified(_ peer: String, _ kind: String) async throws {
        let context = try #require(Peers.context(peer))
        let tls = await TLSProbe().run(context)
        let facts = Self.facts(tls)
        #expect(facts["tls.certificate-ok"] == "no")
        #expect(facts["error.kind"] == kind)
        // No password goes over a connection whose certificate is in doubt.
        let smtp = await SMTPProbe().run(context)
        #expect(!smtp.flatMap(\.evidence).contains { $0.hasPrefix("C: AUTH") })
    }

    @Test func aRefusedPortAndAnExpiredCertificateLeadTheEngine() async throws {
        let manifest = try #require(Peers.manifest)
        let context = ProbeContext(host: "127.0.0.1", port: manifest.closed_port, encryption: "starttls")
        let outcomes = await TCPProbe().run(context)
        #expect(Self.facts(outcomes)["error.kind"] == "connection-refused")
    }

    @Test func aSilentServerEndsWithinTheReadTimeout() async throws {
        let context = try #require(
            Peers.context(
                "no_banner", depth: .safe,
                timeouts: .init(connect: .seconds(2), read: .seconds(1), overall: .seconds(5))))
        let clock = ContinuousClock()
        let start = clock.now
        let outcomes = await SMTPProbe().run(context)
        let elapsed = (clock.now - start).seconds
        #expect(elapsed < 2.5, "took \(elapsed) s")
        #expect(Self.facts(outcomes)["error.kind"] == "timed-out")
    }

    @Test func aBlackHoledPortTimesOutAndTheSweepTakesOneTimeoutNotTheSum() async throws {
        let hole = try #require(Peers.blackhole, "the black-hole namespace needs root and iproute2")
        let context = ProbeContext(
            host: hole.host, port: hole.port, encryption: "starttls",
            timeouts: .init(connect: .seconds(1), read: .seconds(1), overall: .seconds(10)))
        let clock = ContinuousClock()
        let start = clock.now
        let outcomes = await TCPProbe().run(context)
        let elapsed = (clock.now - start).seconds
        // Six ports (25, 465, 587, 2525, 443 ...) all black-holed: about one timeout in all.
        #expect(elapsed < 2.0, "sweep took \(elapsed) s")
        #expect(Self.facts(outcomes)["error.kind"] == "timed-out")
        #expect(outcomes.contains { $0.message.en.contains("timed out") })
    }

    @Test func theRunnerCutsAProbeOffAtTheOverallTimeout() async throws {
        let hole = try #require(Peers.blackhole)
        let context = ProbeContext(
            host: hole.host, port: hole.port, encryption: "starttls",
            timeouts: .init(connect: .seconds(5), read: .seconds(5), overall: .seconds(1)))
        let clock = ContinuousClock()
        let start = clock.now
        let outcomes = await ProbeRunner().run(context, names: [.tcp, .smtp])
        let elapsed = (clock.now - start).seconds
        #expect(elapsed < 1.8, "took \(elapsed) s")
        #expect(outcomes.contains { $0.check == "timeout" })
    }

    @Test(arguments: ["huge_line", "endless_continuation", "invalid_utf8", "tls_garbage", "reset_mid_tls"])
    func hostilePeersEndWithAClassifiedResult(_ peer: String) async throws {
        let context = try #require(
            Peers.context(
                peer, depth: .safe,
                timeouts: .init(connect: .seconds(2), read: .seconds(2), overall: .seconds(6))))
        let clock = ContinuousClock()
        let start = clock.now
        let outcomes = await ProbeRunner().run(context, names: [.smtp, .tls])
        let elapsed = (clock.now - start).seconds
        #expect(elapsed < 6.5, "\(peer) took \(elapsed) s")
        #expect(!outcomes.isEmpty)
        if peer != "invalid_utf8" {
            #expect(outcomes.contains { $0.status != .ok }, "\(peer): \(outcomes.map(\.message.en))")
        }
    }

    @Test func noProbeEverSentData() throws {
        let manifest = try #require(Peers.manifest)
        let log = (try? String(contentsOfFile: manifest.data_log, encoding: .utf8)) ?? ""
        #expect(log.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "DATA reached a peer: \(log.prefix(200))")
    }
}

@Suite struct DNSProbeTests {
    static func context(
        _ domain: String, include: String? = "_spf.google.com",
        selectors: [String] = ["google"]
    ) -> ProbeContext? {
        guard let dns = Peers.manifest?.dns else { return nil }
        return ProbeContext(
            from: "odoo@\(domain)", dnsServer: (dns.server, dns.port), dkimSelectors: selectors,
            spfInclude: include, timeouts: .init(connect: .seconds(2), read: .seconds(2), overall: .seconds(8)))
    }

    static func facts(
        _ domain: String, include: String? = "_spf.google.com"
    ) async throws -> ([String: String], [ProbeOutcome]) {
        let context = try #require(Self.context(domain, include: include))
        let outcomes = await DNSProbe().run(context)
        return (LivePeerTests.facts(outcomes), outcomes)
    }

    @Test func aGoodDomainPassesSPFDKIMAndDMARC() async throws {
        let (facts, _) = try await Self.facts("good.test")
        #expect(facts["dns.spf-ok"] == "yes")
        #expect(facts["dns.dkim-ok"] == "yes")
        #expect(facts["dns.dmarc-present"] == "yes")
        #expect(facts["dns.dmarc-policy"] == "reject")
    }

    @Test func spfWithoutTheProvidersInclude() async throws {
        let (facts, outcomes) = try await Self.facts("noinclude.test")
        #expect(facts["dns.spf-ok"] == "no")
        #expect(outcomes.contains { $0.message.en.contains("does not include _spf.google.com") })
        #expect(facts["dns.dmarc-policy"] == "none")
    }

    @Test func missingSPF() async throws {
        let (facts, outcomes) = try await Self.facts("nospf.test")
        #expect(facts["dns.spf-ok"] == "no")
        #expect(outcomes.contains { $0.message.en.contains("no SPF record") })
        #expect(facts["dns.dmarc-present"] == "no")
    }

    @Test func tooManyLookups() async throws {
        let (facts, outcomes) = try await Self.facts("toomany.test", include: nil)
        #expect(facts["dns.spf-lookups-exceeded"] == "yes")
        #expect(outcomes.contains { $0.message.en.contains("12 DNS lookups") })
    }

    @Test func tooManyVoidLookups() async throws {
        let (_, outcomes) = try await Self.facts("voids.test", include: nil)
        #expect(outcomes.contains { $0.message.en.contains("3 void lookups") })
    }

    @Test func twoSPFRecordsAndPlusAll() async throws {
        let (_, multi) = try await Self.facts("multi.test", include: nil)
        #expect(multi.contains { $0.message.en.contains("2 SPF records") })
        let (plusFacts, plus) = try await Self.facts("plusall.test", include: nil)
        #expect(plusFacts["dns.spf-ok"] == "no")
        #expect(plus.contains { $0.message.en.contains("+all") })
    }

    @Test func missingDKIM() async throws {
        let (facts, _) = try await Self.facts("nodkim.test")
        #expect(facts["dns.dkim-ok"] == "no")
        #expect(facts["dns.dmarc-policy"] == "quarantine")
    }

    @Test func anUnresolvableHost() async throws {
        guard let dns = Peers.manifest?.dns else {
            Issue.record("peers not running")
            return
        }
        let context = ProbeContext(host: "smtp.nonexistent.test", dnsServer: (dns.server, dns.port))
        let outcomes = await DNSProbe().run(context)
        #expect(LivePeerTests.facts(outcomes)["dns.host-resolves"] == "no")
        #expect(LivePeerTests.diagnose(outcomes) == "smtp-host-unresolvable")
    }

    @Test func aMissingSPFAndSpamLeadToTheDNSCause() async throws {
        let (_, outcomes) = try await Self.facts("noinclude.test")
        var session = Case()
        session.answer("symptom", "emails-in-spam")
        for outcome in outcomes { for (fact, value) in outcome.facts { session.answer(fact, value, origin: .probe) } }
        #expect(LivePeerTests.engine.evaluate(session).beliefs.top?.cause == "dns-auth-records-missing")
    }
}

@Suite struct ClockAndOdooProbeTests {
    @Test func anSNTPServerWithTheRightTime() async throws {
        let port = try #require(Peers.manifest?.sntp["ok"]?.port)
        let outcomes = await ClockProbe().run(ProbeContext(timeServer: "127.0.0.1:\(port)"))
        #expect(LivePeerTests.facts(outcomes)["server.clock-correct"] == "yes")
    }

    @Test func anSNTPServerAnHourAhead() async throws {
        let port = try #require(Peers.manifest?.sntp["skewed"]?.port)
        let outcomes = await ClockProbe().run(ProbeContext(timeServer: "127.0.0.1:\(port)"))
        let facts = LivePeerTests.facts(outcomes)
        #expect(facts["server.clock-correct"] == "no")
        let offset = try #require(facts["clock.offset-seconds"].flatMap(Double.init))
        #expect(abs(offset - 3600) < 5)
    }

    @Test func anHTTPDateHeader() async throws {
        let url = try #require(Peers.manifest?.http_date.url)
        let outcomes = await ClockProbe().run(ProbeContext(timeServer: url))
        #expect(LivePeerTests.facts(outcomes)["server.clock-correct"] == "yes")
    }

    /// Uses the stand-in for Odoo (Tests/Peers/README.md), the one peer that is not the real
    /// thing: it answers `/jsonrpc` common.version, authenticate and execute_kw search_read with
    /// the shapes Odoo 17 returns.
    @Test func odooVersionServersFailedMailsAndQueue() async throws {
        let odoo = try #require(Peers.manifest?.odoo)
        let context = ProbeContext(
            odooURL: odoo.url, odooDatabase: odoo.db, odooLogin: odoo.login,
            odooKey: Secret(odoo.api_key))
        let outcomes = await OdooServerProbe().run(context)
        let facts = LivePeerTests.facts(outcomes)
        #expect(facts["odoo.version"] == "17.0")
        #expect(facts["odoo.mail-server-configured"] == "yes")
        #expect(facts["smtp.port"] == "465")
        #expect(facts["smtp.encryption"] == "starttls")
        #expect(facts["queue.cron-active"] == "yes")
        let reasons = outcomes.compactMap(\.errorText).joined()
        #expect(reasons.contains("5.7.9"))
        #expect(!outcomes.flatMap(\.evidence).joined().contains(odoo.api_key))
    }

    /// Odoo 19 over HTTPS: the JSON-2 API with the API key as bearer token (XML-RPC is off on
    /// this stand-in, as it will be from Odoo 22).
    @Test func odoo19OverHTTPSThroughJSON2() async throws {
        let manifest = try #require(Peers.manifest)
        let odoo = manifest.odoo19
        #expect(odoo.url.hasPrefix("https://"))
        let context = ProbeContext(
            odooURL: odoo.url, odooDatabase: odoo.db, odooLogin: odoo.login,
            odooKey: Secret(odoo.api_key), caFile: manifest.ca_file)
        let outcomes = await OdooServerProbe().run(context)
        let facts = LivePeerTests.facts(outcomes)
        #expect(facts["odoo.version"] == "19.0", "\(outcomes.map(\.message.en))")
        #expect(facts["odoo.mail-server-configured"] == "yes")
        #expect(facts["queue.cron-active"] == "yes")
        #expect(outcomes.compactMap(\.errorText).joined().contains("5.7.9"))
        let bad = await OdooServerProbe().run(
            ProbeContext(
                odooURL: odoo.url, odooDatabase: odoo.db, odooLogin: odoo.login,
                odooKey: Secret("wrong"), caFile: manifest.ca_file))
        #expect(bad.contains { $0.check == "login" && $0.status == .problem })
        // Without the test CA the certificate is not trusted, and the probe says so.
        let untrusted = await OdooServerProbe().run(ProbeContext(odooURL: odoo.url))
        #expect(untrusted.first?.status == .unknown)
        #expect(untrusted.first?.message.en.contains("TLS") == true, "\(untrusted.first?.message.en ?? "")")
    }

    @Test func odooRefusesABadKey() async throws {
        let odoo = try #require(Peers.manifest?.odoo)
        let context = ProbeContext(
            odooURL: odoo.url, odooDatabase: odoo.db, odooLogin: odoo.login,
            odooKey: Secret("wrong"))
        let outcomes = await OdooServerProbe().run(context)
        #expect(outcomes.contains { $0.check == "login" && $0.status == .problem })
    }
}

@Suite struct TargetPolicyTests {
    @Test(arguments: [
        "127.0.0.1", "10.1.2.3", "172.20.0.1", "192.168.1.1", "169.254.1.1", "100.64.0.1",
        "::1", "fd00::1", "fe80::1", "::ffff:192.168.0.1", "0.0.0.0",
    ])
    func privateAddressesAreRecognised(_ address: String) {
        #expect(TargetPolicy.isPrivate(address))
    }

    @Test(arguments: ["8.8.8.8", "142.250.1.1", "2a00:1450::1", "172.32.0.1"])
    func publicAddressesAreNot(_ address: String) {
        #expect(!TargetPolicy.isPrivate(address))
    }

    @Test func loopbackTargetsAreRefusedUnlessAllowed() async {
        #expect(await ProbeContext(policy: TargetPolicy(allowPrivate: false)).refusal(for: "localhost") != nil)
        #expect(await ProbeContext(policy: TargetPolicy(allowPrivate: true)).refusal(for: "localhost") == nil)
    }
}

@Suite struct SecretTests {
    @Test func aSecretNeverPrintsItself() {
        let secret = Secret("hunter2")
        #expect("\(secret)" == "••••••")
        #expect(String(reflecting: secret) == "Secret(••••••)")
        #expect(secret.mask("AUTH hunter2 ok") == "AUTH •••••• ok")
    }
}

/// Every fact a probe reads from the case or reports into it, by its name in `rules/facts`.
/// Probes name facts only through these, so one test can check that the rules define them
/// all (a renamed fact would otherwise be dropped without a word: the case ignores facts
/// the rules do not know).
package enum ProbeFacts {
    package static let clockOffsetSeconds = "clock.offset-seconds"
    package static let dnsDkimOk = "dns.dkim-ok"
    package static let dnsDmarcPolicy = "dns.dmarc-policy"
    package static let dnsDmarcPresent = "dns.dmarc-present"
    package static let dnsHostResolves = "dns.host-resolves"
    package static let dnsMxCname = "dns.mx-cname"
    package static let dnsSpfResult = "dns.spf-result"
    package static let dnsSpfLookupsExceeded = "dns.spf-lookups-exceeded"
    package static let dnsSpfOk = "dns.spf-ok"
    package static let encryption = "smtp.encryption"
    package static let errorKind = "error.kind"
    package static let from = "mail.from"
    package static let host = "smtp.host"
    package static let networkHttpsReachable = "network.https-reachable"
    package static let networkOtherSmtpPortsOpen = "network.other-smtp-ports-open"
    package static let networkSmtpReachable = "network.smtp-reachable"
    package static let odooHosting = "odoo.hosting"
    package static let odooMailServerConfigured = "odoo.mail-server-configured"
    package static let odooTestConnectionOk = "odoo.test-connection-ok"
    package static let odooVersion = "odoo.version"
    package static let port = "smtp.port"
    package static let queueCronActive = "queue.cron-active"
    package static let serverClockCorrect = "server.clock-correct"
    package static let smtpAuthOffered = "smtp.auth-offered"
    package static let smtpAuthentication = "smtp.authentication"
    package static let smtpSizeLimitMb = "smtp.size-limit-mb"
    package static let smtpStarttlsOffered = "smtp.starttls-offered"
    package static let tlsCertificateOk = "tls.certificate-ok"
    package static let tlsModeMismatch = "tls.mode-mismatch"
    package static let user = "smtp.user"
    package static let sendingIP = "mail.sending-ip"
    package static let ipBlocklisted = "ip.blocklisted"
    package static let ipReverseDNS = "ip.reverse-dns"

    /// All of them, for the test.
    package static let all: [String] = [
        clockOffsetSeconds, dnsDkimOk, dnsDmarcPolicy, dnsDmarcPresent, dnsHostResolves, dnsMxCname, dnsSpfResult,
        dnsSpfLookupsExceeded,
        dnsSpfOk, encryption, errorKind, from, host, networkHttpsReachable, networkOtherSmtpPortsOpen,
        networkSmtpReachable, odooHosting, odooMailServerConfigured, odooTestConnectionOk, odooVersion, port,
        queueCronActive, serverClockCorrect, smtpAuthOffered, smtpAuthentication, smtpSizeLimitMb, smtpStarttlsOffered,
        tlsCertificateOk, tlsModeMismatch, user, sendingIP, ipBlocklisted, ipReverseDNS,
    ]
}

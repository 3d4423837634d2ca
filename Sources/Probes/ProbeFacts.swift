/// Every fact a probe reads from the case or reports into it, by its name in `rules/facts`.
/// Probes name facts only through these, so one test can check that the rules define them
/// all (a renamed fact would otherwise be dropped without a word: the case ignores facts
/// the rules do not know).
public enum ProbeFacts {
    public static let clockOffsetSeconds = "clock.offset-seconds"
    public static let dnsDkimOk = "dns.dkim-ok"
    public static let dnsDmarcPolicy = "dns.dmarc-policy"
    public static let dnsDmarcPresent = "dns.dmarc-present"
    public static let dnsHostResolves = "dns.host-resolves"
    public static let dnsSpfLookupsExceeded = "dns.spf-lookups-exceeded"
    public static let dnsSpfOk = "dns.spf-ok"
    public static let encryption = "smtp.encryption"
    public static let errorKind = "error.kind"
    public static let from = "mail.from"
    public static let host = "smtp.host"
    public static let networkHttpsReachable = "network.https-reachable"
    public static let networkOtherSmtpPortsOpen = "network.other-smtp-ports-open"
    public static let networkSmtpReachable = "network.smtp-reachable"
    public static let odooHosting = "odoo.hosting"
    public static let odooMailServerConfigured = "odoo.mail-server-configured"
    public static let odooTestConnectionOk = "odoo.test-connection-ok"
    public static let odooVersion = "odoo.version"
    public static let port = "smtp.port"
    public static let queueCronActive = "queue.cron-active"
    public static let serverClockCorrect = "server.clock-correct"
    public static let smtpAuthOffered = "smtp.auth-offered"
    public static let smtpAuthentication = "smtp.authentication"
    public static let smtpSizeLimitMb = "smtp.size-limit-mb"
    public static let smtpStarttlsOffered = "smtp.starttls-offered"
    public static let tlsCertificateOk = "tls.certificate-ok"
    public static let tlsModeMismatch = "tls.mode-mismatch"
    public static let user = "smtp.user"

    /// All of them, for the test.
    public static let all: [String] = [
        clockOffsetSeconds, dnsDkimOk, dnsDmarcPolicy, dnsDmarcPresent, dnsHostResolves, dnsSpfLookupsExceeded, dnsSpfOk, encryption, errorKind, from, host, networkHttpsReachable, networkOtherSmtpPortsOpen, networkSmtpReachable, odooHosting, odooMailServerConfigured, odooTestConnectionOk, odooVersion, port, queueCronActive, serverClockCorrect, smtpAuthOffered, smtpAuthentication, smtpSizeLimitMb, smtpStarttlsOffered, tlsCertificateOk, tlsModeMismatch, user,
    ]
}

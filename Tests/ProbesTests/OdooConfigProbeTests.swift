import Testing

@testable import Probes

@Suite struct OdooConfigProbeTests {
    let probe = OdooConfigProbe()

    @Test func smtpSslMeansStartTLSAndThePasswordIsNoFact() throws {
        let text = """
            [options]
            ; written by Odoo
            smtp_server = smtp.office365.com
            smtp_port = 587
            smtp_ssl = True
            smtp_user = erp@example.com
            smtp_password = hunter2
            email_from = erp@example.com
            """
        let settings = try probe.parse(text, path: "odoo.conf").get()
        #expect(settings.facts["smtp.encryption"] == "starttls")
        #expect(settings.facts["smtp.port"] == "587")
        #expect(settings.facts["smtp.host"] == "smtp.office365.com")
        #expect(settings.facts["mail.from"] == "erp@example.com")
        #expect(settings.password == "hunter2")
        #expect(!settings.facts.values.contains("hunter2"))
        #expect(settings.options["smtp_password"] == nil)
    }

    @Test func odooDefaultsAreLocalhostPort25WithoutEncryption() throws {
        let settings = try probe.parse(
            "[options]\nsmtp_server = False\nsmtp_user = False\n",
            path: "odoo.conf"
        ).get()
        #expect(settings.facts["smtp.host"] == "localhost")
        #expect(settings.facts["smtp.port"] == "25")
        #expect(settings.facts["smtp.encryption"] == "none")
        #expect(settings.facts["smtp.user"] == nil)
    }

    @Test func otherSectionsAndCommentsAreIgnored() throws {
        let text =
            "[queue_job]\nsmtp_server = wrong\n[options]\n# smtp_server = commented\nsmtp_server: mail.example.com\n"
        let settings = try probe.parse(text, path: "odoo.conf").get()
        #expect(settings.facts["smtp.host"] == "mail.example.com")
    }

    @Test func aFileWithoutOptionsIsRefused() {
        #expect(probe.parse("smtp_server = x\n", path: "x.conf") == .failure(.noOptionsSection("x.conf")))
        #expect(probe.read(path: "/nonexistent/odoo.conf") == .failure(.unreadable("/nonexistent/odoo.conf")))
    }
}

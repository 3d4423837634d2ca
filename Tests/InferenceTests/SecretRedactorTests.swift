import Testing

@testable import Inference

/// Pasted passwords never reach the chat state, a report or a log: each form people paste.
@Suite struct SecretRedactorTests {
    @Test(arguments: [
        ("[options]\nsmtp_server = smtp.gmail.com\nsmtp_password = hunter2-Secret\n", "hunter2-Secret"),
        ("smtp_password=hunter2-Secret", "hunter2-Secret"),
        ("DB_PASSWORD: \"hunter2-Secret\"", "hunter2-Secret"),
        ("{\"password\": \"hunter2-Secret\", \"user\": \"a@example.com\"}", "hunter2-Secret"),
        ("send: 'AUTH PLAIN AGFAZXhhbXBsZS5jb20AaHVudGVyMg==\\r\\n'", "AGFAZXhhbXBsZS5jb20AaHVudGVyMg=="),
        ("C: AUTH LOGIN YUBleGFtcGxlLmNvbQ==", "YUBleGFtcGxlLmNvbQ=="),
        ("S: 334 UGFzc3dvcmQ6\nC: aHVudGVyMi1TZWNyZXQ=", "aHVudGVyMi1TZWNyZXQ="),
        ("reply: b'334 UGFzc3dvcmQ6'\nsend: 'aHVudGVyMi1TZWNyZXQ=\\r\\n'", "aHVudGVyMi1TZWNyZXQ="),
        ("connecting to smtp://odoo%40example.com:hunter2-Secret@mail.example.com:587", "hunter2-Secret"),
        ("كلمة المرور: hunter2-Secret ولا تعمل", "hunter2-Secret"),
        ("app password = abcd efgh ijkl mnop", "mnop"),
        // The forms at the edges of each pattern's pre-check: a quoted key, blanks, tabs, case.
        ("\"smtp_password\" :    \"hunter2-Secret\"", "hunter2-Secret"),
        ("PASSWD=hunter2-Secret", "hunter2-Secret"),
        ("api-key: hunter2-Secret", "hunter2-Secret"),
        ("access_token=hunter2-Secret", "hunter2-Secret"),
        ("C: AUTH\tXOAUTH2 dXNlcj1hQGV4YW1wbGUuY29tAWF1dGg9QmVhcmVy", "dXNlcj1hQGV4YW1wbGUuY29tAWF1dGg9QmVhcmVy"),
        ("auth    plain AGFAZXhhbXBsZS5jb20AaHVudGVyMg==", "AGFAZXhhbXBsZS5jb20AaHVudGVyMg=="),
    ])
    func aPastedSecretIsMasked(_ text: String, _ secret: String) {
        let redacted = SecretRedactor.redact(text)
        #expect(!redacted.contains(secret), "\(redacted)")
        #expect(redacted.contains(SecretRedactor.mask))
    }

    @Test func errorsWithoutSecretsAreUntouched() {
        for text in [
            "smtplib.SMTPAuthenticationError: (535, b'5.7.8 Username and Password not accepted')",
            "Mail Delivery Failed: 534-5.7.9 Application-specific password required",
            "خطأ في المصادقة: كلمة المرور غير صحيحة",
        ] {
            #expect(SecretRedactor.redact(text) == text)
        }
    }

    @Test func theSessionNeverKeepsIt() {
        var session = Case(errorText: "smtp_password = hunter2-Secret\n(535, b'bad credentials')")
        #expect(session.errorText?.contains("hunter2-Secret") == false)
        session.errorText = "AUTH PLAIN AGFAZXhhbXBsZS5jb20AaHVudGVyMg=="
        #expect(session.errorText?.contains("AGFAZXhhbXBsZS5jb20") == false)
    }
}

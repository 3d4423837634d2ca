import Foundation
import KnowledgeBase
import Testing

@testable import Inference

/// Each layer of the reader (see `ErrorTextReader`) on the shipped rules: structure before
/// wording, the provider from the text, wrappers set aside, Arabic as typed, the back-off, and
/// "none of the known causes" when nothing fits.
@Suite struct ReaderLayerTests {
    static let engine = Engine(knowledge: ScenarioTests.knowledge)
    static var reader: ErrorTextReader { engine.reader }

    static func reading(_ text: String) -> ErrorTextReader.Reading { reader.read(text) }

    static func top(_ text: String) -> String? {
        let beliefs = engine.evaluate(Case(errorText: text)).beliefs
        guard let top = beliefs.top, top.probability > beliefs.other else { return "none" }
        return top.cause
    }

    // MARK: Replies by their structure

    @Test(
        arguments: [
            ("535 authentication error", "535", nil),
            ("(535, b'Error: authentication failed')", "535", nil),
            ("SMTP Error: 534 please log in", "534", nil),
            ("Authenticator LOGIN returned Expected response code 235 but got code \"535\"", "535", nil),
            ("responseCode: 535, command: 'AUTH PLAIN'", "535", nil),
            ("535-5.7.8 Username and Password not accepted", "535", "5.7.8"),
            ("The server response was: 5.7.0 Authentication Required", nil, "5.7.0"),
            ("\"error_message\"=>\"553 Mail from must equal authorized user\\n\"", "553", nil),
        ] as [(String, String?, String?)])
    func aReplyIsFoundWhereverItSits(_ text: String, _ code: String?, _ enhanced: String?) {
        let replies = SMTPReplyScanner(knowledge: ScenarioTests.knowledge).replies(in: BridgedText(text))
        let failing = replies.first { ($0.code ?? $0.enhanced ?? "").first != "2" }
        #expect(failing?.code == code, "\(replies)")
        #expect(failing?.enhanced == enhanced, "\(replies)")
    }

    @Test(arguments: [
        "Could not connect to SMTP host: smtp.example.com, port: 587",
        "connecting to smtp.example.com:465 failed after 500 ms",
        "PHPMailer 5.2.4 on PHP 7.4",
        "We send about 500 emails a day",
        "/usr/local/lib/ruby/2.0.0/net/smtp.rb:554:in `recv_response'",
    ])
    func numbersThatAreNotRepliesAreNotRead(_ text: String) {
        let replies = SMTPReplyScanner(knowledge: ScenarioTests.knowledge).replies(in: BridgedText(text))
        #expect(replies.isEmpty, "\(replies)")
    }

    @Test func aBareReplyLineIsAnAuthenticationFailure() {
        let reading = Self.reading("535 authentication error")
        #expect(reading.facts["error.kind"] == "auth-rejected")
        #expect(reading.origin(of: "error.kind")?.kind == .replyCode)
        #expect(Self.top("535 authentication error") == "credentials-wrong")
    }

    @Test func anEnhancedCodeSaysMoreThanItsBasicCode() {
        let reading = Self.reading("(534, b'5.7.9 Please log in with an application-specific password')")
        #expect(reading.facts["smtp.enhanced-code"] == "5.7.9")
        #expect(reading.facts["error.kind"] == "app-password-required")
    }

    @Test(arguments: [
        "552 5.7.0 Our system detected an illegal attachment on your message",
        "(552, b'5.7.0 message content rejected')",
    ])
    func anEnhancedCodeOfAnotherSubjectOutranksTheBasicCodesGuess(_ text: String) {
        // 5.7.0 names the subject, policy: 552's guess, a size, is not read.
        let reading = Self.reading(text)
        #expect(reading.facts["smtp.reply-code"] == "552", "\(reading.facts)")
        #expect(reading.facts["smtp.enhanced-code"] == "5.7.0", "\(reading.facts)")
        #expect(reading.facts["error.kind"] != "message-too-large", "\(reading.facts)")
    }

    @Test(arguments: [
        // The same subject, or none named: the basic code's guess holds.
        ("552 5.3.4 Message size exceeds fixed limit", "message-too-large"),
        ("(552, b'Requested mail action aborted: exceeded storage allocation')", "message-too-large"),
        // A transient code's guess is its class's meaning, which the enhanced code repeats.
        ("450 4.7.1 <unknown[192.0.2.4]>: Client host rejected", "temporary-failure"),
    ])
    func aBasicCodesGuessHoldsWhereNoOtherSubjectIsNamed(_ text: String, _ kind: String) {
        #expect(Self.reading(text).facts["error.kind"] == kind, "\(Self.reading(text).facts)")
    }

    // MARK: The provider from the text

    @Test(arguments: [
        ("535-5.7.8 Username and Password not accepted. a1sm1 - gsmtp", "gmail"),
        ("535 5.7.3 Authentication unsuccessful [AM0PR07CA0026.eurprd07.prod.outlook.com]", "microsoft-365"),
        ("(535, b'Error: authentication failed') while talking to smtp.qq.com", "qq-mail"),
        ("(535, b'Error: authentication failed') smtp.163.com", "netease"),
        ("535 Authentication failed smtpout.secureserver.net", "godaddy"),
        ("الايميل مش بيتبعت من اودو وجيميل بيرفض الباسورد", "gmail"),
        ("عندي حساب هوتميل شخصي والباسورد مش مقبول", "outlook-com"),
    ])
    func theProviderIsReadFromTheText(_ text: String, _ provider: String) {
        #expect(Self.reading(text).facts["provider"] == provider)
    }

    @Test func aRecipientsDomainOrARemoteReceiverIsNotTheProvider() {
        #expect(Self.reading("550 5.1.1 <client@outlook.com>: Recipient address rejected").facts["provider"] == nil)
        let bounce =
            "host gmail-smtp-in.l.google.com[142.250.1.26] said: 550-5.7.26 Unauthenticated email is not accepted - gsmtp"
        let reading = Self.reading(bounce)
        #expect(reading.facts["error.source"] == "remote")
        #expect(reading.facts["provider"] == nil)
    }

    @Test func anAppPasswordProviderTurnsAFailedLoginTowardsTheAppPassword() {
        #expect(Self.top("(535, b'Error: authentication failed') smtp.qq.com") == "app-password-required")
    }

    // MARK: Wrappers are not evidence

    @Test(arguments: [
        "فشلت محاولة الاتصال! ظهر لنا التالي:\n ",
        "Connection Test Failed! Here is what we got instead:\n ",
        "Test de connexion échoué ! Voici ce que nous avons à la place : \n",
        "Verbindungstest fehlgeschlagen! Hier sehen Sie, was wir an Stelle dessen bekommen haben:\n ",
        "¡La prueba de conexión falló! Aquí esta lo que se ha recibido en su lugar:\n",
        "Mail delivery failed via SMTP server 'None'.\n",
        "فشل إرسال البريد الإلكتروني من خلال خادم SMTP 'None'.\n",
    ])
    func aWrapperAloneSaysNothingAboutTheCause(_ wrapper: String) {
        let reading = Self.reading(wrapper)
        #expect(reading.matches.contains { $0.kind == .wrapper })
        #expect(reading.facts["error.kind"] == nil, "\(reading.facts)")
        // What it wraps is read as if the frame were not there.
        let wrapped = Self.reading(wrapper + "[Errno 110] Connection timed out")
        #expect(wrapped.facts["error.kind"] == "timed-out")
    }

    @Test func theServerNameInsideTheFrameIsStillRead() {
        let reading = Self.reading(
            "Mail delivery failed via SMTP server 'smtp.zoho.com'.\nSMTPAuthenticationError: (535, b'Authentication Failed')"
        )
        #expect(reading.facts["smtp.host"] == "smtp.zoho.com")
        #expect(reading.facts["provider"] == "zoho")
    }

    // MARK: Arabic as people type it

    @Test func spellingsOfOneWordReadAlike() {
        let forms = [
            "كلمة المرور مرفوضة", "كلمه المرور مرفوضه", "كلمةُ المرورِ مرفوضة", "كلمـــة المرور مرفوضة",
        ]
        for form in forms { #expect(Self.reading(form).facts["error.kind"] == "auth-rejected", "\(form)") }
    }

    @Test func arabicDigitsAreDigits() {
        #expect(Self.reading("٥٣٥ authentication error").facts["smtp.reply-code"] == "535")
    }

    @Test(arguments: [
        ("عندي التحقق بخطوتين مفعل على الحساب", "account.two-factor", "yes"),
        ("اكتشفت ان الوقت متأخر على السيرفر", "server.clock-correct", "no"),
        ("وصلنا لحد الإرسال اليومي", "error.kind", "quota-exceeded"),
        ("البورت 587 مقفول من الاستضافة", "error.kind", "timed-out"),
    ])
    func descriptionsNameTheirCause(_ text: String, _ fact: String, _ value: String) {
        #expect(Self.reading(text).facts[fact] == value)
    }

    @Test func theArticlesFreeDescriptionsFindTheirCause() {
        #expect(Self.top("الايميل مش بيتبعت من اودو وجيميل بيرفض الباسورد") == "app-password-required")
        #expect(
            Self.top("الإرسال كان يعمل عبر Office 365 ثم توقف فجأة، والخطأ يقول إن المصادقة غير ناجحة")
                == "basic-auth-disabled")
    }

    // MARK: The back-off and the honest "none"

    @Test func theBackOffSpeaksOnlyForTextNothingElseRead() throws {
        let text = "the server says my username or password is not right although webmail works fine"
        let reading = Self.reading(text)
        let origin = try #require(reading.origin(of: "error.kind"))
        #expect(origin.kind == .backOff)
        #expect(reading.strengths["error.kind"] == ErrorTextReader.backOffStrength)
        // Anything a signature reads keeps the back-off quiet.
        #expect(!Self.reading("SMTPAuthenticationError: (535, b'bad')").matches.contains { $0.kind == .backOff })
        #expect(Self.reading("hello world").facts.isEmpty)
    }

    @Test func theBackOffDoesNotOnlyMemorise() {
        // Leave one out: each description example is classified by a back-off trained on
        // everything else. Memorising would score nothing here; chance is about 1 in 30.
        let knowledge = ScenarioTests.knowledge
        let all = knowledge.trainingExamples(for: "error.kind")
        let held = knowledge.descriptions.flatMap { description in description.examples.map { ($0, description.value) }
        }
        var right = 0
        for (text, label) in held {
            let rest = all.filter { $0.text != text }.map { ($0.text, $0.label) }
            let prediction = TextClassifier.train(fact: "error.kind", examples: rest).predict(text)
            if prediction?.label == label { right += 1 }
        }
        let share = Double(right) / Double(held.count)
        #expect(share >= 0.5, "leave-one-out: \(right) of \(held.count)")
    }

    @Test func theBackOffKnowsItsOwnExamples() throws {
        // Held in: the shipped classifier on the examples it was trained on. Adding examples
        // must not quietly make it forget the ones already there (each is pinned by its share,
        // not by a cut on its posterior).
        let knowledge = ScenarioTests.knowledge
        let classifier = try #require(knowledge.classifier)
        let examples = knowledge.trainingExamples(for: "error.kind")
        var right = 0
        var speaks = 0
        for (text, label, _) in examples {
            guard let prediction = classifier.predict(text) else { continue }
            if prediction.label == label { right += 1 }
            if prediction.label == label, ErrorTextReader.backOffSpeaks(prediction) { speaks += 1 }
        }
        #expect(Double(right) / Double(examples.count) >= 0.9, "held in: \(right) of \(examples.count)")
        #expect(Double(speaks) / Double(examples.count) >= 0.5, "held in, spoken: \(speaks) of \(examples.count)")
    }

    @Test func theBackOffMeasuresHowOftenItIsRight() throws {
        // Held out group by group (a signature's or a description's examples at a time): the
        // share of right guesses never falls as the margin grows, and a clear guess is right
        // far more often than chance (one label in about 30).
        let classifier = try #require(ScenarioTests.knowledge.classifier)
        let table = classifier.reliability
        #expect(table.count == TextClassifier.reliabilityBins)
        #expect(zip(table, table.dropFirst()).allSatisfy { $0 <= $1 }, "\(table)")
        #expect((table.last ?? 0) >= 0.6, "\(table)")
        let prediction = try #require(
            classifier.predict("the server says my username or password is not right although webmail works fine"))
        #expect(prediction.reliability != nil)
        // The HOW explanation says how reliable such a guess is, in both languages.
        let reading = Self.reading("the server says my username or password is not right although webmail works fine")
        let title = try #require(reading.origin(of: "error.kind")?.title)
        #expect(title.en.contains("held out") && title.ar.contains("المحجوبة"), "\(title)")
    }

    // MARK: The provider is the sender's

    @Test func aProviderNamedAsTheDestinationIsNotTheSenders() {
        // «اطرشه لجيميل»: sent to Gmail. «ربطت الجيميل»: the user's own Gmail.
        #expect(Self.reading("اي ايميل اطرشه لجيميل يرجع").facts["provider"] == nil)
        #expect(Self.reading("ربطت الجيميل بالـ OAuth وبعدين وقف").facts["provider"] == "gmail")
        // A receiver's authentication check (RFC 7372) names the receiver, whatever its banner.
        let bounce = Self.reading(
            "550-5.7.25 [203.0.113.5] The IP address sending this message does not have a PTR record setup. - gsmtp")
        #expect(bounce.facts["error.source"] == "remote")
        #expect(bounce.facts["provider"] == nil, "\(bounce.facts)")
        // The same banner on a login reply is the user's own provider.
        #expect(Self.reading("535-5.7.8 Username and Password not accepted. - gsmtp").facts["provider"] == "gmail")
    }

    // MARK: A provider the user names

    @Test(arguments: [
        ("gmail rejects the password", "gmail"),
        ("my O365 account stopped sending from Odoo", "microsoft-365"),
        ("my office 365 account stopped sending", "microsoft-365"),
        ("outlook stopped sending since Monday", "outlook-com"),
        ("I use Gmail.", "gmail"),
        // Arabizi, as Arabic chat writes it.
        ("gmail byerfod el password", "gmail"),
        ("el outlook mesh byb3at men Odoo", "outlook-com"),
        // Arabic script: the provider fact's `also` spellings.
        ("الجيميل بيرفض الباسورد من اودو", "gmail"),
        // A Latin name with an Arabic prefix written onto it.
        ("مشكلة بالـGmail من امبارح، الباسورد مرفوض", "gmail"),
        ("my Outlook 365 account stopped sending", "microsoft-365"),
    ])
    func aProviderNamedInTheUsersWordsIsRead(_ text: String, _ provider: String) {
        let reading = Self.reading(text)
        #expect(reading.facts["provider"] == provider, "\(reading.facts)")
    }

    @Test func aNamedProviderIsExplainedAsNamedInTheText() throws {
        let reading = Self.reading("gmail rejects the password")
        let origin = try #require(reading.origin(of: "provider"))
        #expect(origin.kind == .providerName)
        #expect(origin.signature == "named-gmail")
        let title = try #require(origin.title)
        #expect(title.en.contains("Gmail") && title.en.contains("gmail"), "\(title)")
        #expect(title.ar.contains("Gmail") && title.ar.contains("«gmail»"), "\(title)")
    }

    @Test(arguments: [
        "it fails only when sending to gmail users",
        "invoices to a gmail address never arrive",
        "Gmail recipients never get our quotations",
        "emails to outlook.com bounce, the rest arrive",
        "only recipients at hotmail complain",
        "sending to office 365 users bounces",
        "el mails mesh btewsal l gmail",
        "kol el emails lel outlook btrga3",
        "الرسائل الى جيميل ترجع كلها",
        "اي رسالة لـGmail بترجع",
    ])
    func aProviderNamedAsTheDestinationIsNotRead(_ text: String) {
        #expect(Self.reading(text).facts["provider"] == nil, "\(Self.reading(text).facts)")
    }

    @Test(arguments: [
        // Inside a host name, a class name or an address the name is no name.
        "Error on connectMx for: { exchange: 'alt4.gmail-smtp-in.l.google.com' } ETIMEDOUT",
        "com.microsoft.aad.adal4j.AuthenticationException: AADSTS700024",
        "550 5.1.1 <client@gmail.com>: Recipient address rejected",
    ])
    func aNameInsideAHostOrAnAddressIsNotRead(_ text: String) {
        #expect(Self.reading(text).facts["provider"] == nil, "\(Self.reading(text).facts)")
    }

    @Test func aServersHostOutranksTheNameTheUserGives() {
        // The server's own words name the provider Odoo talks to.
        let reading = Self.reading(
            "my gmail account: SMTPAuthenticationError: (535, b'Authentication failed') smtp.zoho.com")
        #expect(reading.facts["provider"] == "zoho", "\(reading.facts)")
        // A bounce names no provider of the user's, whatever the prose says.
        let bounce = Self.reading(
            "outlook: host gmail-smtp-in.l.google.com[142.250.1.26] said: 550-5.7.26 Unauthenticated email")
        #expect(bounce.facts["provider"] == nil, "\(bounce.facts)")
    }

    // MARK: Postfix's own relay login

    @Test func postfixFailingToLogInToItsRelayIsNoBounce() {
        let reading = Self.reading(
            "postfix/smtp[17059]: 9BDCBA19EA: SASL authentication failed; server smtp.office365.com[192.0.2.50] "
                + "said: 535 5.7.3 Authentication unsuccessful [FR3P281CA0094.DEUP281.PROD.OUTLOOK.COM]")
        #expect(reading.facts["error.source"] == "submission")
        #expect(reading.facts["provider"] == "microsoft-365")
        #expect(reading.facts["error.kind"] == "auth-rejected")
        // A receiver's own reply in the same words stays a bounce.
        let bounce = Self.reading(
            "host aspmx.l.google.com[142.250.141.26] said: 550-5.7.26 Unauthenticated email is not accepted")
        #expect(bounce.facts["error.source"] == "remote")
    }

    @Test func anErrorNoRuleRecognisesIsNoneOfTheKnownCauses() {
        #expect(Self.top("SMTPException: the frobnicator rejected the widget") == "none")
        #expect(Self.top("(501, b'Syntactically invalid HELO argument(s)')") == "none")
    }
}

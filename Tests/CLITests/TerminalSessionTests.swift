import Foundation
import Testing

/// The interactive diagnosis in a real terminal: tmux runs the binary, `send-keys` types like
/// a helpdesk agent, and `capture-pane` reads the screen.
@Suite(.serialized) struct TerminalSessionTests {
    final class Tmux {
        let name = "md-\(UUID().uuidString.prefix(8))"

        init(_ command: [String], width: Int = 100, height: Int = 50) throws {
            let quoted = command.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
                .joined(separator: " ")
            let started = try Spawn.run([
                "tmux", "-L", name, "new-session", "-d", "-s", name,
                "-x", String(width), "-y", String(height),
                "env LANG=C.UTF-8 NO_COLOR=1 " + quoted,
            ])
            guard started.status == 0 else { throw Spawn.Failure(description: "tmux: \(started.output)") }
            try run(["set-option", "-t", name, "remain-on-exit", "on"])
        }

        /// Ends the session; its private server exits with its last session.
        deinit { _ = try? run(["kill-session", "-t", name]) }

        /// Runs a tmux client on this test's private server socket and returns what it printed.
        @discardableResult
        func run(_ arguments: [String]) throws -> String {
            try Spawn.run(["tmux", "-L", name] + arguments).output
        }

        func type(_ text: String) throws {
            try run(["send-keys", "-t", name, "-l", text])
            try run(["send-keys", "-t", name, "Enter"])
        }

        /// The screen as text, without the invisible isolate marks (tmux keeps them).
        func screen() throws -> String {
            let raw = try run(["capture-pane", "-p", "-J", "-t", name, "-S", "-200"])
            return String(raw.unicodeScalars.filter { !(0x2066...0x2069).contains($0.value) })
        }

        /// Waits (at most 15 s) until the screen shows `needle`, and returns the screen.
        func waitFor(_ needle: String, after count: Int = 0) throws -> String {
            for _ in 0..<150 {
                let text = try screen()
                if text.components(separatedBy: needle).count - 1 > count { return text }
                Thread.sleep(forTimeInterval: 0.1)
            }
            let text = try screen()
            Issue.record("the screen never showed \(needle):\n\(text)")
            return text
        }
    }

    @Test func anArabicSessionAsksHelpsExplainsGoesBackAndQuits() throws {
        let tmux = try Tmux([Binary.path, "diagnose", "--lang", "ar", "--symptom", "test-connection-fails"])
        var screen = try tmux.waitFor("1)")
        #expect(screen.contains("Mail Doctor: سنحدد سبب فشل إرسال البريد من Odoo."))
        #expect(screen.contains("؟"), "the question is asked in Arabic")
        // Help, then why: neither counts as an answer.
        try tmux.type("?")
        screen = try tmux.waitFor("> ", after: 1)
        try tmux.type("why")
        screen = try tmux.waitFor("هذا السؤال")
        // Answer "unknown" by typing it in Arabic, then go back, then quit.
        try tmux.type("لا أعرف")
        screen = try tmux.waitFor("2. ")
        try tmux.type("back")
        screen = try tmux.waitFor("1. ", after: 1)
        try tmux.type("quit")
        screen = try tmux.waitFor("الأسباب المرجّحة")
        // Percentages read the Arabic way, with the sign after the number.
        #expect(screen.range(of: #"[0-9]+٪"#, options: .regularExpression) != nil)
    }

    @Test func anEnglishSessionReachesTheFixAndTheRepairQuestion() throws {
        let tmux = try Tmux([
            Binary.path, "diagnose", "--lang", "en", "--error",
            "(534, b'5.7.9 Application-specific password required. https://support.google.com/mail/?p=InvalidSecondFactor')",
        ])
        let screen = try tmux.waitFor("Did the fix work?")
        #expect(screen.contains("app-password-required"))
        #expect(screen.contains("Verify:"))
        try tmux.type("yes")
        _ = try tmux.waitFor("Great, solved.")
    }

    @Test func aBadAnswerIsExplainedAndAskedAgain() throws {
        let tmux = try Tmux([
            Binary.path, "diagnose", "--lang", "en", "--error",
            "SMTPAuthenticationError: (535, b'Authentication failed')",
        ])
        _ = try tmux.waitFor("1)")
        try tmux.type("purple")
        let screen = try tmux.waitFor("is not one of the answers for")
        #expect(screen.contains("Type a choice's number or one of:"))
        try tmux.type("quit")
    }

    /// An Arabic session once answered a wrong answer in English with internal ids
    /// ("'ربما' is not an answer for 'account.app-password' (allowed: yes, no, unknown)").
    @Test func aBadAnswerInAnArabicSessionIsExplainedInArabic() throws {
        let tmux = try Tmux([
            Binary.path, "diagnose", "--lang", "ar", "--error",
            "SMTPAuthenticationError: (535, b'Authentication failed')",
        ])
        _ = try tmux.waitFor("1)")
        try tmux.type("ربما")
        let screen = try tmux.waitFor("ليست من إجابات سؤال")
        #expect(screen.contains("اكتب رقم الخيار"))
        let error = screen.components(separatedBy: "\n").first { $0.contains("ليست من إجابات") } ?? ""
        #expect(!error.contains("allowed") && !error.contains("account.") && !error.contains("unknown"), "\(error)")
        try tmux.type("quit")
    }

    /// "maybe" at "Did the fix work?" once ended the session with exit 0 and nothing said.
    @Test func anUnclearAnswerToDidTheFixWorkIsAskedAgain() throws {
        let tmux = try Tmux([
            Binary.path, "diagnose", "--lang", "en", "--error",
            "(534, b'5.7.9 Application-specific password required. https://support.google.com/mail/?p=InvalidSecondFactor')",
        ])
        _ = try tmux.waitFor("Did the fix work?")
        try tmux.type("maybe")
        var screen = try tmux.waitFor("Answer yes if it works now")
        #expect(!screen.contains("[exited]"))
        try tmux.type("yes")
        screen = try tmux.waitFor("Great, solved.")
    }

    /// quit before a conclusion: a few lines of what is known and what to do, not a report.
    @Test func quittingEarlySaysWhatIsKnownInAFewLines() throws {
        let tmux = try Tmux([Binary.path, "diagnose", "--lang", "en", "--symptom", "test-connection-fails"])
        _ = try tmux.waitFor("1)")
        try tmux.type("quit")
        let screen = try tmux.waitFor("Nothing is settled yet")
        #expect(screen.contains("Stopped before a conclusion"))
        #expect(screen.contains("Most likely so far:"))
        #expect(!screen.contains("Verify:"), "no fix list at 10%")
    }

    /// Text typed for "what does the error say?" once became "Something else" silently and
    /// counted against the known causes; now the session says how it read it, and `back`
    /// takes the pasted text back too.
    @Test func pastedTextIsReadAloudAndBackTakesItBack() throws {
        let tmux = try Tmux([Binary.path, "diagnose", "--lang", "en", "--symptom", "test-connection-fails"])
        var screen = try tmux.waitFor("1)")
        #expect(screen.contains("error"), "the first question asks for the error")
        try tmux.type("the moon is made of cheese")
        screen = try tmux.waitFor("Nothing in that text was recognised")
        try tmux.type("back")
        screen = try tmux.waitFor("1. ", after: 1)
        try tmux.type("smtplib.SMTPAuthenticationError: (535, b'5.7.8 Username and Password not accepted')")
        screen = try tmux.waitFor("Recognised:")
        try tmux.type("quit")
    }

    /// Odoo's dialog pasted whole: it is one answer. It once kept only "Connection Test
    /// Failed! Here is what we got instead:" and rejected the 535 line as the next answer.
    @Test(arguments: [true, false])
    func aPastedMultiLineErrorIsOneAnswer(bracketed: Bool) throws {
        let tmux = try Tmux([Binary.path, "diagnose", "--lang", "en", "--symptom", "test-connection-fails"])
        _ = try tmux.waitFor("1)")
        let dialog =
            "Connection Test Failed! Here is what we got instead:\n"
            + "(535, b'5.7.8 Username and Password not accepted. For more information, go to\n"
            + "5.7.8  https://support.google.com/mail/?p=BadCredentials')"
        try tmux.run(["set-buffer", "-b", "paste", dialog])
        // -p pastes with the bracketed-paste markers the session asked the terminal for;
        // without -p the lines arrive bare, the way a terminal without that mode sends them.
        try tmux.run(["paste-buffer", "-b", "paste", "-t", tmux.name] + (bracketed ? ["-p"] : []))
        try tmux.run(["send-keys", "-t", tmux.name, "Enter"])
        let screen = try tmux.waitFor("Recognised:")
        #expect(!screen.contains("is not one of the answers"), "\(screen)")
        try tmux.type("quit")
    }

    /// The first question had 34 choices that scrolled off an 80 × 30 screen, and its text was
    /// broken mid-word by the terminal.
    @Test(arguments: ["en", "ar"])
    func theFirstQuestionFitsAnEightyByThirtyScreen(language: String) throws {
        let tmux = try Tmux(
            [Binary.path, "diagnose", "--lang", language, "--symptom", "test-connection-fails"],
            width: 80, height: 30)
        _ = try tmux.waitFor("> ")
        let raw = try tmux.run(["capture-pane", "-p", "-t", tmux.name])
        let visible = String(raw.unicodeScalars.filter { !(0x2066...0x2069).contains($0.value) })
        let lines = visible.components(separatedBy: "\n")
        #expect(lines.contains { $0.hasPrefix("1. ") }, "the question is on the screen:\n\(visible)")
        #expect(lines.allSatisfy { $0.count <= 80 })
        #expect(lines.contains { $0.contains("2)") }, "its first choices too")
        #expect(lines.contains { $0.hasPrefix(">") }, "and the prompt")
        try tmux.type("quit")
    }
}

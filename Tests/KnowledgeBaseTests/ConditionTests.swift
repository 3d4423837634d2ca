import Testing

@testable import KnowledgeBase

@Suite struct ConditionTests {
    let facts = Facts(
        [
            "provider": "gmail", "smtp.port": "587", "smtp.host": "localhost",
            "account.two-factor": "unknown",
        ], matchedSignatures: ["gmail-535"])

    @Test func equalsComparesNumbersAsNumbersAndTextWithoutCase() {
        #expect(Condition.equals(fact: "smtp.port", value: "587.0").holds(for: facts))
        #expect(Condition.equals(fact: "provider", value: "Gmail").holds(for: facts))
        #expect(!Condition.equals(fact: "provider", value: "zoho").holds(for: facts))
    }

    @Test func numericComparisonsAreStrict() {
        #expect(Condition.above(fact: "smtp.port", 586).holds(for: facts))
        #expect(!Condition.above(fact: "smtp.port", 587).holds(for: facts))
        #expect(Condition.below(fact: "smtp.port", 588).holds(for: facts))
    }

    @Test func anUnknownFactMakesAConditionAndItsNegationFalse() {
        let condition = Condition.equals(fact: "account.two-factor", value: "yes")
        #expect(!condition.holds(for: facts))
        #expect(!Condition.not(condition).holds(for: facts))
        #expect(!Condition.equals(fact: "missing", value: "x").holds(for: facts))
        #expect(!Condition.not(.equals(fact: "missing", value: "x")).holds(for: facts))
    }

    @Test func knownTellsSettledFromUnknown() {
        #expect(Condition.known(fact: "provider", true).holds(for: facts))
        #expect(Condition.known(fact: "account.two-factor", false).holds(for: facts))
        #expect(Condition.known(fact: "missing", false).holds(for: facts))
    }

    @Test func patternsAndSignaturesAndCombinations() {
        #expect(Condition.matches(fact: "smtp.host", Pattern("^LOCAL")).holds(for: facts))
        #expect(Condition.signature("gmail-535").holds(for: facts))
        #expect(
            Condition.all([.signature("gmail-535"), .oneOf(fact: "provider", values: ["gmail"])])
                .holds(for: facts))
        #expect(
            Condition.any([.signature("nope"), .equals(fact: "smtp.port", value: "587")])
                .holds(for: facts))
        #expect(
            !Condition.all([.signature("nope"), .equals(fact: "smtp.port", value: "587")])
                .holds(for: facts))
    }

    @Test func factsReadIncludesEveryBranch() {
        let condition = Condition.all([
            .equals(fact: "a", value: "1"),
            .not(.oneOf(fact: "b", values: ["x"])),
            .known(fact: "c", true),
        ])
        #expect(condition.facts == ["a", "b"])
        #expect(condition.referencedFacts == ["a", "b", "c"])
    }
}

@Suite struct FactNumberTests {
    @Test(arguments: [
        ("587", 587.0), ("17.0", 17.0), ("saas~17.4", 17.4), ("16.0+e", 16.0),
        ("25 MB", 25.0), ("٥٨٧", 587.0), ("۴۶۵", 465.0), ("12,5", 12.5),
    ])
    func readsNumbersAsPeopleWriteThem(_ text: String, _ expected: Double) {
        #expect(FactNumber.parse(text) == expected)
    }

    @Test func textWithoutDigitsIsNotANumber() {
        #expect(FactNumber.parse("port") == nil)
        #expect(FactNumber.parse("") == nil)
    }
}

@Suite struct DiagnosticTests {
    @Test func printsLikeACompilerWithACaret() {
        let diagnostic = Diagnostic(
            .error, "unknown fix 'open-port'",
            at: SourceLocation(file: "rules/c.yaml", line: 12, column: 5),
            sourceLine: "    fixes: [open-port]")
        #expect(
            diagnostic.description == """
                rules/c.yaml:12:5: error: unknown fix 'open-port'
                    fixes: [open-port]
                    ^
                """)
    }

    @Test func aVeryLongLineIsShownAsAWindowAroundTheColumn() {
        let line = String(repeating: "a", count: 500) + "X" + String(repeating: "b", count: 500)
        let diagnostic = Diagnostic(
            .error, "here", at: SourceLocation(file: "f", line: 1, column: 501),
            sourceLine: line)
        let lines = diagnostic.description.split(separator: "\n")
        #expect(lines[1].count <= Diagnostic.maximumShownLine + 2)
        let caretColumn = lines[2].count - 1
        #expect(Array(lines[1])[caretColumn] == "X")
    }
}

@Suite struct PatternTests {
    @Test func matchesCaseInsensitivelyAndReadsNamedGroups() throws {
        let pattern = Pattern(#"via SMTP server '(?<host>[^']+)'"#)
        let match = try #require(pattern.firstMatch(in: "Mail delivery failed VIA smtp server 'smtp.example.com'."))
        #expect(match.group("host") == "smtp.example.com")
        #expect(match.group("missing") == nil)
    }

    @Test func aBrokenPatternNeverMatchesAndSaysWhy() {
        let pattern = Pattern("(unclosed")
        #expect(!pattern.matches("(unclosed"))
        guard case .failure(let error) = pattern.compile() else {
            Issue.record("a broken pattern must not compile")
            return
        }
        #expect(error.reason.contains("ICU"))
    }
}

@Suite struct PatternTriggerTests {
    @Test(
        arguments: [
            (
                #"534[ ,-]*5\.7\.9|Application-specific password required"#,
                ["5.7.9", "application-specific password required"]
            ),
            (
                #"SmtpClientAuthentication is disabled for the (?:Tenant|Mailbox)"#,
                ["smtpclientauthentication is disabled for the "]
            ),
            (#"\bECONNREFUSED\b"#, ["econnrefused"]),
            (#"timed? ?out"#, ["time"]),
            (#"(State|Status)\s*:"#, ["state", "status"]),
            (#"Errno -?2\]"#, ["errno "]),
            (#"ab"#, nil),
            (#"سبام|البريد العشوائي"#, ["سبام", "البريد العشوائي"]),
            // A required group stands in for an alternative without a run of its own.
            (#"(الباسورد|كلمه (السر|المرور))"#, ["الباسورد", "كلمه "]),
            (#"(stuck|locked) (in|on) (the )?queue"#, ["queue"]),
            (#"(stuck|locked) (in|on)"#, ["stuck", "locked"]),
            (#"(?<port>587|465)\b"#, ["587", "465"]),
            (#"(?i)(app[_ ]password)"#, ["password"]),
            (#"(?:\b|و)(ما|مش) ?(يرسل|ترسل)"#, ["يرسل", "ترسل"]),
            // Optional groups, lookarounds and flags prove nothing.
            (#"(abcd)?x"#, nil), (#"(?=abcd)x"#, nil), (#"(?!abcd)x"#, nil), (#"(?s:abcd)x"#, nil),
            (#"(abcd){0,2}x"#, nil), (#"(abc|de)x"#, nil),
            // Another case of É would match too: the run stops there.
            (#"Échec d'envoi"#, ["chec d'envoi"]),
        ] as [(String, [String]?)])
    func literalsArePickedConservatively(_ pattern: String, _ expected: [String]?) {
        #expect(PatternTrigger.literals(of: pattern) == expected)
    }

    @Test func theTriggerNeverHidesAMatch() {
        let pattern = Pattern(#"Connection (unexpectedly )?closed"#)
        for text in ["smtplib.SMTPServerDisconnected: Connection unexpectedly closed", "CONNECTION CLOSED"] {
            #expect(pattern.mightMatch(folded: PatternTrigger.fold(text)))
            #expect(pattern.matches(text))
        }
        #expect(!pattern.mightMatch(folded: PatternTrigger.fold("535 5.7.8 Username and Password not accepted")))
    }
}

import Testing

@testable import RuleLoader

/// The shapes that make a backtracking matcher slow on a long hostile text are refused, and the
/// linear look-alikes the rules use every day are not.
@Suite struct PatternHazardTests {
    @Test(arguments: [
        #"(State|Status)\s*:?\s*.?(Outgoing)"#,  // the 22-minute chat turn
        #"(a+)+b"#,
        #"(\w|\d)*x"#,
        #"x(?:\s*\s*)y"#,
        #"x(\s*)(\s*)y"#,
        #"[0-9]+ ?mb\b"#,  // retried from every digit of a long run
        #"(?:a|b)+c"#,
        #"sender (?<s>[^()\s]+@[^()\s]+)\)"#,
        #"x(?=.*\s*y)"#,  // inside a lookahead too
        #"x\s{0,5000}\s*y"#,  // a huge bound is no bound
        #"x(?:\.[a-z]+)*[a-z]+y"#,
    ])
    func refuses(_ pattern: String) {
        #expect(PatternHazard.problem(in: pattern) != nil, "\(pattern) should be refused")
    }

    @Test(arguments: [
        #"Skipping database \S+ because"#,
        #"blocked using [a-z0-9-]+(?:\.[a-z0-9-]+)+"#,
        #"x\S+ \S+y"#,
        #"x\s*+:?\s*y"#,  // possessive: never gives back
        #"x(?>\s*):?\s*y"#,  // atomic
        #"^\s*x"#,  // anchored: tried at one position
        #"x\s{0,20}:?\s*y"#,
        #"SMTPSenderRefused(?:: \((?<code>[45]\d\d), b?(?:'[^'\n]*'|"[^"\n]*"), '(?<sender>[^'\s]+)'\))?"#,
        #"x[^\n]{1,300}, not y"#,
        #"[0-9]{1,6} ?mb\b"#,
        #"x(?:a|b)+c"#,
    ])
    func accepts(_ pattern: String) {
        #expect(PatternHazard.problem(in: pattern) == nil, "\(pattern) should pass")
    }
}

/// What the engine weighs when it decides between asking one more question and having the
/// person try a fix (the rules' `troubleshooting` section). Costs are minutes of the person's
/// time; a question's `cost` is in the same minutes (1 a glance, 2 open a page, 3 dig).
package struct TroubleshootingModel: Hashable, Sendable {
    /// Handing the case to a human expert with the logs: what is left when no known cause
    /// fits, and the most any sequence of repairs may cost before that is cheaper.
    package var escalationMinutes: Double
    /// Checking whether a fix worked (Test Connection, resend one email), added to every fix.
    package var verifyMinutes: Double
    /// A fix's minutes times its risk's weight: a risky change (an Odoo upgrade, a DNS change)
    /// costs more than its clock time, because undoing it costs too.
    package var riskWeights: [Fix.Risk: Double]
    /// Every likelihood ratio is raised to this power, so that the probabilities mean what they
    /// say (fitted by `QuestionBenchmark --fit` over every scenario set; 1 leaves them as written).
    package var evidenceExponent: Double
    /// Calibration by source: evidence read from an error text (signatures, the reader's
    /// layers, its back-off guesses) counts this many times its tempered log-ratio; answers
    /// count once (1 weighs both alike).
    package var textEvidenceScale: Double
    /// Each question already asked makes the next one dearer by this share of its cost:
    /// people tire, and a chat that asks a tenth question loses them.
    package var questionFatigue: Double
    package var location: SourceLocation?

    package init(
        escalationMinutes: Double = 120, verifyMinutes: Double = 2,
        riskWeights: [Fix.Risk: Double] = [.low: 1, .medium: 1.5, .high: 3],
        evidenceExponent: Double = 1, textEvidenceScale: Double = 1, questionFatigue: Double = 0,
        location: SourceLocation? = nil
    ) {
        self.escalationMinutes = escalationMinutes
        self.verifyMinutes = verifyMinutes
        self.riskWeights = riskWeights
        self.evidenceExponent = evidenceExponent
        self.textEvidenceScale = textEvidenceScale
        self.questionFatigue = questionFatigue
        self.location = location
    }

    /// What asking a question of `cost` costs after `asked` questions, in minutes.
    package func cost(ofQuestion cost: Double, afterAsking asked: Int) -> Double {
        cost * (1 + questionFatigue * Double(asked))
    }

    /// What trying `fix` and checking it costs, in minutes.
    package func cost(of fix: Fix) -> Double {
        fix.minutes * (riskWeights[fix.risk] ?? 1) + verifyMinutes
    }
}

/// Where a person is answering: what they can look up differs (an administrator at the
/// server's terminal can check the clock; a helpdesk user in a chat often cannot).
package enum AnswerChannel: String, CaseIterable, Hashable, Sendable {
    case terminal, chat, assistant
}

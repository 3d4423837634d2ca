import Foundation
import Inference
import KnowledgeBase

/// What a diagnosis says, independent of how it is shown: the terminal, Markdown and JSON
/// renderers all draw this one value, so they never disagree. Encoded as JSON it is the
/// contract described by `schemas/report.schema.json`.
package struct DiagnosisReport: Codable, Sendable, Equatable {
    package static let currentVersion = 1

    package struct FactLine: Codable, Sendable, Equatable {
        package var fact: String
        package var title: String
        package var value: String
        package var label: String
        package var origin: String
    }

    package struct SignatureLine: Codable, Sendable, Equatable {
        package var id: String
        package var title: String
    }

    package struct EvidenceLine: Codable, Sendable, Equatable {
        package var text: String
        package var factor: Double
        package var why: String?
        package var rule: String?
    }

    package struct FixLine: Codable, Sendable, Equatable {
        package var id: String
        package var title: String
        package var steps: [String]
        package var verify: String
        package var verifyProbe: String?
    }

    package struct CauseLine: Codable, Sendable, Equatable {
        package var id: String
        package var title: String
        package var probability: Double
        package var summary: String
        package var evidence: [EvidenceLine]
        package var fixes: [FixLine]
    }

    /// One live check and what it found.
    package struct Finding: Codable, Sendable, Equatable {
        package var check: String
        /// `ok`, `problem` or `unknown`.
        package var status: String
        package var message: String

        package init(check: String, status: String, message: String) {
            self.check = check
            self.status = status
            self.message = message
        }
    }

    package struct Choice: Codable, Sendable, Equatable {
        package var value: String
        package var label: String
    }

    package struct QuestionLine: Codable, Sendable, Equatable {
        package var id: String
        package var fact: String
        package var text: String
        package var help: String
        package var choices: [Choice]
        /// Free answers allowed besides the choices (number and text facts).
        package var freeAnswer: Bool
        package var why: String
    }

    /// One repair of the plan: a cause's fix, how likely it is to be the one, and its minutes.
    package struct RepairLine: Codable, Sendable, Equatable {
        package var cause: String
        package var causeTitle: String
        package var fix: String?
        package var fixTitle: String?
        package var probability: Double
        package var minutes: Double
    }

    /// Which fix to try first and why: the repairs in their efficient order (probability over
    /// minutes), the expected minutes of trying them, and of asking one more question first.
    package struct PlanLine: Codable, Sendable, Equatable {
        package var steps: [RepairLine]
        package var expectedMinutes: Double
        package var askingFirstMinutes: Double?
        package var escalationMinutes: Double
    }

    package var version: Int
    package var language: String
    /// `question` while questions remain, `concluded` once they are over.
    package var status: String
    /// Why the questions ended: try-fix, no-known-cause, resolved, open-questions.
    package var conclusion: String?
    /// The repair plan once the questions are over (and in `step`, while they go on).
    package var plan: PlanLine?
    package var facts: [FactLine]
    /// What the live probes found, when they ran.
    package var findings: [Finding]?
    package var signatures: [SignatureLine]
    package var causes: [CauseLine]
    /// The probability that none of the known causes is behind it.
    package var otherProbability: Double
    package var question: QuestionLine?
}

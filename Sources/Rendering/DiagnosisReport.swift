import Foundation
import Inference
import KnowledgeBase

/// What a diagnosis says, independent of how it is shown: the terminal, Markdown and JSON
/// renderers all draw this one value, so they never disagree. Encoded as JSON it is the
/// contract described by `schemas/report.schema.json`.
public struct DiagnosisReport: Codable, Sendable, Equatable {
    public static let currentVersion = 1

    public struct FactLine: Codable, Sendable, Equatable {
        public var fact: String
        public var title: String
        public var value: String
        public var label: String
        public var origin: String
    }

    public struct SignatureLine: Codable, Sendable, Equatable {
        public var id: String
        public var title: String
    }

    public struct EvidenceLine: Codable, Sendable, Equatable {
        public var text: String
        public var factor: Double
        public var why: String?
        public var rule: String?
    }

    public struct FixLine: Codable, Sendable, Equatable {
        public var id: String
        public var title: String
        public var steps: [String]
        public var verify: String
        public var verifyProbe: String?
    }

    public struct CauseLine: Codable, Sendable, Equatable {
        public var id: String
        public var title: String
        public var probability: Double
        public var summary: String
        public var evidence: [EvidenceLine]
        public var fixes: [FixLine]
    }

    /// One live check and what it found.
    public struct Finding: Codable, Sendable, Equatable {
        public var check: String
        /// `ok`, `problem` or `unknown`.
        public var status: String
        public var message: String

        public init(check: String, status: String, message: String) {
            self.check = check
            self.status = status
            self.message = message
        }
    }

    public struct Choice: Codable, Sendable, Equatable {
        public var value: String
        public var label: String
    }

    public struct QuestionLine: Codable, Sendable, Equatable {
        public var id: String
        public var fact: String
        public var text: String
        public var help: String
        public var choices: [Choice]
        /// Free answers allowed besides the choices (number and text facts).
        public var freeAnswer: Bool
        public var why: String
    }

    public var version: Int
    public var language: String
    /// `question` while questions remain, `concluded` once they are over.
    public var status: String
    /// Why the questions ended: confident, nothing-left-to-ask, no-known-cause, resolved.
    public var conclusion: String?
    public var facts: [FactLine]
    /// What the live probes found, when they ran.
    public var findings: [Finding]?
    public var signatures: [SignatureLine]
    public var causes: [CauseLine]
    /// The probability that none of the known causes is behind it.
    public var otherProbability: Double
    public var question: QuestionLine?
}

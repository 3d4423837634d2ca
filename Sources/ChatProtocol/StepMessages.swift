import Foundation
import Rendering

/// One chat turn's request, as the chatbot backend sends it (see schemas/step-request.schema.json).
public struct StepRequest: Sendable {
    public var version: Int
    public var language: String
    public var state: String?
    /// Fact -> value, in the order given.
    public var answers: [(fact: String, value: String)]
    public var withdraw: [String]
    /// The answer to "did the fix work?" for a cause.
    public var fixResult: (cause: String, worked: Bool)?

    public init(version: Int = 1, language: String = "en", state: String? = nil,
                answers: [(fact: String, value: String)] = [], withdraw: [String] = [],
                fixResult: (cause: String, worked: Bool)? = nil) {
        self.version = version
        self.language = language
        self.state = state
        self.answers = answers
        self.withdraw = withdraw
        self.fixResult = fixResult
    }
}

/// One chat turn's answer (see schemas/step-response.schema.json).
public struct StepResponse: Codable, Sendable {
    /// "Did the fix work?": each choice carries the boolean `fixResult.worked` takes, so a
    /// caller answers with `{"cause": cause, "worked": choice.worked}` as it is.
    public struct FixCheck: Codable, Sendable {
        public struct Choice: Codable, Sendable {
            public var worked: Bool
            public var label: String
        }

        public var cause: String
        public var text: String
        public var choices: [Choice]
    }

    public var version: Int
    public var state: String
    /// `question`, `diagnosis` (awaiting "did the fix work?") or `resolved`.
    public var status: String
    public var language: String
    public var conclusion: String?
    public var question: DiagnosisReport.QuestionLine?
    public var causes: [DiagnosisReport.CauseLine]
    public var otherProbability: Double
    public var facts: [DiagnosisReport.FactLine]
    public var fixCheck: FixCheck?
}

/// A refused request: always JSON, with a stable code (see schemas/step-error.schema.json).
public struct StepError: Error, Codable, Sendable, Equatable {
    public struct Detail: Codable, Sendable, Equatable {
        public var code: String
        public var message: String
        public var field: String?
    }

    public var version: Int
    public var error: Detail

    public init(_ code: String, _ message: String, field: String? = nil) {
        version = 1
        error = Detail(code: code, message: message, field: field)
    }
}

import Foundation
import Rendering

/// One chat turn's request, as the chatbot backend sends it (see schemas/step-request.schema.json).
package struct StepRequest: Sendable {
    package var version: Int
    package var language: String
    package var state: String?
    /// Fact -> value, in the order given.
    package var answers: [(fact: String, value: String)]
    package var withdraw: [String]
    /// The answer to "did the fix work?" for a cause.
    package var fixResult: (cause: String, worked: Bool)?

    package init(
        version: Int = 1, language: String = "en", state: String? = nil,
        answers: [(fact: String, value: String)] = [], withdraw: [String] = [],
        fixResult: (cause: String, worked: Bool)? = nil
    ) {
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
    package struct FixCheck: Codable, Sendable {
        package struct Choice: Codable, Sendable {
            package var worked: Bool
            package var label: String
        }

        package var cause: String
        package var text: String
        package var choices: [Choice]
    }

    package var version: Int
    /// The signed state to send back with the next turn.
    public var state: String
    /// `question`, `diagnosis` (awaiting "did the fix work?") or `resolved`.
    package var status: String
    package var language: String
    package var conclusion: String?
    /// Which fix to try first and why; present in a diagnosis.
    package var plan: DiagnosisReport.PlanLine?
    package var question: DiagnosisReport.QuestionLine?
    package var causes: [DiagnosisReport.CauseLine]
    package var otherProbability: Double
    package var facts: [DiagnosisReport.FactLine]
    package var fixCheck: FixCheck?
}

/// A refused request: always JSON, with a stable code (see schemas/step-error.schema.json).
public struct StepError: Error, Codable, Sendable, Equatable {
    /// The stable code (`bad-request`, `bad-state`, ...) and a sentence for a person.
    public struct Detail: Codable, Sendable, Equatable {
        /// One of the codes in schemas/step-error.schema.json.
        public var code: String
        package var message: String
        package var field: String?
    }

    package var version: Int
    /// What was refused.
    public var error: Detail

    package init(_ code: String, _ message: String, field: String? = nil) {
        version = 1
        error = Detail(code: code, message: message, field: field)
    }
}

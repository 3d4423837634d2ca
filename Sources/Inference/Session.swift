import Foundation
import KnowledgeBase

/// The state of one diagnosis: a plain, versioned, serialisable value. Beliefs are never
/// stored; they are recomputed from these facts, so changing or withdrawing an answer is exact
/// and a session replays to the same result.
public struct Session: Codable, Sendable, Equatable {
    public static let currentVersion = 1

    /// Where a fact came from.
    public enum Origin: String, Codable, Sendable {
        case user, flag, config, probe, error
    }

    /// One fact as given, in order.
    public struct Answer: Codable, Sendable, Equatable {
        public var fact: String
        public var value: String
        public var origin: Origin

        public init(fact: String, value: String, origin: Origin) {
            self.fact = fact
            self.value = value
            self.origin = origin
        }
    }

    public var version: Int
    /// Facts given directly, oldest first; a later answer for the same fact replaces the older.
    public private(set) var answers: [Answer]
    /// The pasted error text, read with the signatures every time beliefs are computed. It is
    /// kept as `TextExcerpt` bounds it, so the state stays small and reads the same each turn.
    public var errorText: String? {
        didSet {
            // didSet does not run again for this assignment.
            errorText = errorText.map(Session.kept)
        }
    }

    /// What is kept of a pasted text: a bounded excerpt, its secrets masked.
    static func kept(_ text: String) -> String {
        SecretRedactor.redact(TextExcerpt.bounded(text))
    }
    /// Causes whose fix the user applied without success.
    public private(set) var ruledOut: [String]
    /// The user confirmed a fix worked.
    public var resolved: Bool
    /// The SMTP host the live probes last measured, so a chat turn does not probe it again.
    public var probedHost: String?

    public init(errorText: String? = nil) {
        version = Session.currentVersion
        answers = []
        self.errorText = errorText.map(Session.kept)
        ruledOut = []
        resolved = false
    }

    /// Sets a fact, replacing an earlier answer for it.
    public mutating func answer(_ fact: String, _ value: String, origin: Origin = .user) {
        answers.removeAll { $0.fact == fact }
        answers.append(Answer(fact: fact, value: value, origin: origin))
    }

    /// Withdraws the answer for `fact`, if any.
    public mutating func withdraw(_ fact: String) {
        answers.removeAll { $0.fact == fact }
    }

    /// Withdraws the most recent answer the user typed; returns its fact.
    @discardableResult
    public mutating func back() -> String? {
        guard let index = answers.lastIndex(where: { $0.origin == .user }) else { return nil }
        return answers.remove(at: index).fact
    }

    /// The user applied the fix for `cause` and it did not help.
    public mutating func fixFailed(for cause: String) {
        if !ruledOut.contains(cause) { ruledOut.append(cause) }
        resolved = false
    }

    /// Forgets that a cause was ruled out.
    public mutating func reconsider(_ cause: String) {
        ruledOut.removeAll { $0 == cause }
    }

    public func answer(for fact: String) -> Answer? { answers.first { $0.fact == fact } }
}

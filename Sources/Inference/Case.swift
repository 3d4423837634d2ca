import Foundation
import KnowledgeBase

/// The case under diagnosis: every fact given, each with where it came from, the pasted error
/// text, the causes whose fix failed. A plain, versioned, serialisable value (it is what the
/// chat state carries). Beliefs are never stored; they are recomputed from these facts, so
/// changing or withdrawing an answer is exact and a case replays to the same result.
///
/// There is one copy of the case: the commands build it from odoo.conf, the flags, an answers
/// file and the pasted text; the probes are aimed from it and report back into it.
///
/// **Precedence.** When two sources give the same fact, the more trusted one wins, whatever
/// the order they arrive in (`Origin.trust`, rising):
/// 1. what the error text says (read afresh each time, never stored as an answer);
/// 2. `config`: odoo.conf, a file that may be stale;
/// 3. `probe`: a measurement of the running system (Odoo's own mail server records beat the
///    config file Odoo falls back to);
/// 4. `flag`: a command-line option;
/// 5. `user`: an answer the person gave (typed, from an answers file or a chat turn).
/// Among facts of the same origin the later one wins.
public struct Case: Codable, Sendable, Equatable {
    package static let currentVersion = 1

    /// Where a fact came from.
    public enum Origin: String, Codable, Sendable {
        case user, flag, config, probe, error

        /// How much a fact from this origin is believed against another origin's value.
        package var trust: Int {
            switch self {
            case .error: return 0
            case .config: return 1
            case .probe: return 2
            case .flag: return 3
            case .user: return 4
            }
        }
    }

    /// One fact as given, in order.
    package struct Answer: Codable, Sendable, Equatable {
        package var fact: String
        package var value: String
        package var origin: Origin

        package init(fact: String, value: String, origin: Origin) {
            self.fact = fact
            self.value = value
            self.origin = origin
        }
    }

    package var version: Int
    /// Facts given directly, oldest first; at most one per fact (see the precedence above).
    package private(set) var answers: [Answer]
    /// The pasted error text, read with the signatures every time beliefs are computed. It is
    /// kept as `TextExcerpt` bounds it, so the state stays small and reads the same each turn.
    package var errorText: String? {
        didSet {
            // didSet does not run again for this assignment.
            errorText = errorText.map(Case.kept)
        }
    }

    /// What is kept of a pasted text: a bounded excerpt, its secrets masked.
    static func kept(_ text: String) -> String {
        SecretRedactor.redact(TextExcerpt.bounded(text))
    }
    /// Causes whose fix the user applied without success.
    package private(set) var ruledOut: [String]
    /// The user confirmed a fix worked.
    package var resolved: Bool
    /// The SMTP host the live probes last measured, so a chat turn does not probe it again.
    package var probedHost: String?

    /// An empty case, or one that starts from pasted error text.
    public init(errorText: String? = nil) {
        version = Case.currentVersion
        answers = []
        self.errorText = errorText.map(Case.kept)
        ruledOut = []
        resolved = false
    }

    /// Sets a fact unless a more trusted source already gave it; returns whether it was set.
    @discardableResult
    public mutating func answer(_ fact: String, _ value: String, origin: Origin = .user) -> Bool {
        if let existing = answer(for: fact), existing.origin.trust > origin.trust { return false }
        answers.removeAll { $0.fact == fact }
        answers.append(Answer(fact: fact, value: value, origin: origin))
        return true
    }

    /// Appends pasted text to the error text (a second paste adds to the first).
    package mutating func paste(_ text: String) {
        errorText = [errorText, text].compactMap { $0 }.joined(separator: "\n")
    }

    /// Withdraws the answer for `fact`, if any.
    package mutating func withdraw(_ fact: String) {
        answers.removeAll { $0.fact == fact }
    }

    /// Withdraws the most recent answer the user typed; returns its fact.
    @discardableResult
    package mutating func back() -> String? {
        guard let index = answers.lastIndex(where: { $0.origin == .user }) else { return nil }
        return answers.remove(at: index).fact
    }

    /// The user applied the fix for `cause` and it did not help.
    package mutating func fixFailed(for cause: String) {
        if !ruledOut.contains(cause) { ruledOut.append(cause) }
        resolved = false
    }

    /// Forgets that a cause was ruled out.
    package mutating func reconsider(_ cause: String) {
        ruledOut.removeAll { $0 == cause }
    }

    package func answer(for fact: String) -> Answer? { answers.first { $0.fact == fact } }
}

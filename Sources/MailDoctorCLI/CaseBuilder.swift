import Foundation
import Inference
import KnowledgeBase
import Probes
import RuleLoader

/// Builds the case once from what the command line gives: odoo.conf, the pasted error text,
/// the flags and an answers file. Which source wins when two give the same fact is the
/// case's precedence (see `Case`), not the order of these calls; the probes are then aimed
/// from the case (`ProbeOptions.context(for:)`), so the engine and the probes see one port.
struct CaseBuilder {
    /// One flag that sets a fact, as typed.
    struct FlagFact {
        var flag: String
        var fact: String
        var value: String?
    }

    let engine: Engine
    let language: Language
    /// The command's name, for the messages: `mail-doctor <command>: ...`.
    let command: String
    private(set) var conversation: Conversation
    /// Causes whose fix an answers file says already failed.
    private(set) var fixFailed: [String] = []

    init(engine: Engine, language: Language, command: String) {
        self.engine = engine
        self.language = language
        self.command = command
        conversation = Conversation(engine: engine, channel: .terminal)
    }

    /// The facts odoo.conf establishes (origin `config`).
    mutating func add(config settings: OdooConfigProbe.Settings?) throws {
        guard let settings else { return }
        for (fact, value) in settings.facts.sorted(by: { $0.key < $1.key }) {
            try give(fact, value, origin: .config, flag: "--config")
        }
    }

    /// The error text as pasted.
    mutating func add(errorText: String?) {
        if let errorText { try? conversation.handle(.errorText(errorText)) }
    }

    /// Facts from flags (origin `flag`); a value the fact cannot take is a usage error (64).
    mutating func add(flags: [FlagFact]) throws {
        for flag in flags {
            if let value = flag.value { try give(flag.fact, value, origin: .flag, flag: flag.flag) }
        }
    }

    /// The answers file (origin `user`, as if typed): every bad entry is reported with its
    /// line before the command stops with 65.
    mutating func add(answersFile path: String?) throws {
        guard let path else { return }
        switch AnswerFile.read(path: path) {
        case .failure(let diagnostics):
            diagnostics.items.forEach { Console.error($0.description) }
            throw MailDoctorError.exit(ExitCodes.dataError)
        case .success(let file):
            var bad = false
            for entry in file.entries {
                do throws(InferenceError) {
                    try conversation.handle(.given(fact: entry.fact, value: entry.value, origin: .user))
                } catch {
                    Console.error(
                        AnswerFile.problem(
                            error.message(in: language, knowledge: engine.knowledge),
                            at: entry
                        ).description)
                    bad = true
                }
            }
            for cause in file.fixFailed where engine.knowledge.cause(cause) == nil {
                Console.error("\(path): error: unknown cause '\(cause)' in fix-failed")
                bad = true
            }
            if bad { throw MailDoctorError.exit(ExitCodes.dataError) }
            fixFailed = file.fixFailed
        }
    }

    private mutating func give(_ fact: String, _ value: String, origin: Case.Origin, flag: String) throws {
        do throws(InferenceError) {
            try conversation.handle(.given(fact: fact, value: value, origin: origin))
        } catch {
            throw MailDoctorError.usage(
                "mail-doctor \(command): \(flag): \(error.message(in: language, knowledge: engine.knowledge))")
        }
    }
}

import ArgumentParser
import Foundation
import KnowledgeBase
import RuleLoader

/// Flags every command that answers in a language shares: the language and the rules.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Language of the output: en or ar (default: from LANG, else en).")
    var lang: Language?

    @OptionGroup var source: RulesOptions

    /// The language asked for, else Arabic when the locale is Arabic, else English.
    var language: Language {
        if let lang { return lang }
        let locale = ProcessInfo.processInfo.environment["LANG"] ?? ""
        return locale.hasPrefix("ar") ? .ar : .en
    }

    var displayRoot: String { source.displayRoot }
    func rulesDirectory() throws -> String { try source.rulesDirectory() }
    func loadKnowledge() throws -> KnowledgeBase { try source.loadKnowledge() }
}

/// Where the rules come from: every command has `--rules` (docs and step have their own
/// language handling, so they take only this group).
struct RulesOptions: ParsableArguments {
    @Option(name: .long, help: "The rules folder (default: the shipped rules/).")
    var rules: String?

    func validate() throws {
        if let rules { try OptionCheck.path(rules, flag: "--rules") }
    }

    /// How the rules folder is named in messages and explanations: as typed, or `rules` for
    /// the shipped one (its absolute path says nothing to a user).
    var displayRoot: String { Self.displayRoot(of: rules) }

    static func displayRoot(of rules: String?) -> String { rules ?? "rules" }

    /// The rules folder to read.
    func rulesDirectory() throws -> String { try Self.directory(named: rules) }

    /// The folder `--rules` names, else the shipped one (see `RulesLocator`).
    static func directory(named rules: String?) throws -> String {
        if let rules {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: rules, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw MailDoctorError.rulesNotFound("mail-doctor: the rules folder '\(rules)' does not exist")
            }
            return rules
        }
        if let found = RulesLocator.shippedRules() {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: found, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw MailDoctorError.rulesNotFound(
                    "mail-doctor: the rules folder '\(found)' (from MAIL_DOCTOR_RULES) does not exist")
            }
            return found
        }
        throw MailDoctorError.rulesNotFound(
            "mail-doctor: cannot find the shipped rules/ folder; pass --rules DIR or set MAIL_DOCTOR_RULES")
    }

    /// Loads the rules; broken rules stop the command with exit 65 and the diagnostics.
    func loadKnowledge() throws -> KnowledgeBase {
        let directory = try rulesDirectory()
        let result = RuleCache.load(directory: directory, displayRoot: displayRoot)
        if !result.errors.isEmpty {
            for diagnostic in result.errors.prefix(20) { Console.error(diagnostic.description) }
            Console.error(
                "mail-doctor: the rules in '\(directory)' have \(result.errors.count) "
                    + "error(s); run 'mail-doctor lint' for the full list.")
            throw MailDoctorError.exit(ExitCodes.dataError)
        }
        return result.knowledge
    }
}

extension Language: ExpressibleByArgument {}

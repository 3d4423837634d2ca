import ArgumentParser
import Foundation
import KnowledgeBase
import Rendering

/// `mail-doctor docs`: the bilingual documentation, generated from the rules.
struct DocsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docs",
        abstract: "Generate the bilingual documentation (content/) from the rules.",
        discussion: "Deterministic: the same rules give the same files. Exit 65 on broken rules."
    )

    enum Languages: String, ExpressibleByArgument, CaseIterable {
        case en, ar, all
    }

    @OptionGroup var global: RulesOptions

    @Option(name: .customLong("lang"), help: "Which language to generate: en, ar or all.")
    var lang: Languages = .all

    @Option(help: "Where to write the pages (default: the content/ folder beside the rules' checkout).")
    var out: String?

    func validate() throws {
        if let out { try OptionCheck.path(out, flag: "--out") }
    }

    func run() throws {
        let knowledge = try global.loadKnowledge()
        // Without --out, only a checkout's own content/ (beside its rules/) is written: run
        // anywhere else, the command must not scatter a content/ folder there.
        let rulesFolder = URL(fileURLWithPath: try global.rulesDirectory()).standardizedFileURL
        let beside = rulesFolder.deletingLastPathComponent().appendingPathComponent("content").path
        guard let out = out ?? (FileManager.default.fileExists(atPath: beside) ? beside : nil) else {
            throw MailDoctorError.usage(
                "mail-doctor docs: say where to write the pages with --out DIR "
                    + "(there is no content/ folder beside \(rulesFolder.path))")
        }
        let languages: [Language] = lang == .all ? Language.allCases : [Language(rawValue: lang.rawValue)!]
        do {
            try Self.write(
                DocsGenerator(knowledge: knowledge).pages(languages: languages), to: out, languages: languages)
        } catch {
            throw MailDoctorError.cannotWrite(
                "mail-doctor docs: cannot write to '\(out)': \(error.localizedDescription)")
        }
        let count = DocsGenerator(knowledge: knowledge).pages(languages: languages).count
        Console.error("mail-doctor docs: wrote \(count) pages to \(out)/")
    }

    /// Writes the pages under `directory`, removing generated pages that no longer exist.
    static func write(_ pages: [String: String], to directory: String, languages: [Language]) throws {
        let fileManager = FileManager.default
        for language in languages {
            let folder = directory + "/" + language.rawValue
            if fileManager.fileExists(atPath: folder) { try fileManager.removeItem(atPath: folder) }
        }
        for (path, text) in pages {
            let url = URL(fileURLWithPath: directory).appendingPathComponent(path)
            try fileManager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }
}

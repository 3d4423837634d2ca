import ArgumentParser
import Foundation
import Inference
import KnowledgeBase
import Rendering

/// `mail-doctor scan`: mail failures in an Odoo log, grouped by cause.
struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Read an Odoo server log and group its mail failures by cause.",
        discussion: "Streams the file; use - for stdin. Exit 0 when read, 65 when unreadable."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The Odoo log file (or - for stdin).")
    var log: String

    func validate() throws {
        try OptionCheck.path(log, flag: "LOG")
    }

    func run() throws {
        let knowledge = try global.loadKnowledge()
        let engine = Engine(knowledge: knowledge)
        let scanner = LogScanner(engine: engine)
        try LineReader.forEachLine(path: log == "-" ? "/dev/stdin" : log) { scanner.consume($0) }
        let groups = scanner.finish()
        let report = ScanReport(
            version: ScanReport.currentVersion, file: log, lines: scanner.lines,
            records: scanner.records, failures: scanner.failures,
            groups: groups.map { group in
                ScanReport.Group(
                    cause: group.cause,
                    title: group.cause.flatMap { knowledge.cause($0)?.title[global.language] }
                        ?? (global.language == .ar ? "غير معروف للقواعد" : "not recognised by the rules"),
                    count: group.count, first: group.first, last: group.last,
                    probability: (group.probability * 1000).rounded() / 1000,
                    sample: group.sample,
                    fix: group.cause.flatMap { engine.fixes(for: $0, facts: Facts()).first?.fix.title[global.language] }
                )
            })
        switch output.format {
        case .json: Console.out(JSONRenderer.render(report))
        case .markdown: Console.out(ScanRenderer(language: global.language).markdown(report))
        case .terminal: Console.out(ScanRenderer(language: global.language).terminal(report))
        }
    }
}

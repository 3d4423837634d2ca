import ArgumentParser
import Foundation
import Inference
import KnowledgeBase
import Rendering
import Service

/// `mail-doctor scan`: mail failures in an Odoo log, grouped by cause.
struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Read an Odoo server log and group its mail failures by cause.",
        discussion: "Streams the file (a big one on every core); use - for stdin. Exit 0 when read, 65 when unreadable."
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
        let scan =
            try LogFileReader.partsFromEnvironment.map {
                try LogFileReader.scan(path: log, engine: engine, parts: $0, minimumPart: 1)
            } ?? LogFileReader.scan(path: log, engine: engine)
        let report = scan.report(file: log, language: global.language)
        switch output.format {
        case .json: Console.out(JSONRenderer.render(report))
        case .markdown: Console.out(ScanRenderer(language: global.language).markdown(report))
        case .terminal: Console.out(ScanRenderer(language: global.language).terminal(report))
        }
    }
}

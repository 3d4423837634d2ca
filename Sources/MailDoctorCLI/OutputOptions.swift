import ArgumentParser
import Foundation
import KnowledgeBase
import Rendering

/// How a command shows its answer.
struct OutputOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case terminal, markdown, json
    }

    enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
    }

    @Option(help: "Output format: terminal, markdown or json.")
    var format: Format = .terminal

    @Option(help: "Colour: auto (only on a terminal, never with NO_COLOR), always or never.")
    var color: ColorChoice = .auto

    @Flag(
        name: .customLong("rule-locations"),
        help: "Show the rule file and line behind each piece of evidence (Markdown).")
    var ruleLocations = false

    /// Colour only on a terminal and never when NO_COLOR is set, unless forced.
    var useColor: Bool {
        switch color {
        case .always: return true
        case .never: return false
        case .auto:
            let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
            return !noColor && Console.stdoutIsTerminal
        }
    }

    /// Prints a report in the chosen format.
    func print(_ report: DiagnosisReport, language: Language) {
        switch format {
        case .json: Console.out(JSONRenderer.render(report))
        case .markdown:
            Console.out(MarkdownRenderer(language: language, showRuleLocations: ruleLocations).render(report))
        case .terminal:
            Console.out(TerminalRenderer(language: language, color: useColor).render(report))
        }
    }
}

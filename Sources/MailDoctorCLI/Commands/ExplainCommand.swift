import ArgumentParser
import Foundation
import Inference
import KnowledgeBase
import Rendering
import Service

/// `mail-doctor explain`: what a pasted error means, with no questions asked.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain an error text: ranked causes with probabilities, and the fixes.",
        discussion: """
            TEXT is the error as pasted (an Odoo dialog, a traceback, a log excerpt, in Arabic \
            or English); use - to read it from stdin. Exit 0 with an answer, 65 for empty input.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The error text, or - to read stdin.")
    var text: String

    @Option(help: "Explain why a cause is NOT the answer (a cause id).")
    var whyNot: String?

    func validate() throws {
        if let whyNot { try OptionCheck.nonEmpty(whyNot, flag: "--why-not") }
    }

    func run() throws {
        let errorText = try InputText.argumentOrStdin(text, command: "explain")
        guard !errorText.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw MailDoctorError.badInput("mail-doctor explain: the error text is empty.")
        }
        if errorText.utf8.count > TextExcerpt.limit {
            Console.error(
                "mail-doctor explain: the text is \(errorText.utf8.count / 1024) KiB; only its first "
                    + "\(TextExcerpt.headLimit / 1024) KiB and last \(TextExcerpt.tailLimit / 1024) KiB are read "
                    + "(use 'mail-doctor scan' for a whole log).")
        }
        let knowledge = try global.loadKnowledge()
        if let cause = whyNot, knowledge.cause(cause) == nil {
            throw MailDoctorError.usage("mail-doctor explain: --why-not: unknown cause '\(cause)'.")
        }
        let engine = Engine(knowledge: knowledge)
        let language = global.language
        let (report, evaluation, session) = Explanation.report(for: errorText, engine: engine, language: language)
        let recognised = !(evaluation.reading?.facts.isEmpty ?? true)
        if !recognised && output.format != .json {
            // Nothing to explain: say so, with the general ranking in a few lines, instead of
            // a full report of fixes at 9%.
            let ar = language == .ar
            let renderer = TerminalRenderer(language: language, color: output.useColor && output.format == .terminal)
            Console.out(
                renderer.line(
                    ar
                        ? "لم يُتعرَّف في هذا النص على أي رسالة خطأ أو عَرَض معروف."
                        : "Nothing in this text was recognised as a known error or symptom."))
            Console.out(
                renderer.line(
                    ar
                        ? "هذا ترتيب الأسباب من حيث شيوعها فقط، لا من النص:"
                        : "This is only how common each cause is, not what the text says:"))
            renderer.briefRanking(report.causes.prefix(3).map { ($0.title, $0.probability) }).forEach(Console.out)
            Console.out(
                renderer.line(
                    ar
                        ? "الصق نص الخطأ كاملاً (نافذة Odoo أو أسطر السجل)، أو شغّل mail-doctor diagnose لتُسأل خطوة بخطوة."
                        : "Paste the whole error (Odoo's dialog or the log lines), or run mail-doctor diagnose to be asked step by step."
                ))
        } else {
            output.print(report, language: language)
        }
        if let cause = whyNot {
            WhyNot.print(
                cause, engine: engine, record: session, facts: evaluation.facts,
                language: language)
        }
    }
}

/// The WHY NOT explanation, shared by explain and diagnose.
enum WhyNot {
    /// `cause` is one the rules know: the commands check `--why-not` before they start.
    static func print(
        _ cause: String, engine: Engine, record: Case, facts: Facts,
        language: Language
    ) {
        guard let known = engine.knowledge.cause(cause) else { return }
        let beliefs = engine.beliefs(for: facts, ruledOut: Set(record.ruledOut))
        let steps = Explainer(engine: engine).whyNot(
            cause, facts: facts, session: record,
            language: language)
        let ar = language == .ar
        let probability = Int((beliefs.probability(of: cause) * 100).rounded())
        Console.error("")
        Console.error(
            ar
                ? "لماذا ليس «\(known.title.ar)»؟ (الاحتمال \(probability)٪)"
                : "Why not “\(known.title.en)”? (probability \(probability)%)")
        if steps.isEmpty {
            Console.error(
                ar
                    ? "  لا شيء ينفيه؛ الأسباب الأخرى ببساطة أقوى دليلاً."
                    : "  Nothing rules it out; other causes simply have stronger evidence.")
        }
        for step in steps {
            var line = "  - \(step.description)"
            if step.factor > 0 { line += String(format: " (÷%.1f)", 1 / step.factor) }
            if let location = step.location { line += "  [\(location)]" }
            Console.error(line)
        }
    }
}

import Foundation
import Inference
import KnowledgeBase
import Rendering

/// The conversation on a terminal: one question at a time, numbered choices, `?` for help,
/// `why`, `back` and `quit`; after the conclusion, "did it work?".
struct InteractiveDiagnosis {
    let engine: Engine
    let language: Language
    let renderer: TerminalRenderer

    private var ar: Bool { language == .ar }

    func run(_ start: Session) -> Session {
        var session = start
        let builder = ReportBuilder(engine: engine, language: language)
        var asked = 0
        Console.out(renderer.bold(ar ? "Mail Doctor: سنحدد سبب فشل إرسال البريد من Odoo."
                                  : "Mail Doctor: let's find out why Odoo cannot send email."))
        Console.out(ar ? "أجب برقم الخيار أو بالقيمة. ? للمساعدة، why لسبب السؤال، back للرجوع، quit للخروج."
                    : "Answer with the number or the value. ? for help, why, back, quit.")
        while true {
            let evaluation = engine.evaluate(session)
            if evaluation.next != nil {
                let report = builder.report(for: session, evaluation: evaluation)
                guard let question = report.question else { break }
                asked += 1
                Console.out("")
                Console.out(renderer.bold(renderer.line("\(asked). \(question.text)")))
                for (index, choice) in question.choices.enumerated() {
                    Console.out(renderer.line("   \(index + 1)) \(choice.label)"))
                }
                guard let input = prompt() else { return session }
                switch command(input) {
                case .quit:
                    return session
                case .help:
                    renderer.wrap(question.help, indent: "   ").forEach(Console.out)
                    asked -= 1
                case .why:
                    renderer.wrap(question.why, indent: "   ").forEach(Console.out)
                    asked -= 1
                case .back:
                    if session.back() == nil {
                        Console.out(ar ? "   لا توجد إجابة سابقة للرجوع إليها." : "   There is no earlier answer to change.")
                    }
                    asked = max(0, asked - 2)
                case .answer(let text):
                    let offered = question.choices.map(\.value).filter { $0 != Facts.unknown }
                    var value = text
                    if let number = Int(text), number >= 1, number <= question.choices.count,
                       !question.freeAnswer || !offered.contains(text) {
                        value = question.choices[number - 1].value
                    }
                    if case .failure(let problem) = engine.answer(value, for: question.fact,
                                                                  in: &session) {
                        Console.out("   ! \(problem)")
                        asked -= 1
                    }
                }
                continue
            }
            let report = builder.report(for: session, evaluation: evaluation)
            Console.out("")
            Console.out(renderer.render(report))
            guard case .some(let conclusion) = evaluation.conclusion, conclusion != .resolved,
                  let top = evaluation.beliefs.top?.cause else { return session }
            Console.out("")
            Console.out(renderer.bold(ar ? "هل حلّ الإصلاح المشكلة؟ (نعم / لا / quit)"
                                      : "Did the fix work? (yes / no / quit)"))
            guard let input = prompt() else { return session }
            switch command(input) {
            case .answer(let text) where ["yes", "y", "نعم", "ايوه", "أيوه"].contains(text.lowercased()):
                session.resolved = true
                Console.out(ar ? "ممتاز، تم حل المشكلة." : "Great, solved.")
                return session
            case .answer(let text) where ["no", "n", "لا"].contains(text.lowercased()):
                session.fixFailed(for: top)
                Console.out(ar ? "سنستبعد هذا السبب ونكمل." : "Ruling that cause out and carrying on.")
            case .back:
                session.back()
            default:
                return session
            }
        }
        return session
    }

    private enum Command {
        case quit, help, why, back, answer(String)
    }

    private func command(_ input: String) -> Command {
        let text = input.trimmingCharacters(in: .whitespaces)
        switch text.lowercased() {
        case "quit", "q", "exit", "خروج": return .quit
        case "?", "؟", "help", "مساعدة": return .help
        case "why", "لماذا", "ليش": return .why
        case "back", "b", "رجوع": return .back
        default: return .answer(text)
        }
    }

    /// Reads one line; nil at the end of input, so a closed terminal ends the session.
    private func prompt() -> String? {
        Console.partial("> ")
        guard let line = readLine(strippingNewline: true) else { return nil }
        return line.isEmpty ? prompt() : line
    }
}

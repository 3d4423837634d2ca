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

    /// How the conversation ended: with a conclusion shown, or the user stopped it (quit,
    /// Ctrl-D) before one.
    enum Ending { case concluded, stopped }

    func run(_ start: Session) -> (Session, Ending) {
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
                guard let input = prompt() else { return (session, .stopped) }
                switch command(input) {
                case .quit:
                    return (session, .stopped)
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
                        Console.out(renderer.line("   ! " + problem.message(in: language, knowledge: engine.knowledge)))
                        asked -= 1
                    }
                }
                continue
            }
            let report = builder.report(for: session, evaluation: evaluation)
            Console.out("")
            Console.out(renderer.render(report))
            guard case .some(let conclusion) = evaluation.conclusion, conclusion != .resolved,
                  let top = evaluation.beliefs.top?.cause else { return (session, .concluded) }
            Console.out("")
            Console.out(renderer.bold(ar ? "هل حلّ الإصلاح المشكلة؟ (نعم / لا / quit)"
                                      : "Did the fix work? (yes / no / quit)"))
            // Asked again until it gets an answer: "maybe" must not end the session silently.
            repeatQuestion: while true {
                guard let input = prompt() else { return (session, .concluded) }
                switch command(input) {
                case .answer(let text) where ["yes", "y", "نعم", "ايوه", "أيوه", "اي", "ايه"].contains(text.lowercased()):
                    session.resolved = true
                    Console.out(ar ? "ممتاز، تم حل المشكلة." : "Great, solved.")
                    return (session, .concluded)
                case .answer(let text) where ["no", "n", "لا", "لأ", "لسه"].contains(text.lowercased()):
                    session.fixFailed(for: top)
                    Console.out(ar ? "سنستبعد هذا السبب ونكمل." : "Ruling that cause out and carrying on.")
                    break repeatQuestion
                case .back:
                    session.back()
                    break repeatQuestion
                case .quit:
                    return (session, .concluded)
                default:
                    Console.out(ar ? "   أجب بـ «نعم» إن حُلّت المشكلة، أو «لا» إن لم تُحل، أو quit للخروج."
                                : "   Answer yes if it works now, no if it still fails, or quit.")
                }
            }
        }
        return (session, .concluded)
    }

    /// What is known when the user stops before a conclusion: the leading causes so far in a
    /// few lines, and what to do next; not a full report of advice at 10%.
    func stoppedSummary(_ session: Session) -> [String] {
        let evaluation = engine.evaluate(session)
        let given = session.answers.filter { $0.value != Facts.unknown }.count
        var lines = [""]
        lines.append(ar ? "توقفنا قبل الوصول إلى نتيجة (\(given) إجابة معروفة)." :
                     "Stopped before a conclusion (\(given) answer(s) known).")
        let ranked = evaluation.beliefs.ranked.prefix(3).filter { $0.probability >= 0.05 }
        if !ranked.isEmpty {
            lines.append(ar ? "الأسباب المرجّحة حتى الآن:" : "Most likely so far:")
            for (index, item) in ranked.enumerated() {
                guard let cause = engine.knowledge.cause(item.cause) else { continue }
                lines.append("  \(index + 1). \(cause.title[language])  \(renderer.percent(item.probability))")
            }
        }
        lines.append(ar ? "لم يُحسم شيء بعد: شغّل mail-doctor diagnose من جديد وأجب عن أسئلة أخرى، أو الصق نص الخطأ في mail-doctor explain."
                     : "Nothing is settled yet: run mail-doctor diagnose again and answer a few more questions, or paste the error into mail-doctor explain.")
        return lines.map(renderer.line)
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

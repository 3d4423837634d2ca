import Foundation
import Inference
import KnowledgeBase
import Rendering

/// The conversation on a terminal: one question at a time, numbered choices, `?` for help,
/// `why`, `back` and `quit`; after the conclusion, "did it work?". A thin driver of the
/// `Conversation`: it reads lines, turns them into events and prints what comes back.
struct InteractiveDiagnosis {
    private(set) var conversation: Conversation
    let language: Language
    let renderer: TerminalRenderer
    private let input = TerminalInput()

    private var ar: Bool { language == .ar }
    private var engine: Engine { conversation.engine }

    init(conversation: Conversation, language: Language, renderer: TerminalRenderer) {
        self.conversation = conversation
        self.language = language
        self.renderer = renderer
    }

    /// How the conversation ended: with a conclusion shown, or the user stopped it (quit,
    /// Ctrl-D) before one.
    enum Ending { case concluded, stopped }

    mutating func run() -> Ending {
        TerminalInput.enableBracketedPaste()
        defer { TerminalInput.disableBracketedPaste() }
        let builder = ReportBuilder(engine: engine, language: language)
        var asked = 0
        Console.out(
            renderer.bold(
                ar
                    ? "Mail Doctor: سنحدد سبب فشل إرسال البريد من Odoo."
                    : "Mail Doctor: let's find out why Odoo cannot send email."))
        renderer.wrap(
            ar
                ? "أجب برقم الخيار أو بالقيمة. ? للمساعدة، why لسبب السؤال، back للرجوع، quit للخروج."
                : "Answer with the number or the value. ? for help, why, back, quit.", indent: ""
        ).forEach(Console.out)
        while true {
            let evaluation = conversation.next()
            if evaluation.next != nil {
                let report = builder.report(for: conversation.record, evaluation: evaluation)
                guard let question = report.question else { break }
                asked += 1
                Console.out("")
                // Wrapped at word ends to the terminal's width, and a long list of choices in
                // columns, so the question and its choices fit an 80 × 30 screen.
                renderer.wrap("\(asked). \(question.text)", indent: "", hanging: "   ").forEach {
                    Console.out(renderer.bold($0))
                }
                choiceLines(question.choices.map(\.label)).forEach(Console.out)
                guard let input = prompt() else { return .stopped }
                switch command(input) {
                case .quit:
                    return .stopped
                case .help:
                    renderer.wrap(question.help, indent: "   ").forEach(Console.out)
                    asked -= 1
                case .why:
                    renderer.wrap(question.why, indent: "   ").forEach(Console.out)
                    asked -= 1
                case .back:
                    let before = conversation.record
                    try? conversation.handle(.back)
                    if conversation.record == before {
                        Console.out(
                            ar ? "   لا توجد إجابة سابقة للرجوع إليها." : "   There is no earlier answer to change.")
                    }
                    asked = max(0, asked - 2)
                case .answer(let text):
                    let offered = question.choices.map(\.value).filter { $0 != Facts.unknown }
                    var value = text
                    if let number = Int(text), number >= 1, number <= question.choices.count,
                        !question.freeAnswer || !offered.contains(text)
                    {
                        value = question.choices[number - 1].value
                    }
                    let before = conversation.record.errorText
                    do throws(InferenceError) {
                        try conversation.handle(.answer(fact: question.fact, text: value))
                        if conversation.record.errorText != before { reportReading() }
                    } catch {
                        Console.out(renderer.line("   ! " + error.message(in: language, knowledge: engine.knowledge)))
                        asked -= 1
                    }
                }
                continue
            }
            let report = builder.report(for: conversation.record, evaluation: evaluation)
            Console.out("")
            Console.out(renderer.render(report))
            // "Did it work?" is about the fix tried first: the plan's, not always the top cause's.
            guard case .some(let conclusion) = evaluation.conclusion, conclusion != .resolved,
                let top = evaluation.plan?.first?.cause ?? evaluation.beliefs.top?.cause
            else { return .concluded }
            Console.out("")
            Console.out(
                renderer.bold(
                    ar
                        ? "هل حلّ الإصلاح المشكلة؟ (نعم / لا / quit)"
                        : "Did the fix work? (yes / no / quit)"))
            // Asked again until it gets an answer: "maybe" must not end the session silently.
            repeatQuestion: while true {
                guard let input = prompt() else { return .concluded }
                switch command(input) {
                case .answer(let text)
                where ["yes", "y", "نعم", "ايوه", "أيوه", "اي", "ايه"].contains(text.lowercased()):
                    try? conversation.handle(.fixResult(cause: top, worked: true))
                    Console.out(ar ? "ممتاز، تم حل المشكلة." : "Great, solved.")
                    return .concluded
                case .answer(let text) where ["no", "n", "لا", "لأ", "لسه"].contains(text.lowercased()):
                    try? conversation.handle(.fixResult(cause: top, worked: false))
                    Console.out(ar ? "سنستبعد هذا السبب ونكمل." : "Ruling that cause out and carrying on.")
                    break repeatQuestion
                case .back:
                    try? conversation.handle(.back)
                    break repeatQuestion
                case .quit:
                    return .concluded
                default:
                    Console.out(
                        ar
                            ? "   أجب بـ «نعم» إن حُلّت المشكلة، أو «لا» إن لم تُحل، أو quit للخروج."
                            : "   Answer yes if it works now, no if it still fails, or quit.")
                }
            }
        }
        return .concluded
    }

    /// The numbered choices, one a line, or for a long list in two columns with labels cut to
    /// the column (the full label is one `?` away in the help).
    func choiceLines(_ labels: [String]) -> [String] {
        let numbered = labels.enumerated().map { "\($0.offset + 1)) \($0.element)" }
        guard numbered.count > 12, renderer.width >= 60 else {
            return numbered.flatMap { renderer.wrap($0, indent: "   ", hanging: "       ") }
        }
        let column = (renderer.width - 4) / 2
        func fit(_ text: String) -> String {
            text.count <= column - 1
                ? text + String(repeating: " ", count: column - text.count)
                : String(text.prefix(column - 2)) + "… "
        }
        let rows = (numbered.count + 1) / 2
        return (0..<rows).map { row in
            let left = numbered[row]
            let right = row + rows < numbered.count ? numbered[row + rows] : ""
            let both = "   " + fit(left) + (right.isEmpty ? "" : fit(right))
            return renderer.line(String(both.reversed().drop { $0 == " " }.reversed()))
        }
    }

    /// Says how a pasted text was read: what was recognised in it, or that nothing was.
    private func reportReading() {
        let reading = conversation.reading
        let titles = (reading?.matches ?? []).compactMap { match in
            engine.knowledge.signatures.first { $0.id == match.signature }?.title[language]
        }
        if titles.isEmpty {
            Console.out(
                renderer.line(
                    ar
                        ? "   لم يُتعرَّف في هذا النص على خطأ معروف؛ حُفظ، ولا يُحتسب لصالح سبب أو ضده."
                        : "   Nothing in that text was recognised; it is kept, and counts for or against no cause."))
        } else {
            let unique = titles.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            Console.out(
                renderer.line(
                    (ar ? "   تم التعرّف على: " : "   Recognised: ")
                        + unique.prefix(3).joined(separator: ar ? "؛ " : "; ")))
        }
    }

    /// What is known when the user stops before a conclusion: the leading causes so far in a
    /// few lines, and what to do next; not a full report of advice at 10%.
    func stoppedSummary() -> [String] {
        let evaluation = conversation.next()
        let given = conversation.record.answers.filter { $0.value != Facts.unknown }.count
        var lines = [
            "",
            renderer.line(
                ar
                    ? "توقفنا قبل الوصول إلى نتيجة (\(given) إجابة معروفة)."
                    : "Stopped before a conclusion (\(given) answer(s) known)."),
        ]
        let ranked = evaluation.beliefs.ranked.prefix(3).filter { $0.probability >= 0.01 }.compactMap { item in
            engine.knowledge.cause(item.cause).map { ($0.title[language], item.probability) }
        }
        if !ranked.isEmpty {
            lines.append(renderer.line(ar ? "الأسباب المرجّحة حتى الآن:" : "Most likely so far:"))
            lines += renderer.briefRanking(ranked)
        }
        lines.append(
            renderer.line(
                ar
                    ? "لم يُحسم شيء بعد: شغّل mail-doctor diagnose من جديد وأجب عن أسئلة أخرى، أو الصق نص الخطأ في mail-doctor explain."
                    : "Nothing is settled yet: run mail-doctor diagnose again and answer a few more questions, or paste the error into mail-doctor explain."
            ))
        return lines
    }

    private enum Command {
        case quit, help, why, back
        case answer(String)
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

    /// Reads one answer (a line, or a pasted block); nil at the end of input, so a closed
    /// terminal ends the session.
    private func prompt() -> String? {
        Console.partial("> ")
        guard
            let answer = input.nextAnswer(isComplete: { line in
                if Int(line) != nil { return true }
                if case .answer = command(line) { return line.count < 12 && !line.contains(":") }
                return true
            })
        else { return nil }
        return answer.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? prompt() : answer
    }
}

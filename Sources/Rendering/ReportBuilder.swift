import Foundation
import Inference
import KnowledgeBase

/// Builds a `DiagnosisReport` from the engine's evaluation of a case: a pure function from
/// values to a value the renderers turn into text.
package struct ReportBuilder: Sendable {
    /// Causes below this probability are left out of a report (they stay in the JSON of `step`
    /// only when asked for all).
    package static let listedProbability = 0.03
    package static let listedCauses = 5

    let engine: Engine
    let language: Language

    package init(engine: Engine, language: Language) {
        self.engine = engine
        self.language = language
    }

    package func report(for session: Case, evaluation: Evaluation) -> DiagnosisReport {
        let knowledge = engine.knowledge
        let describer = ConditionDescriber(knowledge: knowledge)
        let explainer = Explainer(engine: engine)
        let facts = evaluation.facts

        var factLines: [DiagnosisReport.FactLine] = []
        var origins: [String: String] = [:]
        for (fact, _) in evaluation.reading?.facts ?? [:] { origins[fact] = "error" }
        for answer in session.answers { origins[answer.fact] = answer.origin.rawValue }
        for fact in facts.values.keys.sorted() where fact != Facts.errorTextFact {
            let value = facts.values[fact]!
            factLines.append(
                .init(
                    fact: fact, title: describer.title(fact, language),
                    value: value, label: describer.label(value, of: fact, language),
                    origin: origins[fact] ?? "error"))
        }
        let signatureLines = (evaluation.reading?.matches ?? []).compactMap { readingLine($0) }

        let concluded = evaluation.conclusion != nil
        var causeLines: [DiagnosisReport.CauseLine] = []
        var listed = Array(
            evaluation.beliefs.ranked.prefix(Self.listedCauses)
                .filter { $0.probability >= Self.listedProbability })
        // The cause whose fix comes first is always shown with its fixes, however likely.
        let tryFirst = evaluation.conclusion != nil ? evaluation.plan?.first?.cause : nil
        if let tryFirst, !listed.contains(where: { $0.cause == tryFirst }) {
            listed.append(.init(cause: tryFirst, probability: evaluation.beliefs.probability(of: tryFirst)))
        }
        for (rank, ranked) in listed.enumerated() {
            guard let cause = knowledge.cause(ranked.cause) else { continue }
            let evidence = explainer.how(cause.id, facts: facts, language: language).map {
                DiagnosisReport.EvidenceLine(
                    text: $0.description + readFrom($0.facts, evaluation.reading), factor: rounded($0.factor),
                    why: $0.why, rule: $0.location?.description)
            }
            // Fixes for the leading cause, and for a runner-up that is still a real contender.
            let showFixes = rank == 0 || ranked.probability >= 0.2 || ranked.cause == tryFirst
            let fixes =
                showFixes
                ? engine.fixes(for: cause.id, facts: facts).map { item in
                    DiagnosisReport.FixLine(
                        id: item.fix.id, title: item.fix.title[language],
                        steps: item.steps.map { $0.text[language] }, verify: item.fix.verify[language],
                        verifyProbe: item.fix.verifyProbe)
                } : []
            causeLines.append(
                .init(
                    id: cause.id, title: cause.title[language],
                    probability: rounded(ranked.probability),
                    summary: cause.summary[language], evidence: evidence,
                    fixes: fixes))
        }

        var questionLine: DiagnosisReport.QuestionLine?
        if let next = evaluation.next {
            questionLine = question(next, describer: describer)
        }
        return DiagnosisReport(
            version: DiagnosisReport.currentVersion, language: language.rawValue,
            status: concluded ? "concluded" : "question",
            conclusion: evaluation.conclusion.map(Self.name), plan: evaluation.plan.map(planLine),
            facts: factLines,
            findings: nil, signatures: signatureLines, causes: causeLines,
            otherProbability: rounded(evaluation.beliefs.other), question: questionLine)
    }

    func question(_ next: NextQuestion, describer: ConditionDescriber) -> DiagnosisReport.QuestionLine {
        let question = next.question
        let fact = engine.knowledge.fact(question.fact)
        var choices: [DiagnosisReport.Choice] = []
        if let fact, fact.kind == .choice {
            choices = fact.values.map { .init(value: $0.id, label: $0.label[language]) }
        } else {
            choices = question.choices.map { .init(value: $0, label: $0) }
        }
        choices.append(
            .init(
                value: Facts.unknown,
                label: describer.label(
                    Facts.unknown,
                    of: question.fact,
                    language)))
        return .init(
            id: question.id, fact: question.fact, text: question.text[language],
            help: question.help[language], choices: choices,
            freeAnswer: fact?.kind != .choice || question.fact == Engine.errorKindFact,
            why: Explainer(engine: engine).why(next, language: language))
    }

    /// One line of "what the error says": a signature by its title, the other readings by what
    /// they read and how.
    func readingLine(_ match: ErrorTextReader.Match) -> DiagnosisReport.SignatureLine? {
        let ar = language == .ar
        switch match.kind {
        case .signature:
            return engine.knowledge.signatures.first { $0.id == match.signature }.map {
                .init(id: $0.id, title: $0.title[language])
            }
        case .wrapper:
            return engine.knowledge.signatures.first { $0.id == match.signature }.map {
                .init(
                    id: $0.id,
                    title: ar
                        ? "\($0.title[language]) (إطار من Odoo، قُرئ ما بداخله فقط)"
                        : "\($0.title[language]) (Odoo's frame: only what it wraps was read)")
            }
        case .replyCode:
            let code = match.signature.split(separator: ":").last.map(String.init) ?? ""
            let standard = code.contains(".") ? "RFC 3463" : "RFC 5321"
            let title = match.title?[language] ?? ""
            return .init(
                id: match.signature,
                title: ar
                    ? "رمز رد SMTP ‏\(code) (\(standard)): \(title)"
                    : "SMTP reply code \(code) (\(standard)): \(title)")
        case .provider:
            return .init(
                id: match.signature,
                title: (ar ? "المزوّد: " : "Provider: ") + (match.title?[language] ?? ""))
        case .providerName:
            return .init(
                id: match.signature,
                title: (ar ? "المزوّد المذكور بالاسم في النص: " : "Provider named in the text: ")
                    + (match.title?[language] ?? ""))
        case .headers:
            return .init(
                id: match.signature,
                title: (ar ? "قُرئت " : "Read ") + (match.title?[language] ?? ""))
        case .backOff:
            return .init(
                id: match.signature,
                title: ar
                    ? "لم تتعرّف أي قاعدة على النص؛ \(match.title?[language] ?? "") — دليل أضعف من القاعدة"
                    : "No rule recognised the text; it \(match.title?[language] ?? "") — weaker evidence than a rule")
        }
    }

    /// " — read from the SMTP reply code 535" for evidence whose fact a reading other than a
    /// plain signature supplied, so the HOW chain shows which kind of reading it rests on.
    func readFrom(_ facts: Set<String>, _ reading: ErrorTextReader.Reading?) -> String {
        guard let reading else { return "" }
        let ar = language == .ar
        for fact in facts.sorted() {
            guard let origin = reading.origin(of: fact) else { continue }
            switch origin.kind {
            case .replyCode:
                let code = origin.signature.split(separator: ":").last.map(String.init) ?? ""
                return ar ? " — مأخوذ من رمز رد SMTP ‏\(code)" : " — read from the SMTP reply code \(code)"
            case .provider:
                let marker = origin.signature.dropFirst("provider:".count)
                return ar ? " — مأخوذ من «\(marker)» في النص" : " — read from “\(marker)” in the text"
            case .providerName:
                // The reading's title names the provider and the word: "Gmail, named in the
                // text (“gmail”)".
                let title = origin.title?[language] ?? origin.signature
                return ar ? " — المزوّد مذكور بالاسم في النص: \(title)" : " — the provider named in the text: \(title)"
            case .backOff:
                return ar
                    ? " — تخمين من تشابه النص مع أمثلة القواعد (بنصف الوزن)"
                    : " — a guess from the text's likeness to the rules' examples (half weight)"
            case .headers:
                return ar ? " — مأخوذ من ترويسات الرسالة المستلمة" : " — read from the received message's headers"
            case .signature, .wrapper:
                continue
            }
        }
        return ""
    }

    static func name(_ conclusion: Conclusion) -> String {
        switch conclusion {
        case .tryFix: return "try-fix"
        case .noKnownCause: return "no-known-cause"
        case .resolved: return "resolved"
        case .openQuestions: return "open-questions"
        }
    }

    /// The plan's first repairs (the rest are rarely reached, and `step` shows them one by
    /// one as each "did it work? no" comes back).
    func planLine(_ plan: RepairPlan) -> DiagnosisReport.PlanLine {
        let knowledge = engine.knowledge
        return DiagnosisReport.PlanLine(
            steps: plan.steps.prefix(3).map { step in
                DiagnosisReport.RepairLine(
                    cause: step.cause, causeTitle: knowledge.cause(step.cause)?.title[language] ?? step.cause,
                    fix: step.fix, fixTitle: step.fix.flatMap { knowledge.fix($0)?.title[language] },
                    probability: rounded(step.probability), minutes: (step.minutes * 10).rounded() / 10)
            },
            expectedMinutes: (plan.expectedMinutes * 10).rounded() / 10,
            askingFirstMinutes: plan.askingFirstMinutes.map { ($0 * 10).rounded() / 10 },
            escalationMinutes: plan.escalationMinutes)
    }

    private func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}

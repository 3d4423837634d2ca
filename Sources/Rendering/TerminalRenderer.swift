import Foundation
import KnowledgeBase

/// Plain text for an 80-column terminal, in either language, with optional colour.
package struct TerminalRenderer: Sendable {
    package var language: Language
    package var color: Bool
    package var width: Int

    package init(language: Language, color: Bool = false, width: Int = 80) {
        self.language = language
        self.color = color
        self.width = width
    }

    var ar: Bool { language == .ar }

    package func bold(_ text: String) -> String { color ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
    package func dim(_ text: String) -> String { color ? "\u{1B}[2m\(text)\u{1B}[0m" : text }
    func green(_ text: String) -> String { color ? "\u{1B}[32m\(text)\u{1B}[0m" : text }
    func yellow(_ text: String) -> String { color ? "\u{1B}[33m\(text)\u{1B}[0m" : text }

    /// Arabic lines get their Latin runs isolated; English passes through.
    package func line(_ text: String) -> String { ar ? Bidi.isolateLatinRuns(text) : text }

    package func percent(_ probability: Double) -> String { Labels.percent(probability, language) }

    /// The conclusion (or the state so far) of a report.
    package func render(_ report: DiagnosisReport, showEvidence: Bool = true) -> String {
        var out: [String] = []
        if let findings = report.findings, !findings.isEmpty {
            out.append(bold(ar ? "نتائج الفحص المباشر:" : "Live checks:"))
            for finding in findings {
                let mark = ["ok": "✓", "problem": "✗"][finding.status] ?? "!"
                out += wrap(
                    "\(mark) \(finding.check): \(finding.message.visibleControls)", indent: "  ", hanging: "    ")
            }
            out.append("")
        }
        if !report.signatures.isEmpty {
            out.append(bold(ar ? "ما يقوله الخطأ:" : "What the error says:"))
            for signature in report.signatures { out.append(line("  • \(signature.title)")) }
            out.append("")
        }
        if report.conclusion == "no-known-cause" {
            out.append(
                yellow(
                    ar
                        ? "لا يطابق أيٌّ من الأسباب المعروفة هذه الحالة بوضوح (الاحتمال \(percent(report.otherProbability)))."
                        : "None of the known causes clearly fits (\(percent(report.otherProbability)) that it is something else)."
                ))
            out.append("")
        } else if report.conclusion == "open-questions" {
            out.append(
                yellow(
                    ar
                        ? "الإجابة عن بعض الأسئلة تحسم الأمر (شغّل mail-doctor diagnose)؛ الأرجح حتى الآن:"
                        : "A few answers would settle it (run mail-doctor diagnose); most likely so far:"))
            out.append("")
        }
        if report.causes.isEmpty {
            out.append(ar ? "لا يوجد سبب مرجّح بعد." : "No likely cause yet.")
        }
        out.append(bold(ar ? "الأسباب المرجّحة:" : "Likely causes:"))
        for (index, cause) in report.causes.enumerated() {
            out.append(line("  \(index + 1). \(cause.title)  \(percent(cause.probability))"))
        }
        if report.conclusion == "try-fix", let plan = report.plan,
            let sentence = Labels.planSentence(plan, topCause: report.causes.first?.id, language)
        {
            out.append("")
            // Bold is added after wrapping: an escape inside the text would count as width.
            var lines = wrap(Labels.tryFirst(language) + " " + sentence, indent: "")
            if let first = lines.first, color {
                let label = Labels.tryFirst(language)
                lines[0] = first.replacingOccurrences(of: label, with: bold(label))
            }
            out += lines
        }
        for (index, cause) in report.causes.enumerated() where !cause.fixes.isEmpty {
            out.append("")
            // The id is its own unit: inside the title's last Latin run it would merge with it.
            let id = ar ? Bidi.isolate("(\(cause.id))") : "(\(cause.id))"
            out.append(bold(line("\(index + 1). \(cause.title)") + " " + id))
            out += wrap(cause.summary, indent: "   ")
            if showEvidence && !cause.evidence.isEmpty {
                out.append(dim(ar ? "   الأدلة:" : "   Evidence:"))
                for evidence in cause.evidence.prefix(5) {
                    let factor =
                        evidence.factor >= 1
                        ? "×\(format(evidence.factor))"
                        : "÷\(format(1 / max(evidence.factor, 0.0001)))"
                    out += wrap("\(evidence.text) (\(factor))", indent: "     - ", hanging: "       ")
                        .map(dim)
                }
            }
            for fix in cause.fixes {
                out.append("")
                // Isolate first, then colour: an isolate inside the escape would break it.
                out.append(green(line("   ▸ \(fix.title)")))
                for (number, step) in fix.steps.enumerated() {
                    let marker = "\(number + 1). "
                    out += wrap(
                        step, indent: "     " + marker,
                        hanging: "     " + String(repeating: " ", count: marker.count))
                }
                out += wrap(
                    (ar ? "للتحقق: " : "Verify: ") + fix.verify, indent: "     ",
                    hanging: "     ")
            }
        }
        return out.joined(separator: "\n")
    }

    private func format(_ value: Double) -> String {
        value >= 10 ? String(Int(value.rounded())) : String(format: "%.1f", value)
    }

    /// A few leading causes, numbered with their probabilities: the short ranking shown when
    /// there is nothing to conclude yet.
    package func briefRanking(_ causes: [(title: String, probability: Double)]) -> [String] {
        causes.enumerated().map { line("  \($0.offset + 1). \($0.element.title)  \(percent($0.element.probability))") }
    }

    /// Word-wraps to the width, keeping the indent on the first line and `hanging` after.
    package func wrap(_ text: String, indent: String, hanging: String? = nil) -> [String] {
        let rest = hanging ?? indent
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var current = lines.isEmpty ? indent : rest
            var currentHasWord = false
            for word in paragraph.split(separator: " ") {
                if currentHasWord && current.count + 1 + word.count > width {
                    lines.append(line(current))
                    current = rest
                    currentHasWord = false
                }
                current += (currentHasWord ? " " : "") + word
                currentHasWord = true
            }
            lines.append(line(current))
        }
        return lines
    }
}

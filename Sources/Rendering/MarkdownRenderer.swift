import Foundation
import KnowledgeBase

/// A diagnosis report to paste into a ticket. Arabic reports are wrapped in
/// `<div dir="rtl">` so viewers lay them out right to left.
package struct MarkdownRenderer: Sendable {
    package var language: Language
    /// Rule file locations behind each piece of evidence: for whoever maintains the rules, not
    /// for the ticket a helpdesk agent pastes it into.
    package var showRuleLocations: Bool

    package init(language: Language, showRuleLocations: Bool = false) {
        self.language = language
        self.showRuleLocations = showRuleLocations
    }

    package func render(_ report: DiagnosisReport) -> String {
        let ar = language == .ar
        var out: [String] = []
        if ar { out += ["<div dir=\"rtl\">", ""] }
        out.append(ar ? "# تقرير Mail Doctor" : "# Mail Doctor report")
        out.append("")
        if !report.facts.isEmpty {
            out.append(ar ? "## الإعدادات والمعطيات" : "## Setup and findings")
            out.append("")
            out.append(ar ? "| المعلومة | القيمة | المصدر |" : "| fact | value | from |")
            out.append("|---|---|---|")
            for fact in report.facts {
                out.append("| \(cell(fact.title)) | \(cell(fact.label)) | \(origin(fact.origin)) |")
            }
            out.append("")
        }
        if let findings = report.findings, !findings.isEmpty {
            out.append(ar ? "## نتائج الفحص المباشر" : "## Live checks")
            out.append("")
            out.append(ar ? "| الحالة | الفحص | النتيجة |" : "| status | check | finding |")
            out.append("|---|---|---|")
            for finding in findings {
                out.append(
                    "| \(Labels.status(finding.status, language)) | `\(finding.check)` | \(cell(finding.message)) |")
            }
            out.append("")
        }
        if !report.signatures.isEmpty {
            out.append(ar ? "## ما يقوله الخطأ" : "## What the error says")
            out.append("")
            for signature in report.signatures { out.append("- \(signature.title) (`\(signature.id)`)") }
            out.append("")
        }
        out.append(ar ? "## الأسباب المرجّحة" : "## Likely causes")
        out.append("")
        if report.conclusion == "no-known-cause" {
            out.append(
                ar
                    ? "> لا يطابق أيٌّ من الأسباب المعروفة هذه الحالة بوضوح."
                    : "> None of the known causes clearly fits.")
            out.append("")
        }
        if report.conclusion == "open-questions" {
            out.append(
                ar
                    ? "> الإجابة عن بعض الأسئلة تحسم الأمر (`mail-doctor diagnose`)؛ الأرجح حتى الآن:"
                    : "> A few answers would settle it (`mail-doctor diagnose`); most likely so far:")
            out.append("")
        }
        for (index, cause) in report.causes.enumerated() {
            out.append("\(index + 1). **\(cause.title)** (`\(cause.id)`): \(percent(cause.probability))")
        }
        out.append("")
        if report.conclusion == "try-fix", let plan = report.plan,
            let sentence = Labels.planSentence(plan, topCause: report.causes.first?.id, language)
        {
            out.append("**\(Labels.tryFirst(language))** " + sentence)
            out.append("")
        }
        for cause in report.causes where !cause.fixes.isEmpty {
            out.append("### \(cause.title)")
            out.append("")
            out.append(cause.summary)
            out.append("")
            if !cause.evidence.isEmpty {
                out.append(ar ? "**الأدلة**" : "**Evidence**")
                out.append("")
                for evidence in cause.evidence {
                    var item = "- \(evidence.text) (×\(String(format: "%.2g", evidence.factor)))"
                    if showRuleLocations, let rule = evidence.rule { item += " `\(rule)`" }
                    out.append(item)
                }
                out.append("")
            }
            for fix in cause.fixes {
                out.append("#### \(fix.title)")
                out.append("")
                for (number, step) in fix.steps.enumerated() { out.append("\(number + 1). \(step)") }
                out.append("")
                out.append((ar ? "**للتحقق:** " : "**Verify:** ") + fix.verify)
                out.append("")
            }
        }
        if ar { out.append("</div>") }
        return ar ? Bidi.isolateMarkdown(out.joined(separator: "\n")) : out.joined(separator: "\n")
    }

    private func percent(_ probability: Double) -> String { Labels.percent(probability, language) }

    private func cell(_ text: String) -> String {
        text.visibleControls.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    private func origin(_ origin: String) -> String {
        guard language == .ar else { return origin }
        switch origin {
        case "user": return "المستخدم"
        case "error": return "نص الخطأ"
        case "config": return "ملف الإعداد"
        case "probe": return "فحص مباشر"
        case "flag": return "خيار سطر الأوامر"
        default: return origin
        }
    }
}

import Foundation
import KnowledgeBase

/// What `mail-doctor headers` found in a received message's headers, independent of how it
/// is shown: who checked it, each verdict and for which domain, what to change, the live
/// checks of the sending address, and the causes they point to. Its JSON form is the contract
/// in `schemas/headers.schema.json`.
package struct HeadersReport: Codable, Sendable {
    package static let currentVersion = 1

    /// One line of the reading (`receiver`, `spf`, `dkim`, `dmarc`, `alignment`,
    /// `sending-ip`, `reverse-dns`, `spam`, `delivery`).
    package struct Finding: Codable, Sendable {
        package var check: String
        package var status: String
        package var message: String

        package init(check: String, status: String, message: String) {
            self.check = check
            self.status = status
            self.message = message
        }
    }

    package var version: Int
    package var language: String
    /// The receiver's authserv-id, when it names itself.
    package var receiver: String?
    package var from: String?
    package var returnPath: String?
    package var sendingIP: String?
    package var findings: [Finding]
    /// What to change, most important first.
    package var advice: [String]
    /// The dnsbl, ptr and dns probes on the sending address and From domain (empty without
    /// `--probes`).
    package var checks: [ProbeReport.Check]
    package var facts: [String: String]
    package var causes: [DiagnosisReport.CauseLine]
    /// How much "none of the known causes" is left.
    package var otherProbability: Double

    package init(
        language: Language, receiver: String?, from: String?, returnPath: String?, sendingIP: String?,
        findings: [Finding], advice: [String], checks: [ProbeReport.Check], facts: [String: String],
        causes: [DiagnosisReport.CauseLine], otherProbability: Double
    ) {
        version = Self.currentVersion
        self.language = language.rawValue
        self.receiver = receiver
        self.from = from
        self.returnPath = returnPath
        self.sendingIP = sendingIP
        self.findings = findings
        self.advice = advice
        self.checks = checks
        self.facts = facts
        self.causes = causes
        self.otherProbability = otherProbability
    }
}

/// The terminal and Markdown views of a `HeadersReport`.
package struct HeadersRenderer: Sendable {
    package var language: Language
    package var color: Bool
    package var ascii: Bool

    package init(language: Language, color: Bool, ascii: Bool) {
        self.language = language
        self.color = color
        self.ascii = ascii
    }

    package func terminal(_ report: HeadersReport) -> String {
        let ar = language == .ar
        let terminal = TerminalRenderer(language: language, color: color)
        let marks = ProbeRenderer(language: language, color: color, ascii: ascii, verbose: false)
        var out: [String] = []
        out.append(terminal.bold(terminal.line(ar ? "ما قرّره الخادم المستقبِل" : "What the receiver decided")))
        for finding in report.findings {
            out.append(terminal.line("\(marks.symbol(finding.status)) \(finding.message.visibleControls)"))
        }
        if !report.checks.isEmpty {
            out.append("")
            out.append(terminal.bold(terminal.line(ar ? "الفحوص المباشرة" : "Live checks")))
            for check in report.checks {
                out.append(
                    terminal.line(
                        "\(marks.symbol(check.status)) \(check.probe) \(check.check): \(check.message.visibleControls)")
                )
            }
        }
        if !report.advice.isEmpty {
            out.append("")
            out.append(terminal.bold(terminal.line(ar ? "ما يجب تغييره" : "What to change")))
            for (index, advice) in report.advice.enumerated() {
                out.append(terminal.line("\(index + 1). \(advice.visibleControls)"))
            }
        }
        if let top = report.causes.first {
            out.append("")
            let id = "(\(top.id), \(terminal.percent(top.probability)))"
            out.append(
                terminal.line((ar ? "السبب الأرجح: " : "Most likely cause: ") + top.title)
                    + " " + (ar ? Bidi.isolate(id) : id))
            if let fix = top.fixes.first {
                out.append(terminal.line((ar ? "الإصلاح: " : "Fix: ") + fix.title))
                for (index, step) in fix.steps.enumerated() {
                    out.append(terminal.line("   \(index + 1). \(step.visibleControls)"))
                }
            }
        }
        return out.joined(separator: "\n")
    }

    package func markdown(_ report: HeadersReport) -> String {
        let ar = language == .ar
        var out: [String] = []
        if ar { out += ["<div dir=\"rtl\">", ""] }
        out.append(ar ? "# ترويسات الرسالة المستلمة" : "# Received message headers")
        out.append("")
        out.append(ar ? "| الحالة | الفحص | النتيجة |" : "| status | check | finding |")
        out.append("|---|---|---|")
        for finding in report.findings
            + report.checks.map({
                HeadersReport.Finding(check: "\($0.probe) \($0.check)", status: $0.status, message: $0.message)
            })
        {
            out.append(
                "| \(Labels.status(finding.status, language)) | `\(finding.check)` | "
                    + "\(finding.message.visibleControls.replacingOccurrences(of: "|", with: "\\|")) |")
        }
        out.append("")
        if !report.advice.isEmpty {
            out.append(ar ? "## ما يجب تغييره" : "## What to change")
            out.append("")
            for (index, advice) in report.advice.enumerated() { out.append("\(index + 1). \(advice.visibleControls)") }
            out.append("")
        }
        if let top = report.causes.first {
            out.append((ar ? "**السبب الأرجح:** " : "**Most likely cause:** ") + "\(top.title) (`\(top.id)`)")
            out.append("")
            if let fix = top.fixes.first {
                out.append((ar ? "**الإصلاح:** " : "**Fix:** ") + fix.title)
                out.append("")
                for (index, step) in fix.steps.enumerated() { out.append("\(index + 1). \(step.visibleControls)") }
                out.append("")
            }
        }
        if ar { out.append("</div>") }
        return ar ? Bidi.isolateMarkdown(out.joined(separator: "\n")) : out.joined(separator: "\n")
    }
}

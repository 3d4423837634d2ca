import Foundation
import KnowledgeBase

/// What `mail-doctor probe` found, independent of how it is shown. Its JSON form is the
/// contract in `schemas/probe.schema.json`.
package struct ProbeReport: Codable, Sendable {
    package static let currentVersion = 1

    package struct Check: Codable, Sendable {
        package var probe: String
        package var check: String
        /// `ok`, `problem` or `unknown`.
        package var status: String
        package var message: String
        package var seconds: Double
        package var evidence: [String]

        package init(
            probe: String, check: String, status: String, message: String, seconds: Double,
            evidence: [String]
        ) {
            self.probe = probe
            self.check = check
            self.status = status
            self.message = message
            self.seconds = seconds
            self.evidence = evidence
        }
    }

    package struct Summary: Codable, Sendable {
        package var ok: Int
        package var problems: Int
        package var unknown: Int
        package var seconds: Double
    }

    package var version: Int
    package var language: String
    package var target: String
    package var checks: [Check]
    package var summary: Summary
    /// Facts the probes established, for the record.
    package var facts: [String: String]
    /// The diagnosis these findings point to.
    package var causes: [DiagnosisReport.CauseLine]

    package init(
        language: Language, target: String, checks: [Check], seconds: Double,
        facts: [String: String], causes: [DiagnosisReport.CauseLine]
    ) {
        version = Self.currentVersion
        self.language = language.rawValue
        self.target = target
        self.checks = checks
        summary = Summary(
            ok: checks.filter { $0.status == "ok" }.count,
            problems: checks.filter { $0.status == "problem" }.count,
            unknown: checks.filter { $0.status == "unknown" }.count,
            seconds: (seconds * 100).rounded() / 100)
        self.facts = facts
        self.causes = causes
    }
}

/// The doctor-style view: one line per check with ✓ ! ✗ (or ASCII), its time, a summary line.
package struct ProbeRenderer: Sendable {
    package var language: Language
    package var color: Bool
    package var ascii: Bool
    package var verbose: Bool

    package init(language: Language, color: Bool, ascii: Bool, verbose: Bool) {
        self.language = language
        self.color = color
        self.ascii = ascii
        self.verbose = verbose
    }

    func symbol(_ status: String) -> String {
        let (glyph, plain, code): (String, String, String)
        switch status {
        case "ok": (glyph, plain, code) = ("✓", "[ok]", "32")
        case "problem": (glyph, plain, code) = ("✗", "[xx]", "31")
        default: (glyph, plain, code) = ("!", "[!!]", "33")
        }
        let mark = ascii ? plain : glyph
        return color ? "\u{1B}[\(code)m\(mark)\u{1B}[0m" : mark
    }

    package func terminal(_ report: ProbeReport) -> String {
        let ar = language == .ar
        let terminal = TerminalRenderer(language: language, color: color)
        var out: [String] = []
        out.append(terminal.bold(terminal.line(ar ? "فحص \(report.target)" : "Probing \(report.target)")))
        for check in report.checks {
            let name = "\(check.probe) \(check.check)".padding(toLength: 20, withPad: " ", startingAt: 0)
            let time = String(format: "%5.2fs", check.seconds)
            let prefix = "\(symbol(check.status)) \(name) \(time)  "
            let room = max(20, 80 - 30)
            let shown = check.message.visibleControls
            let message = shown.count > room * 2 ? String(shown.prefix(room * 2 - 1)) + "…" : shown
            out.append(terminal.line(prefix + message))
            if verbose {
                for line in check.evidence {
                    out.append(terminal.dim("      " + String(line.visibleControls.prefix(150))))
                }
            }
        }
        let summary = report.summary
        out.append("")
        out.append(
            terminal.line(
                ar
                    ? "الخلاصة: \(summary.ok) سليم، \(summary.problems) مشكلة، \(summary.unknown) غير محسوم، في \(String(format: "%.2f", summary.seconds)) ثانية"
                    : "Summary: \(summary.ok) ok, \(summary.problems) problem(s), \(summary.unknown) unknown, in \(String(format: "%.2f", summary.seconds)) s"
            ))
        if let top = report.causes.first {
            let id = "(\(top.id), \(terminal.percent(top.probability)))"
            out.append(
                terminal.line((ar ? "السبب الأرجح: " : "Most likely cause: ") + top.title)
                    + " " + (ar ? Bidi.isolate(id) : id))
            if let fix = top.fixes.first {
                out.append(terminal.line((ar ? "الإصلاح: " : "Fix: ") + fix.title))
            }
        }
        return out.joined(separator: "\n")
    }

    package func markdown(_ report: ProbeReport) -> String {
        let ar = language == .ar
        var out: [String] = []
        if ar { out += ["<div dir=\"rtl\">", ""] }
        out.append(ar ? "# فحص \(report.target)" : "# Probe of \(report.target)")
        out.append("")
        out.append(ar ? "| الحالة | الفحص | النتيجة | الوقت |" : "| status | check | finding | time |")
        out.append("|---|---|---|---|")
        for check in report.checks {
            out.append(
                "| \(Labels.status(check.status, language)) | `\(check.probe) \(check.check)` | \(check.message.visibleControls.replacingOccurrences(of: "|", with: "\\|")) | \(String(format: "%.2f", check.seconds)) s |"
            )
        }
        out.append("")
        if let top = report.causes.first {
            out.append((ar ? "**السبب الأرجح:** " : "**Most likely cause:** ") + "\(top.title) (`\(top.id)`)")
            out.append("")
        }
        if ar { out.append("</div>") }
        return ar ? Bidi.isolateMarkdown(out.joined(separator: "\n")) : out.joined(separator: "\n")
    }
}

import KnowledgeBase

/// What `mail-doctor scan` found: failures grouped by cause. Its JSON form is the contract in
/// `schemas/scan.schema.json`.
package struct ScanReport: Codable, Sendable {
    package static let currentVersion = 1

    package struct Group: Codable, Sendable {
        /// The cause id, or null when the rules do not recognise the failure.
        package var cause: String?
        package var title: String
        package var count: Int
        package var first: String
        package var last: String
        package var probability: Double
        package var sample: String
        /// The first fix to try for the cause, so each group says what to do.
        package var fix: String?

        package init(
            cause: String?, title: String, count: Int, first: String, last: String,
            probability: Double, sample: String, fix: String? = nil
        ) {
            self.fix = fix
            self.cause = cause
            self.title = title
            self.count = count
            self.first = first
            self.last = last
            self.probability = probability
            self.sample = sample
        }
    }

    package var version: Int
    package var file: String
    package var lines: Int
    package var records: Int
    package var failures: Int
    package var groups: [Group]

    package init(
        version: Int, file: String, lines: Int, records: Int, failures: Int,
        groups: [Group]
    ) {
        self.version = version
        self.file = file
        self.lines = lines
        self.records = records
        self.failures = failures
        self.groups = groups
    }
}

/// Terminal and Markdown views of a scan.
package struct ScanRenderer: Sendable {
    let language: Language

    package init(language: Language) {
        self.language = language
    }

    package func terminal(_ report: ScanReport) -> String {
        let ar = language == .ar
        var out: [String] = []
        out.append(
            ar
                ? "قُرئ \(report.lines) سطراً، \(report.failures) فشلاً في إرسال البريد."
                : "Read \(report.lines) lines: \(report.failures) mail failure(s).")
        for group in report.groups {
            out.append("")
            let line = "\(group.count)× \(group.title)" + (group.cause.map { " (\($0))" } ?? "")
            out.append(ar ? Bidi.isolateLatinRuns(line) : line)
            out.append(
                (ar ? "   أول مرة: " : "   first: ") + group.first.visibleControls
                    + (ar ? "   آخر مرة: " : "   last: ") + group.last.visibleControls)
            // Whole lines, wrapped: the key line (SendAsDenied, 5.7.9 …) is often the longest.
            let terminal = TerminalRenderer(language: language)
            for sample in group.sample.visibleControls.split(separator: "\n").prefix(4) {
                out += terminal.wrap(String(sample), indent: "   | ", hanging: "   | ")
            }
            if let fix = group.fix {
                out.append(ar ? Bidi.isolateLatinRuns("   الإصلاح: " + fix) : "   fix: " + fix)
            }
            let sampleLines = group.sample.split(separator: "\n").filter { $0 != "…" }
            if group.cause != nil, let key = sampleLines.dropFirst().first ?? sampleLines.first {
                let quoted = "'" + key.prefix(200).replacingOccurrences(of: "'", with: "'\\''") + "'"
                out.append(
                    (ar ? "   التفاصيل والخطوات: " : "   steps: ") + "mail-doctor explain " + quoted.visibleControls)
            }
        }
        return out.joined(separator: "\n")
    }

    package func markdown(_ report: ScanReport) -> String {
        let ar = language == .ar
        var out: [String] = []
        if ar { out += ["<div dir=\"rtl\">", ""] }
        out.append(ar ? "# إخفاقات البريد في السجل" : "# Mail failures in the log")
        out.append("")
        out.append(ar ? "| السبب | العدد | أول مرة | آخر مرة |" : "| cause | count | first | last |")
        out.append("|---|---|---|---|")
        for group in report.groups {
            out.append(
                "| \(group.title) | \(group.count) | \(group.first.visibleControls) | \(group.last.visibleControls) |")
        }
        out.append("")
        for group in report.groups {
            out.append("## \(group.title)")
            out.append("")
            // A fence longer than any run of backticks in the sample: a log cannot close it.
            let sample = group.sample.visibleControls
            let fence = String(repeating: "`", count: max(3, Self.longestBacktickRun(in: sample) + 1))
            out.append(fence)
            out.append(sample)
            out.append(fence)
            out.append("")
        }
        if ar { out.append("</div>") }
        return ar ? Bidi.isolateMarkdown(out.joined(separator: "\n")) : out.joined(separator: "\n")
    }

    static func longestBacktickRun(in text: String) -> Int {
        var longest = 0
        var run = 0
        for character in text {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        return longest
    }
}

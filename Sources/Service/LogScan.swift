import Inference
import KnowledgeBase
import Rendering

/// A log read line by line into failures grouped by cause: `scan` feeds it a file, the MCP
/// `scan_log` tool the text it was given.
package struct LogScan {
    let engine: Engine
    let scanner: LogScanner

    package init(engine: Engine) {
        self.engine = engine
        scanner = LogScanner(engine: engine)
    }

    /// A scan of one part of a log; the parts' scans share `verdicts`, so a text read on one
    /// core is not read again on another.
    package init(engine: Engine, verdicts: LogScanner.Verdicts) {
        self.engine = engine
        scanner = LogScanner(engine: engine, verdicts: verdicts)
    }

    package func consume(_ line: UnsafeRawBufferPointer) { scanner.consume(line) }
    package func consume(_ line: Substring) { scanner.consume(line) }
    /// Whole lines, each ending in a newline except perhaps the last (see `LogScanner`).
    package func consume(lines buffer: UnsafeRawBufferPointer) { scanner.consume(lines: buffer) }

    /// Adds the scan of the part of the log that follows this one's, starting at a header line.
    package func merge(_ later: LogScan) { scanner.merge(later.scanner) }

    /// The groups, titled in `language`; `file` names the source in the report.
    package func report(file: String, language: Language) -> ScanReport {
        let knowledge = engine.knowledge
        let groups = scanner.finish()
        return ScanReport(
            version: ScanReport.currentVersion, file: file, lines: scanner.lines,
            records: scanner.records, failures: scanner.failures,
            groups: groups.map { group in
                ScanReport.Group(
                    cause: group.cause,
                    title: group.cause.flatMap { knowledge.cause($0)?.title[language] }
                        ?? (language == .ar ? "غير معروف للقواعد" : "not recognised by the rules"),
                    count: group.count, first: group.first, last: group.last,
                    probability: (group.probability * 1000).rounded() / 1000,
                    sample: group.sample,
                    fix: group.cause.flatMap { engine.fixes(for: $0, facts: Facts()).first?.fix.title[language] }
                )
            })
    }
}

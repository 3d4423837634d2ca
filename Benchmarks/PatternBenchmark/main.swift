import Foundation
import KnowledgeBase
import RuleLoader

// Runs every pattern that reads pasted text (signatures and symptom phrases) against hostile
// texts: long runs of one character class, each run after the pattern's own required words,
// at two sizes. A pattern whose time grows faster than the text (the ratio between the sizes
// well above 2) backtracks; `lint` should have refused it. Prints the slowest patterns.
//
//     swift run -c release PatternBenchmark [rules-dir] [size]

let arguments = CommandLine.arguments.dropFirst()
let directory = arguments.first ?? "rules"
let size = arguments.dropFirst().first.flatMap { Int($0) } ?? 100_000
let loaded = RuleLoader.load(directory: directory, lint: false)
guard loaded.errors.isEmpty else {
    loaded.errors.prefix(5).forEach { print($0) }
    exit(65)
}
var patterns: [(String, Pattern)] = loaded.knowledge.signatures.map { ($0.id, $0.pattern) }
for symptom in loaded.knowledge.symptoms {
    for (language, phrases) in symptom.phrases {
        patterns += phrases.map { ("\(symptom.id) (\(language))", $0) }
    }
}

let runs: [String] = [
    " ", "\n", "\t", "a", "Z", "5", ".", "-", "@", ":", "'", "\"", "(", "ا", "é", " :", "a ", "5.", "a@", "ab-",
]

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// The hostile texts for one pattern at one size: each run alone, and after each literal the
/// pattern needs (so the matcher gets past its prefix and into its quantifiers).
func texts(for pattern: Pattern, size: Int) -> [String] {
    let prefixes = [""] + (pattern.trigger ?? [])
    return prefixes.flatMap { prefix in
        runs.map { run in
            let body = String(repeating: run, count: max(1, (size - prefix.count) / run.count))
            return prefix + body + "\u{1}"
        }
    }
}

struct Row {
    var id: String
    var pattern: String
    var small: Double
    var large: Double
}
var rows: [Row] = []
let total = seconds {
    for (id, pattern) in patterns {
        var small = 0.0
        var large = 0.0
        for text in texts(for: pattern, size: size / 2) { small += seconds { _ = pattern.firstMatch(in: text) } }
        for text in texts(for: pattern, size: size) { large += seconds { _ = pattern.firstMatch(in: text) } }
        rows.append(Row(id: id, pattern: pattern.source, small: small, large: large))
    }
}
rows.sort { $0.large > $1.large }
print(
    "\(patterns.count) patterns, \(runs.count) runs each, \(size / 2) and \(size) characters: \(String(format: "%.2f", total)) s"
)
print("slowest (time at \(size) characters, growth from half the size):")
for row in rows.prefix(12) {
    print(
        String(
            format: "  %8.3f s  ×%5.1f  %@  %@", row.large, row.large / max(row.small, 1e-9),
            row.id, String(row.pattern.prefix(90))))
}

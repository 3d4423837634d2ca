import Foundation
import Inference
import KnowledgeBase
import RuleLoader

// Generates synthetic knowledge bases of 100, 1,000 and 10,000 causes (with proportional facts,
// questions and evidence), then measures the YAML load, the memory it takes and the time to
// pick the next question.
//
//     swift run -c release ScaleBenchmark [sizes...]

func residentMB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
        return kb / 1024
    }
    return 0
}

/// One rules folder: `causes` causes, causes/5 facts with 4 values each, a question per fact,
/// 5 evidence items per cause (single-fact, multi-fact and numeric), a fix per cause.
func generate(causes: Int, into directory: String) throws {
    try? FileManager.default.removeItem(atPath: directory)
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let factCount = max(4, causes / 5)
    var facts = "format: 1\nfacts:\n"
    var questions = "format: 1\nquestions:\n"
    for f in 0..<factCount {
        facts += """
              - id: f\(f)
                type: choice
                title: {en: Fact \(f), ar: المعطى \(f)}
                values:
                  - {id: a, label: {en: A, ar: أ}}
                  - {id: b, label: {en: B, ar: ب}}
                  - {id: c, label: {en: C, ar: ج}}
                  - {id: d, label: {en: D, ar: د}}

            """
        questions += """
              - id: q\(f)
                fact: f\(f)
                text: {en: Question \(f)?, ar: السؤال \(f)؟}
                help: {en: Look here., ar: انظر هنا.}
                cost: \(1 + f % 3)

            """
    }
    facts += "  - id: n0\n    type: number\n    title: {en: A number, ar: رقم}\n"
    var rng = SystemRandomNumberGenerator()
    // Rule files are limited to 2 MiB each: 500 causes (and their fixes) per file.
    var causesText = "format: 1\ncauses:\n"
    var fixes = "fixes:\n"
    var fileIndex = 0
    func flushFile() throws {
        try (causesText + fixes).write(
            toFile: directory + "/causes-\(fileIndex).yaml", atomically: true, encoding: .utf8)
        fileIndex += 1
        causesText = "format: 1\ncauses:\n"
        fixes = "fixes:\n"
    }
    let values = ["a", "b", "c", "d"]
    for c in 0..<causes {
        var evidence = ""
        for e in 0..<5 {
            let fact = Int.random(in: 0..<factCount, using: &rng)
            let value = values[Int.random(in: 0..<4, using: &rng)]
            let ratio = [0.2, 2, 4, 8, 15][e]
            if e == 3 {
                let other = Int.random(in: 0..<factCount, using: &rng)
                evidence +=
                    "      - if: {all: [{fact: f\(fact), is: \(value)}, {fact: f\(other), in: [a, b]}]}\n        ratio: \(ratio)\n"
            } else if e == 4 {
                evidence += "      - if: {fact: n0, above: \(c % 100)}\n        ratio: \(ratio)\n"
            } else {
                evidence += "      - if: {fact: f\(fact), is: \(value)}\n        ratio: \(ratio)\n"
            }
        }
        causesText += """
              - id: cause-\(c)
                category: synthetic
                prior: \(String(format: "%.4f", Double.random(in: 0.001...0.1, using: &rng)))
                title: {en: Cause \(c), ar: السبب \(c)}
                summary: {en: A synthetic cause., ar: سبب اصطناعي.}
                fixes: [fix-\(c)]
                source: [synthetic]
                evidence:
            \(evidence)
            """
        fixes += """
              - id: fix-\(c)
                minutes: \(5 + c % 30)
                risk: low
                title: {en: Fix \(c), ar: الإصلاح \(c)}
                steps:
                  - {en: Do it., ar: نفّذه.}
                verify: {en: It works., ar: يعمل.}

            """
        if (c + 1) % 500 == 0 { try flushFile() }
    }
    if causes % 500 != 0 { try flushFile() }
    try facts.write(toFile: directory + "/facts.yaml", atomically: true, encoding: .utf8)
    try questions.write(toFile: directory + "/questions.yaml", atomically: true, encoding: .utf8)
}

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

let sizes = CommandLine.arguments.dropFirst().compactMap { Int($0) }
print(
    "causes   facts  evidence  yaml-load-s  after-edit-s  cached-load-s   rss-MB  first-question-ms  after-3-answers-ms"
)
for size in sizes.isEmpty ? [100, 1_000, 10_000] : sizes {
    let directory = NSTemporaryDirectory() + "mail-doctor-scale-\(size)"
    try generate(causes: size, into: directory)
    let before = residentMB()
    var result: RuleLoader.Result?
    let load = seconds { result = RuleLoader.load(directory: directory, lint: false) }
    guard let loaded = result, loaded.errors.isEmpty else {
        print("load failed: \(result?.errors.first?.description ?? "?")")
        exit(1)
    }
    let engine = Engine(knowledge: loaded.knowledge)
    let memory = residentMB() - before
    // The compiled cache, as every command but lint reads the rules: write it once, then time a read.
    let cacheDirectory = NSTemporaryDirectory() + "mail-doctor-scale-cache-\(size)"
    setenv("MAIL_DOCTOR_CACHE_DIR", cacheDirectory, 1)
    _ = RuleCache.load(directory: directory, displayRoot: "rules")
    var cached: RuleLoader.Result?
    let cachedLoad = seconds { cached = RuleCache.load(directory: directory, displayRoot: "rules") }
    precondition(cached?.knowledge.causes.count == size)
    // The first run after a rule change: one cause file edited (a prior), the others as they
    // were; only the edited file is parsed, the rest come from their per-file entries.
    let edited = directory + "/causes-0.yaml"
    let original = try String(contentsOfFile: edited, encoding: .utf8)
    guard let prior = original.range(of: "prior: 0.0") else { fatalError("no prior in \(edited)") }
    try original.replacingCharacters(in: prior, with: "prior: 0.1").write(
        toFile: edited, atomically: true, encoding: .utf8)
    var afterEdit: RuleLoader.Result?
    let editLoad = seconds { afterEdit = RuleCache.load(directory: directory, displayRoot: "rules") }
    precondition(afterEdit?.errors.isEmpty == true && afterEdit?.knowledge.causes.count == size)
    precondition(afterEdit?.knowledge.cause("cause-0")?.prior != loaded.knowledge.cause("cause-0")?.prior)
    try? FileManager.default.removeItem(atPath: cacheDirectory)
    var session = Case()
    var next: NextQuestion?
    // Median of several picks, so one cold cache does not decide.
    var firsts: [Double] = []
    for _ in 0..<5 { firsts.append(seconds { next = engine.evaluate(session).next }) }
    for _ in 0..<3 {
        if let fact = next?.question.fact {
            session.answer(fact, "a")
            next = engine.evaluate(session).next
        }
    }
    var laters: [Double] = []
    for _ in 0..<5 { laters.append(seconds { _ = engine.evaluate(session).next }) }
    let evidence = loaded.knowledge.causes.reduce(0) { $0 + $1.evidence.count }
    // SCALE_PROFILE=N repeats the pick N times, so a profiler sees the engine, not the loading.
    for _ in 0..<(Int(ProcessInfo.processInfo.environment["SCALE_PROFILE"] ?? "") ?? 0) {
        _ = engine.evaluate(session).next
    }
    if ProcessInfo.processInfo.environment["SCALE_DETAIL"] != nil {
        let facts = engine.facts(for: session).facts
        let b = seconds { _ = engine.beliefs(for: facts) }
        print(String(format: "  beliefs alone: %.2f ms", b * 1000))
    }
    print(
        String(
            format: "%6d  %5d  %8d  %11.3f  %12.3f  %13.3f  %7.1f  %17.2f  %18.2f", size, loaded.knowledge.facts.count,
            evidence, load, editLoad, cachedLoad, memory, firsts.sorted()[2] * 1000, laters.sorted()[2] * 1000))
    try? FileManager.default.removeItem(atPath: directory)
}

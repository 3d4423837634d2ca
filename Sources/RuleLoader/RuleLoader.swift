import Foundation
import KnowledgeBase

/// Loads `rules/` into a `KnowledgeBase` and reports every problem with its position.
public enum RuleLoader {
    /// The outcome of a load: the knowledge (possibly partial) and every diagnostic.
    public struct Result: Sendable {
        /// What loaded, even when some files had errors.
        public var knowledge: KnowledgeBase
        /// Every error and warning, with its file, line and column.
        public var diagnostics: [Diagnostic]

        package var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
        package var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
    }

    /// Reads every `*.yaml` and `*.yml` file under `directory` (sorted, so the order and the
    /// messages are the same on every machine), decodes and lints them.
    ///
    /// - Parameters:
    ///   - directory: the rules folder.
    ///   - displayRoot: how the folder is named in messages (defaults to `directory`).
    ///   - lint: also run the whole-knowledge checks (references, examples, patterns).
    ///   - fileCache: where files that did not change since an earlier load are read from,
    ///     instead of parsed (never when linting: lint sees every file's patterns).
    public static func load(
        directory: String, displayRoot: String? = nil,
        lint: Bool = true
    ) -> Result {
        load(directory: directory, displayRoot: displayRoot, lint: lint, fileCache: nil)
    }

    static func load(
        directory: String, displayRoot: String?, lint: Bool, fileCache: FileSectionCache?
    ) -> Result {
        let fileCache = lint ? nil : fileCache
        let sink = DiagnosticSink()
        let patterns = PatternRegistry()
        var sections = RuleSections()
        let root = displayRoot ?? directory
        let files = ruleFiles(in: directory)
        if files == nil {
            sink.error("cannot read the rules folder '\(root)'", at: nil)
        } else if files?.isEmpty == true {
            sink.error("the rules folder '\(root)' holds no .yaml files", at: nil)
        }
        // Each file is read, parsed and decoded on its own (on every core: YAML parsing is most
        // of a cold load), then merged in sorted order, so the knowledge and the messages are
        // the same as a one-file-at-a-time load.
        let relatives = files ?? []
        let loaded = FileLoads(count: relatives.count)
        DispatchQueue.concurrentPerform(iterations: relatives.count) { index in
            let relative = relatives[index]
            let display = root.hasSuffix("/") ? root + relative : root + "/" + relative
            let file = FileLoad()
            let reader = RuleFileReader(sink: file.sink)
            // Read once: the per-file cache's key is the hash of exactly the bytes parsed.
            guard let data = reader.contents(path: directory + "/" + relative, displayPath: display) else {
                loaded.set(index, file)
                return
            }
            let key = fileCache?.key(of: data, display: display)
            if let key, let cached = fileCache?.sections(for: key) {
                file.sections = cached
                loaded.set(index, file)
                return
            }
            if let node = reader.read(data: data, displayPath: display) {
                RuleDecoder(file: display, sink: file.sink, patterns: file.patterns).decode(node, into: &file.sections)
            }
            if let key, file.sink.diagnostics.isEmpty { fileCache?.store(file.sections, for: key) }
            loaded.set(index, file)
        }
        for file in loaded.all {
            sink.absorb(file.sink)
            patterns.absorb(file.patterns)
            sections.absorb(file.sections)
        }
        var knowledge = KnowledgeBase(
            facts: sections.facts, causes: sections.causes, fixes: sections.fixes,
            questions: sections.questions, signatures: sections.signatures,
            providers: sections.providers, symptoms: sections.symptoms,
            practices: sections.practices, replyCodes: sections.replyCodes,
            descriptions: sections.descriptions)
        knowledge.blocklists = sections.blocklists
        knowledge.publicSuffixes = PublicSuffixList.shipped(inRules: directory) ?? .defaultRuleOnly
        if let model = sections.troubleshooting.first { knowledge.troubleshooting = model }
        for extra in sections.troubleshooting.dropFirst() {
            sink.error(
                "a second troubleshooting section; the first is at "
                    + "\(sections.troubleshooting[0].location.map { "\($0.file):\($0.line)" } ?? "?")",
                at: extra.location ?? SourceLocation(file: root, line: 1, column: 1))
        }
        knowledge.classifier = Self.trainClassifier(knowledge)
        if lint { Linter(knowledge: knowledge, sink: sink, patterns: patterns).run() }
        return Result(knowledge: knowledge, diagnostics: sink.diagnostics)
    }

    /// The back-off, trained on the rules' labelled examples. Each example's group is the
    /// signature or description it comes from: the classifier measures its reliability by
    /// holding out whole groups, as a wording nobody wrote a signature for.
    static func trainClassifier(_ knowledge: KnowledgeBase) -> TextClassifier {
        let examples = knowledge.trainingExamples(for: Facts.errorKindFact)
        return TextClassifier.train(
            fact: Facts.errorKindFact, examples: examples.map { ($0.text, $0.label) }, groups: examples.map(\.group))
    }

    /// The rule files under `directory`, relative to it, sorted; nil when it cannot be read.
    package static func ruleFiles(in directory: String) -> [String]? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory),
            isDirectory.boolValue,
            let enumerator = FileManager.default.enumerator(atPath: directory)
        else { return nil }
        var files: [String] = []
        while let path = enumerator.nextObject() as? String {
            if path.hasSuffix(".yaml") || path.hasSuffix(".yml") { files.append(path) }
        }
        return files.sorted()
    }
}

/// What one rule file gave: its sections, its diagnostics and its patterns.
private final class FileLoad: @unchecked Sendable {
    let sink = DiagnosticSink()
    let patterns = PatternRegistry()
    var sections = RuleSections()
}

/// The per-file results of a concurrent load, each slot written by one iteration only.
private final class FileLoads: @unchecked Sendable {
    private var slots: [FileLoad?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ load: FileLoad) {
        lock.lock()
        slots[index] = load
        lock.unlock()
    }

    var all: [FileLoad] { slots.compactMap { $0 } }
}

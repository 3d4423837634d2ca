import Foundation
import KnowledgeBase
import Testing

@testable import RuleLoader

/// The compiled rules cache must give exactly the knowledge the YAML gives, and follow edits.
@Suite(.serialized) struct RuleCacheTests {
    static let rules = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("rules").path

    @Test func theBinaryFormRoundTripsTheShippedRules() throws {
        let yaml = RuleLoader.load(directory: Self.rules, displayRoot: "rules", lint: false).knowledge
        let decoded = try KnowledgeBaseCoding.decode(KnowledgeBaseCoding.encode(yaml))
        #expect(KnowledgeBaseCoding.encode(decoded) == KnowledgeBaseCoding.encode(yaml))
        #expect(decoded.causes == yaml.causes)
        #expect(decoded.fixes == yaml.fixes)
        #expect(decoded.questions == yaml.questions)
        #expect(decoded.signatures.map(\.id) == yaml.signatures.map(\.id))
        #expect(decoded.providers == yaml.providers)
        #expect(decoded.facts == yaml.facts)
        #expect(decoded.replyCodes == yaml.replyCodes)
        #expect(decoded.descriptions == yaml.descriptions)
        // The back-off is trained when the rules are compiled and travels in the cache.
        #expect(yaml.classifier != nil && decoded.classifier == yaml.classifier)
    }

    @Test func aCorruptCacheIsRefusedNotTrusted() {
        var bytes = KnowledgeBaseCoding.encode(RuleLoader.load(directory: Self.rules, lint: false).knowledge)
        bytes.removeLast(10)
        #expect(throws: (any Error).self) { try KnowledgeBaseCoding.decode(bytes) }
        #expect(throws: (any Error).self) { try KnowledgeBaseCoding.decode([1, 2, 3]) }
    }

    @Test func anEditedRuleFileChangesTheKeyAndTheAnswer() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rules-\(UUID().uuidString)")
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("cache-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(at: directory)
            try? FileManager.default.removeItem(at: cache)
        }
        try FileManager.default.copyItem(atPath: Self.rules, toPath: directory.path)
        setenv("MAIL_DOCTOR_CACHE_DIR", cache.path, 1)
        defer { unsetenv("MAIL_DOCTOR_CACHE_DIR") }
        let before = try #require(RuleCache.key(rules: directory.path, displayRoot: "rules"))
        let first = RuleCache.load(directory: directory.path, displayRoot: "rules")
        #expect(first.errors.isEmpty)
        #expect(FileManager.default.fileExists(atPath: cache.path + "/rules-\(before).bin"))
        // A second load reads the cache and gives the same knowledge.
        let second = RuleCache.load(directory: directory.path, displayRoot: "rules")
        #expect(KnowledgeBaseCoding.encode(second.knowledge) == KnowledgeBaseCoding.encode(first.knowledge))
        // Edit a prior: new key, new answer.
        let causes = directory.appendingPathComponent("causes/connection.yaml")
        let text = try String(contentsOf: causes, encoding: .utf8)
            .replacingOccurrences(of: "prior: 0.08", with: "prior: 0.5")
        try text.write(to: causes, atomically: true, encoding: .utf8)
        let after = try #require(RuleCache.key(rules: directory.path, displayRoot: "rules"))
        #expect(after != before)
        let third = RuleCache.load(directory: directory.path, displayRoot: "rules")
        #expect(third.knowledge.cause("port-blocked")?.prior == 0.5)
    }

    /// A chat turn names the cache by the rule files' stat fields. A `touch` changes them but
    /// not the rules: the content hash finds the same cache file (no YAML parse); an edit that
    /// puts the old modification time back still changes the fingerprint (the change time).
    @Test func theFingerprintFollowsEditsThatKeepTheModificationTime() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rules-\(UUID().uuidString)")
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("cache-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(at: directory)
            try? FileManager.default.removeItem(at: cache)
        }
        try FileManager.default.copyItem(atPath: Self.rules, toPath: directory.path)
        setenv("MAIL_DOCTOR_CACHE_DIR", cache.path, 1)
        defer { unsetenv("MAIL_DOCTOR_CACHE_DIR") }
        func fingerprint() -> String? {
            RuleFingerprint.of(
                directory: directory.path, salt: "\(RuleCache.formatVersion)\u{0}rules\u{0}\(directory.path)")
        }
        func cacheFiles() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: cache.path).filter { $0.hasPrefix("rules-") }.sorted()
        }
        #expect(RuleCache.load(directory: directory.path, displayRoot: "rules").errors.isEmpty)
        let first = try #require(fingerprint())
        let key = try #require(RuleCache.key(rules: directory.path, displayRoot: "rules"))
        #expect(try cacheFiles() == ["rules-\(key).bin", "rules-s\(first).bin"])
        // touch: a new fingerprint, the same contents, one more name for the same file.
        let causes = directory.appendingPathComponent("causes/connection.yaml")
        let modified = try #require(
            FileManager.default.attributesOfItem(atPath: causes.path)[.modificationDate] as? Date)
        try FileManager.default.setAttributes(
            [.modificationDate: modified.addingTimeInterval(60)], ofItemAtPath: causes.path)
        let touched = try #require(fingerprint())
        #expect(touched != first)
        #expect(RuleCache.load(directory: directory.path, displayRoot: "rules").errors.isEmpty)
        #expect(try cacheFiles().count == 3)
        // An edit of the same length with the old modification time put back.
        let text = try String(contentsOf: causes, encoding: .utf8)
        try text.replacingOccurrences(of: "prior: 0.08", with: "prior: 0.50").write(
            to: causes, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes(
            [.modificationDate: modified.addingTimeInterval(60)], ofItemAtPath: causes.path)
        #expect(fingerprint() != touched)
        #expect(
            RuleCache.load(directory: directory.path, displayRoot: "rules").knowledge.cause("port-blocked")?.prior
                == 0.5)
    }

    /// After an edit only the edited file is parsed; the others come from their per-file
    /// entries, and the knowledge is exactly what the YAML gives.
    @Test func theFirstLoadAfterAnEditParsesOnlyTheEditedFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rules-\(UUID().uuidString)")
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("cache-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(at: directory)
            try? FileManager.default.removeItem(at: cache)
        }
        try FileManager.default.copyItem(atPath: Self.rules, toPath: directory.path)
        setenv("MAIL_DOCTOR_CACHE_DIR", cache.path, 1)
        defer { unsetenv("MAIL_DOCTOR_CACHE_DIR") }
        #expect(RuleCache.load(directory: directory.path, displayRoot: "rules").errors.isEmpty)
        let files = try #require(RuleLoader.ruleFiles(in: directory.path))
        let entries = try FileManager.default.contentsOfDirectory(atPath: cache.path + "/files")
        #expect(entries.count == files.count)
        let causes = directory.appendingPathComponent("causes/connection.yaml")
        let text = try String(contentsOf: causes, encoding: .utf8)
        try text.replacingOccurrences(of: "prior: 0.08", with: "prior: 0.5").write(
            to: causes, atomically: true, encoding: .utf8)
        // A corrupt entry is refused and the file parsed again.
        let other = try #require(
            FileSectionCache(directory: cache.path + "/files").key(
                path: directory.path + "/facts.yaml", display: "rules/facts.yaml"))
        try Data([1, 2, 3]).write(to: cache.appendingPathComponent("files/file-\(other).bin"))
        let edited = RuleCache.load(directory: directory.path, displayRoot: "rules")
        let yaml = RuleLoader.load(directory: directory.path, displayRoot: "rules", lint: false)
        #expect(edited.errors.isEmpty)
        #expect(edited.knowledge.cause("port-blocked")?.prior == 0.5)
        #expect(KnowledgeBaseCoding.encode(edited.knowledge) == KnowledgeBaseCoding.encode(yaml.knowledge))
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.path + "/files").count == files.count + 1)
    }

    @Test func brokenRulesAreNeverCached() throws {
        let broken = URL(fileURLWithPath: Self.rules).deletingLastPathComponent()
            .appendingPathComponent("Tests/RuleLoaderTests/Fixtures/broken/wrong-type").path
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("cache-\(UUID().uuidString)")
        setenv("MAIL_DOCTOR_CACHE_DIR", cache.path, 1)
        defer {
            unsetenv("MAIL_DOCTOR_CACHE_DIR")
            try? FileManager.default.removeItem(at: cache)
        }
        let result = RuleCache.load(directory: broken, displayRoot: "rules")
        #expect(!result.errors.isEmpty)
        // Neither the knowledge nor the broken file; the clean file beside it may be kept.
        let kept = (try? FileManager.default.contentsOfDirectory(atPath: cache.path)) ?? []
        #expect(kept.allSatisfy { $0 == "files" })
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: cache.path + "/files")) ?? []
        let brokenKey = try #require(
            FileSectionCache(directory: cache.path + "/files").key(
                path: broken + "/causes.yaml", display: "rules/causes.yaml"))
        #expect(!entries.contains("file-\(brokenKey).bin"))
        #expect(entries.count <= 1)
    }
}

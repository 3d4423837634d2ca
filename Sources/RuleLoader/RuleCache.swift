import Foundation
import KnowledgeBase

/// The rules in a compiled binary form, keyed by a hash of the rule files' contents, so that a
/// chat turn does not parse YAML: the first run after a change writes the cache, every later
/// run reads it. A change to any rule file (or to the cache format) changes the key.
package enum RuleCache {
    /// How many compiled caches stay after a new one is written (several rules folders, such as
    /// a test's, may share the cache folder) and how many per-file entries.
    static let keptCaches = 8
    static let keptFileEntries = 512

    /// Bump when the binary form changes, or what it stores is worked out differently (the
    /// patterns' triggers, `PatternTrigger`, are computed at compile time and stored).
    static let formatVersion = 13
    static let magic: [UInt8] = Array("MDRC".utf8)

    /// Where caches live: `MAIL_DOCTOR_CACHE_DIR`, else `$XDG_CACHE_HOME/mail-doctor`, else
    /// `~/.cache/mail-doctor`.
    /// (Read with getenv: `ProcessInfo.environment` copies the whole environment into a new
    /// dictionary on every call, a tenth of a millisecond of a chat turn each time.)
    static var directory: String {
        func variable(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
        if let explicit = variable("MAIL_DOCTOR_CACHE_DIR"), !explicit.isEmpty { return explicit }
        if let xdg = variable("XDG_CACHE_HOME"), !xdg.isEmpty { return xdg + "/mail-doctor" }
        let home = variable("HOME") ?? NSTemporaryDirectory()
        return home + "/.cache/mail-doctor"
    }

    /// The knowledge base, from the cache when it is fresh, else from the YAML (and then
    /// cached). Broken rules are never cached: their diagnostics come back as from `load`.
    ///
    /// Two names lead to one cache file: the rule files' fingerprint (their stat fields, what
    /// every chat turn computes) and the hash of their contents (computed only when the
    /// fingerprint is new, so that a `touch` or a fresh checkout of the same rules reads the
    /// cache instead of the YAML). The fingerprint's name is a hard link to the content's.
    package static func load(directory rules: String, displayRoot: String) -> RuleLoader.Result {
        let salt = "\(formatVersion)\u{0}\(displayRoot)\u{0}\(rules)"
        let fingerprint = RuleFingerprint.of(directory: rules, salt: salt)
        if let fingerprint, let knowledge = read(directory + "/rules-s\(fingerprint).bin", rules: rules) {
            return RuleLoader.Result(knowledge: knowledge, diagnostics: [])
        }
        let files = FileSectionCache(directory: directory + "/files")
        guard let key = self.key(rules: rules, displayRoot: displayRoot) else {
            return RuleLoader.load(directory: rules, displayRoot: displayRoot, lint: false, fileCache: files)
        }
        let path = directory + "/rules-\(key).bin"
        if let knowledge = read(path, rules: rules) {
            remember(path, as: fingerprint, rules: rules, salt: salt)
            return RuleLoader.Result(knowledge: knowledge, diagnostics: [])
        }
        let result = RuleLoader.load(directory: rules, displayRoot: displayRoot, lint: false, fileCache: files)
        if result.errors.isEmpty {
            store(result.knowledge, at: path)
            remember(path, as: fingerprint, rules: rules, salt: salt)
            CachePruner.prune(directory, prefix: "rules-", keep: keptCaches)
            CachePruner.prune(files.directory, prefix: "file-", keep: keptFileEntries)
        }
        return result
    }

    /// The cached knowledge at `path`, if it is there and whole.
    private static func read(_ path: String, rules: String) -> KnowledgeBase? {
        guard let bytes = BinaryFile.bytes(atPath: path), bytes.count > 8, bytes.prefix(4).elementsEqual(magic),
            var knowledge = try? KnowledgeBaseCoding.decode(bytes, from: 4)
        else { return nil }
        // Not part of the cache: the list is read from the rules folder when it is used.
        knowledge.publicSuffixes = PublicSuffixList.shipped(inRules: rules) ?? .defaultRuleOnly
        return knowledge
    }

    /// Links the fingerprint's name to the content's cache file, but only if the files did not
    /// change while they were hashed (else the old stat fields would name the new contents).
    private static func remember(_ path: String, as fingerprint: String?, rules: String, salt: String) {
        guard let fingerprint, RuleFingerprint.of(directory: rules, salt: salt) == fingerprint else { return }
        let linkPath = directory + "/rules-s\(fingerprint).bin"
        let temporary = linkPath + ".\(getpid()).tmp"
        unlink(temporary)
        // Atomic, like `store`: the link is made under a private name, then renamed.
        guard link(path, temporary) == 0 else { return }
        if rename(temporary, linkPath) != 0 { unlink(temporary) }
    }

    /// A 64-bit FNV-1a hash of the format version, the display root and every rule file's
    /// path and bytes: any edit changes it.
    static func key(rules: String, displayRoot: String) -> String? {
        guard let files = RuleLoader.ruleFiles(in: rules), !files.isEmpty else { return nil }
        var hash = FNV1a()
        hash.mix("\(formatVersion)\u{0}\(displayRoot)")
        for file in files {
            guard let data = FileManager.default.contents(atPath: rules + "/" + file) else { return nil }
            hash.mix(file)
            data.withUnsafeBytes { hash.mix($0) }
        }
        return String(hash.value, radix: 16)
    }

    static func store(_ knowledge: KnowledgeBase, at path: String) {
        BinaryFile.write(magic + KnowledgeBaseCoding.encode(knowledge), atomicallyTo: path)
    }
}

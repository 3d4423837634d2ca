import Foundation
import KnowledgeBase

/// The rules in a compiled binary form, keyed by a hash of the rule files' contents, so that a
/// chat turn does not parse YAML: the first run after a change writes the cache, every later
/// run reads it. A change to any rule file (or to the cache format) changes the key.
package enum RuleCache {
    /// Bump when the binary form changes.
    static let formatVersion = 8
    static let magic: [UInt8] = Array("MDRC".utf8)

    /// Where caches live: `MAIL_DOCTOR_CACHE_DIR`, else `$XDG_CACHE_HOME/mail-doctor`, else
    /// `~/.cache/mail-doctor`.
    static var directory: String {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["MAIL_DOCTOR_CACHE_DIR"], !explicit.isEmpty { return explicit }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty { return xdg + "/mail-doctor" }
        let home = environment["HOME"] ?? NSTemporaryDirectory()
        return home + "/.cache/mail-doctor"
    }

    /// The knowledge base, from the cache when it is fresh, else from the YAML (and then
    /// cached). Broken rules are never cached: their diagnostics come back as from `load`.
    package static func load(directory rules: String, displayRoot: String) -> RuleLoader.Result {
        guard let key = self.key(rules: rules, displayRoot: displayRoot) else {
            return RuleLoader.load(directory: rules, displayRoot: displayRoot, lint: false)
        }
        let path = directory + "/rules-\(key).bin"
        if let data = FileManager.default.contents(atPath: path), data.count > 8,
            Array(data.prefix(4)) == magic,
            var knowledge = try? KnowledgeBaseCoding.decode(Array(data.dropFirst(4)))
        {
            // Not part of the cache: the list is read from the rules folder when it is used.
            knowledge.publicSuffixes = PublicSuffixList.shipped(inRules: rules) ?? .defaultRuleOnly
            return RuleLoader.Result(knowledge: knowledge, diagnostics: [])
        }
        let result = RuleLoader.load(directory: rules, displayRoot: displayRoot, lint: false)
        if result.errors.isEmpty { store(result.knowledge, at: path) }
        return result
    }

    /// A 64-bit FNV-1a hash of the format version, the display root and every rule file's
    /// path and bytes: cheap enough for every run, and any edit changes it.
    static func key(rules: String, displayRoot: String) -> String? {
        guard let files = RuleLoader.ruleFiles(in: rules), !files.isEmpty else { return nil }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ bytes: UnsafeRawBufferPointer) {
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        }
        func mix(_ text: String) {
            var copy = text + "\u{0}"
            copy.withUTF8 { mix(UnsafeRawBufferPointer($0)) }
        }
        mix("\(formatVersion)\u{0}\(displayRoot)")
        for file in files {
            guard let data = FileManager.default.contents(atPath: rules + "/" + file) else { return nil }
            mix(file)
            data.withUnsafeBytes { mix($0) }
        }
        return String(hash, radix: 16)
    }

    static func store(_ knowledge: KnowledgeBase, at path: String) {
        let bytes = magic + KnowledgeBaseCoding.encode(knowledge)
        let folder = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // Atomic: a concurrent chat turn reads the old file or the new one, never half of one.
        let temporary = path + ".\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)) else { return }
        if rename(temporary, path) != 0 { unlink(temporary) }
    }
}

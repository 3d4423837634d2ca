import Foundation
import KnowledgeBase

/// Each rule file's decoded sections in the binary form, by the hash of its name and bytes, so
/// that the first run after a rule change parses only the files that changed: YAML parsing is
/// most of a cold load (1.2 s at 10,000 causes), and an edit touches one file. The whole
/// knowledge base is still merged, trained and cached as before (`RuleCache`).
///
/// Only a file that decoded without any diagnostic is kept: a file with a warning is parsed
/// every time, so its message is never lost.
struct FileSectionCache {
    /// Where the files' entries live (a folder of `RuleCache.directory`).
    let directory: String

    static let magic: [UInt8] = Array("MDRF".utf8)

    /// The key of a file's bytes, shown as `display`.
    func key(of data: Data, display: String) -> String {
        var hash = FNV1a()
        hash.mix("\(RuleCache.formatVersion)\u{0}\(display)")
        data.withUnsafeBytes { hash.mix($0) }
        return String(hash.value, radix: 16)
    }

    func sections(for key: String) -> RuleSections? {
        guard let bytes = BinaryFile.bytes(atPath: path(key)), bytes.count > 5,
            bytes.prefix(4).elementsEqual(Self.magic),
            let knowledge = try? KnowledgeBaseCoding.decode(bytes, from: 5)
        else { return nil }
        return RuleSections(knowledge, hasTroubleshooting: bytes[4] == 1)
    }

    /// Keeps `sections` under `key`, atomically (another process may be reading).
    func store(_ sections: RuleSections, for key: String) {
        // Two troubleshooting sections are an error the merge reports; the binary form holds one.
        guard sections.troubleshooting.count <= 1 else { return }
        let bytes =
            Self.magic + [sections.troubleshooting.isEmpty ? 0 : 1]
            + KnowledgeBaseCoding.encode(sections.knowledge)
        BinaryFile.write(bytes, atomicallyTo: path(key))
    }

    private func path(_ key: String) -> String { directory + "/file-\(key).bin" }
}

extension RuleSections {
    /// One file's sections as a knowledge base of their own (the binary form's unit).
    var knowledge: KnowledgeBase {
        var knowledge = KnowledgeBase(
            facts: facts, causes: causes, fixes: fixes, questions: questions, signatures: signatures,
            providers: providers, symptoms: symptoms, practices: practices, replyCodes: replyCodes,
            descriptions: descriptions, troubleshooting: troubleshooting.first ?? TroubleshootingModel())
        knowledge.blocklists = blocklists
        return knowledge
    }

    init(_ knowledge: KnowledgeBase, hasTroubleshooting: Bool) {
        self.init()
        facts = knowledge.facts
        causes = knowledge.causes
        fixes = knowledge.fixes
        questions = knowledge.questions
        signatures = knowledge.signatures
        providers = knowledge.providers
        symptoms = knowledge.symptoms
        practices = knowledge.practices
        replyCodes = knowledge.replyCodes
        descriptions = knowledge.descriptions
        blocklists = knowledge.blocklists
        troubleshooting = hasTroubleshooting ? [knowledge.troubleshooting] : []
    }
}

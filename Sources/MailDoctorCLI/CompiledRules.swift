import KnowledgeBase
import RuleLoader

/// The rules a command runs with. Kept in one place so a faster form (a precompiled cache)
/// can replace the YAML load without touching the commands.
enum CompiledRules {
    static func load(directory: String, displayRoot: String) -> KnowledgeBase? {
        let result = RuleLoader.load(directory: directory, displayRoot: displayRoot, lint: false)
        return result.errors.isEmpty ? result.knowledge : nil
    }
}

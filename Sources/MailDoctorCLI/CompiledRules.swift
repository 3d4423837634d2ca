import KnowledgeBase
import RuleLoader

/// The rules a command runs with: the compiled cache when it is fresh (see `RuleCache`), else
/// the YAML.
enum CompiledRules {
    static func load(directory: String, displayRoot: String) -> KnowledgeBase? {
        let result = RuleCache.load(directory: directory, displayRoot: displayRoot)
        return result.errors.isEmpty ? result.knowledge : nil
    }
}

import ArgumentParser

/// A chat turn's arguments as a chatbot backend passes them, read without ArgumentParser.
///
/// A turn is a new process, and ArgumentParser's parse looks up protocol conformances for
/// every option and for its own completion commands: in the static binary each lookup walks
/// some 10,000 conformance records, about 2 ms of a turn. The forms a backend uses (`step`,
/// `--rules DIR` or `--rules=DIR`, `--allow-probes`, `--allow-private-targets`, each at
/// most once) are read here and checked by the commands' own `validate()`. Anything else,
/// and anything `validate()` refuses, returns nil: ArgumentParser then parses, so help, errors
/// and their messages stay its own.
enum StepArguments {
    static func command(_ arguments: some Sequence<String>) -> StepCommand? {
        var rules: String?
        var allowProbes = false
        var allowPrivateTargets = false
        var rest = Array(arguments)[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--allow-probes" where !allowProbes: allowProbes = true
            case "--allow-private-targets" where !allowPrivateTargets: allowPrivateTargets = true
            case "--rules" where rules == nil:
                // A value that looks like an option is ArgumentParser's to refuse.
                guard let value = rest.popFirst(), !value.hasPrefix("-") else { return nil }
                rules = value
            default:
                guard rules == nil, argument.hasPrefix("--rules=") else { return nil }
                rules = String(argument.dropFirst("--rules=".count))
            }
        }
        var global = RulesOptions()
        global.rules = rules
        var probing = ProbeGuardOptions()
        probing.allowProbes = allowProbes
        probing.allowPrivateTargets = allowPrivateTargets
        guard (try? global.validate()) != nil, (try? probing.validate()) != nil else { return nil }
        var command = StepCommand()
        command.global = global
        command.probing = probing
        return command
    }
}

/// A chat turn's arguments as a chatbot backend passes them, read without ArgumentParser.
///
/// A turn is a new process, and ArgumentParser's parse, and even building the commands'
/// option wrappers, looks up protocol conformances for every option and for its own completion
/// commands: in the static binary each lookup walks some 10,000 conformance records, about
/// 2 ms of a turn. The forms a backend uses (`step`, `--rules DIR` or `--rules=DIR`,
/// `--allow-probes`, `--allow-private-targets`, each at most once) are read here and checked
/// as the options' own `validate()` checks them (`ChatTurn.isValid`). Anything else, and
/// anything those checks refuse, returns nil: ArgumentParser then parses, so help, errors and
/// their messages stay its own.
enum StepArguments {
    static func turn(_ arguments: some Sequence<String>) -> ChatTurn? {
        var turn = ChatTurn()
        var rest = Array(arguments)[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--allow-probes" where !turn.allowProbes: turn.allowProbes = true
            case "--allow-private-targets" where !turn.allowPrivateTargets: turn.allowPrivateTargets = true
            case "--rules" where turn.rules == nil:
                // A value that looks like an option is ArgumentParser's to refuse.
                guard let value = rest.popFirst(), !value.hasPrefix("-") else { return nil }
                turn.rules = value
            default:
                guard turn.rules == nil, argument.hasPrefix("--rules=") else { return nil }
                turn.rules = String(argument.dropFirst("--rules=".count))
            }
        }
        return turn.isValid ? turn : nil
    }
}

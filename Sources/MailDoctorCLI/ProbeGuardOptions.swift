import ArgumentParser

/// What an operator allows a chat user (of `step`) or an AI assistant (of `mcp`) to make this
/// machine probe: nothing by default, public targets with `--allow-probes`, loopback and
/// private ones only with `--allow-private-targets` too.
struct ProbeGuardOptions: ParsableArguments {
    @Flag(help: "Allow live probes (off by default: a chat user must not make this machine scan).")
    var allowProbes = false

    @Flag(help: "With --allow-probes, also allow targets in loopback and private ranges.")
    var allowPrivateTargets = false

    func validate() throws { try Self.check(allowProbes: allowProbes, allowPrivateTargets: allowPrivateTargets) }

    /// What `validate()` checks, for a chat turn built without ArgumentParser (`ChatTurn`).
    static func check(allowProbes: Bool, allowPrivateTargets: Bool) throws {
        if allowPrivateTargets && !allowProbes {
            throw ValidationError("--allow-private-targets needs --allow-probes")
        }
    }
}

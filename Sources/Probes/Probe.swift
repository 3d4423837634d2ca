import KnowledgeBase

/// One live check of the user's setup. Each probe is one type in its own file, listed in
/// `ProbeRegistry`; it never sends an email (it stops before DATA) and never prints a password.
package protocol Probe: Sendable {
    var name: ProbeName { get }
    /// Whether the probe has what it needs in `context` (a host, a DNS name, a URL).
    func applies(to context: ProbeContext) -> Bool
    /// Runs the checks. Must finish within `context.timeouts.overall`; the runner also
    /// enforces it.
    func run(_ context: ProbeContext) async -> [ProbeOutcome]
}

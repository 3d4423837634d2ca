import Foundation
import KnowledgeBase

/// Runs probes concurrently: a sweep takes about as long as its slowest probe. Each probe is
/// also cut off at the overall timeout, whatever the peer does.
package struct ProbeRunner: Sendable {
    package init() {}

    /// Runs the probes named in `names` (all that apply when nil), reporting each as it ends.
    package func run(
        _ context: ProbeContext, names: Set<ProbeName>? = nil,
        progress: (@Sendable (ProbeName) -> Void)? = nil
    ) async -> [ProbeOutcome] {
        let probes = ProbeRegistry.all.filter { probe in
            (names?.contains(probe.name) ?? true) && probe.applies(to: context)
        }
        var results: [ProbeName: [ProbeOutcome]] = [:]
        await withTaskGroup(of: (ProbeName, [ProbeOutcome]).self) { group in
            for probe in probes {
                group.addTask {
                    let outcomes = await Self.bounded(probe, context: context)
                    progress?(probe.name)
                    return (probe.name, outcomes)
                }
            }
            for await (name, outcomes) in group { results[name] = outcomes }
        }
        // Registry order, so reports read the same way every time.
        return ProbeRegistry.all.flatMap { results[$0.name] ?? [] }
    }

    /// The probe's outcomes, or an "unknown" outcome when it overruns the overall timeout.
    /// The race is unstructured on purpose: a probe stuck in a blocking wait cannot delay the
    /// answer (its own connect and read timeouts end it soon after, in the background).
    static func bounded(_ probe: any Probe, context: ProbeContext) async -> [ProbeOutcome] {
        let timeout = ProbeOutcome(
            probe: probe.name, check: "timeout", status: .unknown,
            message: LocalizedText(
                en: "did not finish within \(Int(context.timeouts.overall.seconds)) s",
                ar: "لم ينتهِ خلال \(Int(context.timeouts.overall.seconds)) ثانية"),
            seconds: context.timeouts.overall.seconds)
        return await withCheckedContinuation { continuation in
            let once = Once()
            Task {
                let outcomes = await probe.run(context)
                if once.claim() { continuation.resume(returning: outcomes) }
            }
            Task {
                try? await Task.sleep(for: context.timeouts.overall)
                if once.claim() { continuation.resume(returning: [timeout]) }
            }
        }
    }
}

/// True for the first caller only.
final class Once: @unchecked Sendable {
    private let lock = NSLock()
    private var claimed = false

    func claim() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if claimed { return false }
        claimed = true
        return true
    }
}

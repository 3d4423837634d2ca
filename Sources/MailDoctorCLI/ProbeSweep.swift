import Foundation
import Inference
import KnowledgeBase
import Probes

/// Runs the probes for a diagnosis or `probe`, with progress on a terminal's stderr; what they
/// found goes back to the conversation through `ProbeFindings.measurement`.
enum ProbeSweep {
    /// Runs the sweep with a spinner on stderr when it is a terminal.
    static func run(_ context: ProbeContext, names: Set<ProbeName>? = nil, language: Language) async -> [ProbeOutcome] {
        let spinner = Spinner(language: language)
        spinner.start()
        let outcomes = await ProbeRunner().run(context, names: names, progress: { spinner.done($0.rawValue) })
        spinner.stop()
        return outcomes
    }
}

/// A one-line progress indicator on stderr, only on a terminal.
final class Spinner: @unchecked Sendable {
    private let language: Language
    private let enabled = isatty(STDERR_FILENO) == 1
    private let lock = NSLock()
    private var finished: [String] = []
    private var running = false
    private var frame = 0

    init(language: Language) {
        self.language = language
    }

    func start() {
        guard enabled else { return }
        lock.lock()
        running = true
        lock.unlock()
        Thread.detachNewThread { [self] in
            let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
            while true {
                lock.lock()
                let keep = running
                let done = finished.joined(separator: " ")
                frame += 1
                let glyph = frames[frame % frames.count]
                lock.unlock()
                guard keep else { break }
                let label = language == .ar ? "جارٍ الفحص" : "probing"
                Console.partial("\r\u{1B}[K\(glyph) \(label)… \(done)", toError: true)
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
    }

    func done(_ name: String) {
        lock.lock()
        finished.append(name + " ✓")
        lock.unlock()
    }

    func stop() {
        guard enabled else { return }
        lock.lock()
        running = false
        lock.unlock()
        Thread.sleep(forTimeInterval: 0.15)
        Console.partial("\r\u{1B}[K", toError: true)
    }
}

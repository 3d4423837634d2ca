import Foundation
import Inference
import KnowledgeBase
import Probes

/// Runs the probes for a diagnosis and turns their findings into session facts: measured
/// facts (origin `probe`) never override what the user said, and server replies go into the
/// error text, where the signatures read them like any pasted error.
enum ProbeSweep {
    static func apply(_ outcomes: [ProbeOutcome], to session: inout Session, knowledge: KnowledgeBase) {
        for outcome in outcomes {
            for (fact, value) in outcome.facts.sorted(by: { $0.key < $1.key })
            where knowledge.fact(fact) != nil {
                if let existing = session.answer(for: fact), existing.origin == .user || existing.origin == .flag {
                    continue
                }
                session.answer(fact, value, origin: .probe)
            }
            if let text = outcome.errorText, !text.isEmpty {
                session.errorText = [session.errorText, text].compactMap { $0 }.joined(separator: "\n")
            }
        }
    }

    /// Runs the sweep on a background task with a spinner on stderr when it is a terminal.
    static func run(_ context: ProbeContext, names: Set<ProbeName>? = nil, language: Language) -> [ProbeOutcome] {
        let spinner = Spinner(language: language)
        spinner.start()
        let outcomes = runBlocking {
            await ProbeRunner().run(context, names: names, progress: { spinner.done($0.rawValue) })
        }
        spinner.stop()
        return outcomes
    }

    /// Waits for async work from synchronous command code.
    static func runBlocking<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
        let box = ResultBox<T>()
        let semaphore = DispatchSemaphore(value: 0)
        Task.detached {
            box.value = await body()
            semaphore.signal()
        }
        semaphore.wait()
        return box.value!
    }

    final class ResultBox<T>: @unchecked Sendable { var value: T? }
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
        lock.lock(); running = true; lock.unlock()
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
        lock.lock(); finished.append(name + " ✓"); lock.unlock()
    }

    func stop() {
        guard enabled else { return }
        lock.lock(); running = false; lock.unlock()
        Thread.sleep(forTimeInterval: 0.15)
        Console.partial("\r\u{1B}[K", toError: true)
    }
}

import Foundation

/// Phase times on stderr when MAIL_DOCTOR_TIMINGS is set: where a chat turn spends its time.
final class Timings {
    private let enabled = getenv("MAIL_DOCTOR_TIMINGS") != nil
    private var marks: [(String, UInt64)] = [("launch", DispatchTime.now().uptimeNanoseconds)]

    func mark(_ name: String) {
        if enabled { marks.append((name, DispatchTime.now().uptimeNanoseconds)) }
    }

    func report() {
        guard enabled else { return }
        let parts = zip(marks.dropFirst(), marks).map { current, previous in
            String(format: "%@ %.1f ms", current.0, Double(current.1 - previous.1) / 1e6)
        }
        Console.error("timings: " + parts.joined(separator: ", "))
    }
}

import Foundation

/// Runs the built `mail-doctor` binary, the way users and the chatbot backend do.
struct Binary {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
        /// The process was killed by a signal (a trap, or the test's watchdog): never acceptable.
        var signaled = false
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The binary next to the test bundle (the same build), else the package's debug build.
    static let path: String = {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
                .appendingPathComponent("mail-doctor").path,
            Bundle.main.bundleURL.appendingPathComponent("mail-doctor").path,
            root.appendingPathComponent(".build/debug/mail-doctor").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
            ?? candidates.last!
    }()

    /// Runs the binary with `arguments`, `stdin` as standard input, in `environment` (added to
    /// a clean one: no colour, English unless asked).
    static func run(
        _ arguments: [String], stdin: String? = nil,
        environment: [String: String] = [:]
    ) throws -> Output {
        try run(arguments, input: stdin.map { Data($0.utf8) }, environment: environment)
    }

    /// The same with raw bytes (or a file such as /dev/zero) on stdin, stdout to a file when
    /// given (such as /dev/full), and a watchdog that kills a run taking longer than `limit`.
    static func run(
        _ arguments: [String], input: Data? = nil, stdinFile: String? = nil,
        stdoutFile: String? = nil, environment: [String: String] = [:],
        limit: TimeInterval = 300
    ) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        var env = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "LANG": "C.UTF-8"]
        env.merge(environment) { $1 }
        process.environment = env
        let outPipe = Pipe()
        let errPipe = Pipe()
        let inPipe = Pipe()
        process.standardOutput =
            try stdoutFile.map { path in
                guard let handle = FileHandle(forWritingAtPath: path) else { throw CocoaError(.fileNoSuchFile) }
                return handle
            } ?? outPipe
        process.standardError = errPipe
        process.standardInput =
            try stdinFile.map { path in
                guard let handle = FileHandle(forReadingAtPath: path) else { throw CocoaError(.fileNoSuchFile) }
                return handle
            } ?? inPipe
        // Writing to a process that has stopped reading must fail, not kill the test runner.
        signal(SIGPIPE, SIG_IGN)
        try process.run()
        let watchdog = DispatchWorkItem { [process] in if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + limit, execute: watchdog)
        defer { watchdog.cancel() }
        if stdoutFile != nil { try outPipe.fileHandleForWriting.close() }
        if stdinFile == nil {
            // Written from another thread: a process that stops reading must not block the test.
            let writer = inPipe.fileHandleForWriting
            DispatchQueue.global().async {
                if let input { try? writer.write(contentsOf: input) }
                try? writer.close()
            }
        }
        // Read both pipes while the process runs, so a large output cannot block it.
        let outBox = DataBox()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            outBox.data = outPipe.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let errData = errPipe.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        let outData = outBox.data
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self),
            signaled: process.terminationReason == .uncaughtSignal)
    }

    /// The JSON inside a chat state (base64url payload before the signature), to search it.
    static func decodedState(_ state: String) -> String {
        let payload = String(state.split(separator: ".")[0]).replacingOccurrences(of: "-", with: "+")
            .replacingOccurrences(of: "_", with: "/")
        let padded = payload + String(repeating: "=", count: (4 - payload.count % 4) % 4)
        return String(decoding: Data(base64Encoded: padded) ?? Data(), as: UTF8.self)
    }

    static func fixture(_ name: String) -> String {
        root.appendingPathComponent("Tests/CLITests/Fixtures/\(name)").path
    }
}

/// Holds what a reader thread collected; the group's wait orders the accesses.
private final class DataBox: @unchecked Sendable {
    var data = Data()
}

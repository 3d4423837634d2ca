import Foundation

/// Runs the built `mail-doctor` binary, the way users and the chatbot backend do.
struct Binary {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
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
    static func run(_ arguments: [String], stdin: String? = nil,
                    environment: [String: String] = [:]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        var env = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "LANG": "C.UTF-8"]
        env.merge(environment) { $1 }
        process.environment = env
        let outPipe = Pipe(), errPipe = Pipe(), inPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = inPipe
        try process.run()
        if let stdin { inPipe.fileHandleForWriting.write(Data(stdin.utf8)) }
        try inPipe.fileHandleForWriting.close()
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
        return Output(status: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    static func fixture(_ name: String) -> String {
        root.appendingPathComponent("Tests/CLITests/Fixtures/\(name)").path
    }
}

/// Holds what a reader thread collected; the group's wait orders the accesses.
private final class DataBox: @unchecked Sendable {
    var data = Data()
}

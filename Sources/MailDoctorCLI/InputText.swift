import ChatProtocol
import Foundation

/// Reads user-supplied text: an argument, `-` for stdin, or a file.
enum InputText {
    /// The most a command reads from stdin: the chat protocol's request limit. Reading stops
    /// one byte past it, so `mail-doctor step < /dev/zero` answers at once instead of filling
    /// memory; `scan` streams logs of any size instead.
    static let maximumBytes = StepRequestParser.maximumBytes

    /// The text itself, or stdin for `-`. Invalid UTF-8 is repaired rather than refused:
    /// a pasted log may hold a stray byte, and nothing the user typed should be lost.
    static func argumentOrStdin(_ argument: String, command: String) throws -> String {
        guard argument == "-" else { return argument }
        guard let data = readStandardInput() else {
            Console.error(
                "mail-doctor \(command): the text on stdin is larger than \(maximumBytes / 1024 / 1024) MiB; "
                    + "paste the error itself, or read a whole log with 'mail-doctor scan'.")
            throw MailDoctorError.exit(ExitCodes.dataError)
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// All of stdin if it holds at most `limit` bytes, else nil (having read `limit + 1`).
    static func readStandardInput(limit: Int = maximumBytes) -> Data? {
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while data.count <= limit {
            let wanted = min(chunk.count, limit + 1 - data.count)
            let count = chunk.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, wanted) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            data.append(contentsOf: chunk[..<count])
        }
        return data.count <= limit ? data : nil
    }
}

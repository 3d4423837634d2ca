import Foundation

/// Streams a file line by line in fixed-size chunks, so a multi-gigabyte log needs little memory.
struct LineReader {
    static let chunkSize = 1 << 20

    /// Calls `body` with each line (without its newline). Invalid UTF-8 is repaired, not refused.
    static func forEachLine(path: String, _ body: (Substring) -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw LineReaderError.cannotOpen(path)
        }
        defer { try? handle.close() }
        var pending = Data()
        while true {
            let chunk = handle.readData(ofLength: chunkSize)
            if chunk.isEmpty { break }
            pending.append(chunk)
            guard let lastNewline = pending.lastIndex(of: UInt8(ascii: "\n")) else { continue }
            let complete = pending[pending.startIndex..<lastNewline]
            let text = String(decoding: complete, as: UTF8.self)
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                body(line.hasSuffix("\r") ? line.dropLast() : line)
            }
            pending = Data(pending[pending.index(after: lastNewline)...])
        }
        if !pending.isEmpty {
            body(Substring(String(decoding: pending, as: UTF8.self)))
        }
    }
}

enum LineReaderError: Error, CustomStringConvertible {
    case cannotOpen(String)

    var description: String {
        switch self {
        case .cannotOpen(let path): return "cannot open '\(path)'"
        }
    }
}

import Foundation

/// Streams a file line by line in fixed-size chunks, handing out raw bytes (no String per
/// line), so a multi-gigabyte log needs little memory and little time.
struct LineReader {
    static let chunkSize = 4 << 20
    /// A line longer than this is cut: memory stays flat even for a file without newlines.
    static let maximumLine = 1 << 20

    /// Calls `body` with each line's bytes, without the newline (and a trailing CR).
    static func forEachLine(path: String, _ body: (UnsafeRawBufferPointer) -> Void) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw MailDoctorError.badInput("mail-doctor scan: '\(path)' is a folder; give the log file itself")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw MailDoctorError.badInput("mail-doctor scan: cannot open '\(path)'")
        }
        defer { try? handle.close() }
        var carry: [UInt8] = []
        while true {
            // The throwing read: the old readData(ofLength:) traps on a read error.
            let chunk: Data
            do {
                chunk = try handle.read(upToCount: chunkSize) ?? Data()
            } catch {
                throw MailDoctorError.badInput("mail-doctor scan: cannot read '\(path)': \(error)")
            }
            if chunk.isEmpty { break }
            chunk.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
                var start = 0
                let count = buffer.count
                while start < count {
                    guard let newline = memchr(buffer.baseAddress! + start, 0x0A, count - start) else {
                        append(buffer[start..<count], to: &carry)
                        return
                    }
                    let end = buffer.baseAddress!.distance(to: UnsafeRawPointer(newline))
                    if carry.isEmpty {
                        emit(UnsafeRawBufferPointer(rebasing: buffer[start..<end]), body)
                    } else {
                        append(buffer[start..<end], to: &carry)
                        carry.withUnsafeBytes { emit($0, body) }
                        carry.removeAll(keepingCapacity: true)
                    }
                    start = end + 1
                }
            }
        }
        if !carry.isEmpty { carry.withUnsafeBytes { emit($0, body) } }
    }

    private static func append(_ bytes: Slice<UnsafeRawBufferPointer>, to carry: inout [UInt8]) {
        let room = maximumLine - carry.count
        if room > 0 { carry += bytes.prefix(room) }
    }

    private static func emit(_ line: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) {
        if let last = line.last, last == 0x0D {
            body(UnsafeRawBufferPointer(rebasing: line[0..<(line.count - 1)]))
        } else {
            body(line)
        }
    }
}

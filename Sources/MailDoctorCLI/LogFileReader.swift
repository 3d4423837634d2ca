import Dispatch
import Foundation
import Inference
import Service

/// Reads a log for `scan`: buffers of whole lines handed to a `LogScan` as raw bytes (no String
/// and no allocation per line), and a big file in parts, one per core.
///
/// A part starts at a header line (a record is a header line plus its traceback lines), so no
/// record is split, lost or counted twice; the parts' scans merge in file order into what one
/// scan of the whole file gives. Standard input and small files are read in one part. Memory
/// stays flat: one buffer per part.
enum LogFileReader {
    /// Bytes read at a time, per part.
    static let chunkSize = 2 << 20
    /// A line longer than this is cut: memory stays flat even for a file without newlines.
    static let maximumLine = 1 << 20
    /// A file is read in parts only when each part has at least this many bytes.
    static let minimumPart = 16 << 20

    /// The number of parts when `MAIL_DOCTOR_SCAN_PARTS` sets it (tests split small files
    /// with it), else nil: one per core, for files big enough.
    static var partsFromEnvironment: Int? {
        ProcessInfo.processInfo.environment["MAIL_DOCTOR_SCAN_PARTS"].flatMap { Int($0) }.map { max(1, $0) }
    }

    /// The scan of the file at `path` (`-`: standard input), in at most `parts` parts of at
    /// least `minimumPart` bytes each.
    static func scan(
        path: String, engine: Engine, parts wanted: Int = ProcessInfo.processInfo.activeProcessorCount,
        minimumPart: Int = minimumPart
    ) throws -> LogScan {
        var isDirectory: ObjCBool = false
        if path != "-", FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
            isDirectory.boolValue
        {
            throw MailDoctorError.badInput("mail-doctor scan: '\(path)' is a folder; give the log file itself")
        }
        let fd = path == "-" ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw MailDoctorError.badInput("mail-doctor scan: cannot open '\(path)'") }
        defer { if fd != STDIN_FILENO { close(fd) } }
        var status = stat()
        let size = fstat(fd, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG ? Int(status.st_size) : nil
        guard path != "-", let size, wanted > 1, size >= 2 * max(minimumPart, 1) else {
            let scan = LogScan(engine: engine)
            try read(fd, from: 0, to: nil, positioned: path != "-", into: scan, path: path)
            return scan
        }
        let count = min(wanted, size / max(minimumPart, 1))
        var starts = [0]
        for part in 1..<count {
            starts.append(max(starts[part - 1], try recordStart(fd, from: size / count * part, size: size, path: path)))
        }
        let bounds = starts
        let results = PartResults(count: count)
        let verdicts = LogScanner.Verdicts()
        DispatchQueue.concurrentPerform(iterations: count) { part in
            let scan = LogScan(engine: engine, verdicts: verdicts)
            // The last part reads to the end, however far it has grown since (a live log).
            let end = part + 1 < count ? bounds[part + 1] : nil
            do {
                try read(fd, from: bounds[part], to: end, positioned: true, into: scan, path: path)
                results.set(part, .success(scan))
            } catch {
                results.set(part, .failure(error))
            }
        }
        let scans = try results.values.map { try $0!.get() }
        for later in scans.dropFirst() { scans[0].merge(later) }
        return scans[0]
    }

    /// Where the first record at or after `offset` starts: the first line start there whose
    /// line is a header; `size` when there is none.
    static func recordStart(_ fd: Int32, from offset: Int, size: Int, path: String) throws -> Int {
        guard offset > 0 else { return 0 }
        let step = 1 << 16
        // The window overlaps the next by more than a header's 19 bytes.
        let window = step + 32
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: window)
        defer { buffer.deallocate() }
        // From the byte before `offset`: whether `offset` itself starts a line.
        var position = offset - 1
        while position < size {
            let count = try pread(fd, buffer, window, at: position, path: path)
            guard count > 0 else { break }
            var index = 0
            while index < min(count, step) {
                guard let newline = memchr(buffer + index, 0x0A, min(count, step) - index) else { break }
                let at = UnsafeRawPointer(buffer).distance(to: UnsafeRawPointer(newline))
                let start = at + 1
                if start + 19 <= count, LogScanner.isHeader(UnsafePointer(buffer + start), count - start) {
                    return position + start
                }
                index = start
            }
            position += step
        }
        return size
    }

    /// Reads `fd` from `offset` up to `end` (nil: the end of the file) into `scan`, with pread
    /// when `positioned`, else with read (a pipe).
    static func read(
        _ fd: Int32, from offset: Int, to end: Int?, positioned: Bool, into scan: LogScan, path: String
    ) throws {
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: chunkSize)
        defer { buffer.deallocate() }
        var position = offset
        var filled = 0
        // Inside a line longer than `maximumLine`, already handed on cut.
        var skipping = false
        while true {
            let room = min(chunkSize - filled, end.map { $0 - position } ?? Int.max)
            var count = 0
            if room > 0 {
                count =
                    positioned
                    ? try pread(fd, buffer + filled, room, at: position, path: path)
                    : try readSome(fd, buffer + filled, room, path: path)
            }
            position += count
            filled += count
            let atEnd = count == 0
            var start = 0
            if skipping {
                guard let newline = memchr(buffer, 0x0A, filled) else {
                    filled = 0
                    if atEnd { return }
                    continue
                }
                start = UnsafeRawPointer(buffer).distance(to: UnsafeRawPointer(newline)) + 1
                skipping = false
            }
            if atEnd {
                if start < filled {
                    scan.consume(lines: UnsafeRawBufferPointer(start: buffer + start, count: filled - start))
                }
                return
            }
            if let last = lastNewline(buffer, from: start, to: filled) {
                scan.consume(lines: UnsafeRawBufferPointer(start: buffer + start, count: last + 1 - start))
                start = last + 1
            }
            let rest = filled - start
            if rest >= maximumLine {
                // The line's first `maximumLine` bytes stand for it; the rest is skipped.
                scan.consume(UnsafeRawBufferPointer(start: buffer + start, count: maximumLine))
                skipping = true
                filled = 0
            } else {
                if start > 0 && rest > 0 { memmove(buffer, buffer + start, rest) }
                filled = rest
            }
        }
    }

    /// The last newline in `buffer[start..<end]` (glibc's memrchr is not visible from Swift;
    /// the search is short: it crosses only the last, unfinished line).
    private static func lastNewline(_ buffer: UnsafeMutablePointer<UInt8>, from start: Int, to end: Int) -> Int? {
        var index = end - 1
        while index >= start {
            if buffer[index] == 0x0A { return index }
            index -= 1
        }
        return nil
    }

    private static func pread(
        _ fd: Int32, _ buffer: UnsafeMutablePointer<UInt8>, _ count: Int, at offset: Int, path: String
    ) throws -> Int {
        while true {
            let read = Glibc.pread(fd, buffer, count, off_t(offset))
            if read >= 0 { return read }
            if errno != EINTR { throw readError(path) }
        }
    }

    private static func readSome(
        _ fd: Int32, _ buffer: UnsafeMutablePointer<UInt8>, _ count: Int, path: String
    ) throws -> Int {
        while true {
            let read = Glibc.read(fd, buffer, count)
            if read >= 0 { return read }
            if errno != EINTR { throw readError(path) }
        }
    }

    private static func readError(_ path: String) -> MailDoctorError {
        .badInput("mail-doctor scan: cannot read '\(path)': \(String(cString: strerror(errno)))")
    }
}

/// The parts' scans, filled in from several threads.
private final class PartResults: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<LogScan, Error>?]

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func set(_ part: Int, _ result: Result<LogScan, Error>) {
        lock.lock()
        results[part] = result
        lock.unlock()
    }

    var values: [Result<LogScan, Error>?] {
        lock.lock()
        defer { lock.unlock() }
        return results
    }
}

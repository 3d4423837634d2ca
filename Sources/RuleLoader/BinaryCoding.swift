import Foundation
import KnowledgeBase

/// A compact binary form of the knowledge base, for the rules cache: length-prefixed UTF-8
/// strings, little-endian integers and doubles, tagged conditions. Written and read by hand
/// because start-up time is the point: a chat turn must not parse YAML.
struct BinaryWriter {
    private(set) var bytes: [UInt8] = []
    /// Patterns and rule file names already written, by their number in the order written: a
    /// repeat is written as that number. The reader then needs no dictionary of sources (hashing
    /// an Arabic pattern's source normalises it first, and a chat turn decodes hundreds).
    private var patternNumbers: [String: Int] = [:]
    private var fileNumbers: [String: Int] = [:]

    /// A string written once; its later occurrences as the number of the first (`-1` first,
    /// then the string, marks a new one).
    private mutating func interned(
        _ value: String, in numbers: WritableKeyPath<Self, [String: Int]>, write: (inout Self) -> Void
    ) {
        if let number = self[keyPath: numbers][value] {
            int(number)
            return
        }
        self[keyPath: numbers][value] = self[keyPath: numbers].count
        int(-1)
        write(&self)
    }

    mutating func int(_ value: Int) {
        var v = UInt64(bitPattern: Int64(value))
        for _ in 0..<8 {
            bytes.append(UInt8(v & 0xFF))
            v >>= 8
        }
    }

    mutating func double(_ value: Double) { int(Int(Int64(bitPattern: value.bitPattern))) }
    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func string(_ value: String) {
        let utf8 = Array(value.utf8)
        int(utf8.count)
        bytes += utf8
    }

    mutating func optional<T>(_ value: T?, _ write: (inout BinaryWriter, T) -> Void) {
        bool(value != nil)
        if let value { write(&self, value) }
    }

    mutating func array<T>(_ values: [T], _ write: (inout BinaryWriter, T) -> Void) {
        int(values.count)
        for value in values { write(&self, value) }
    }

    mutating func strings(_ values: [String]) { array(values) { $0.string($1) } }
    /// An array of fixed-width integers as one block of little-endian bytes (this machine's
    /// order: the cache is rebuilt, never shipped between machines).
    mutating func packed<T: FixedWidthInteger>(_ values: [T]) {
        int(values.count)
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }
    mutating func text(_ value: LocalizedText) {
        string(value.en)
        string(value.ar)
    }

    mutating func location(_ value: SourceLocation?) {
        optional(value) { writer, location in
            writer.interned(location.file, in: \.fileNumbers) { $0.string(location.file) }
            writer.int(location.line)
            writer.int(location.column)
        }
    }

    mutating func pattern(_ value: Pattern) {
        interned(value.source, in: \.patternNumbers) { writer in
            writer.string(value.source)
            writer.optional(value.trigger) { $0.strings($1) }
        }
    }

    mutating func condition(_ value: Condition) {
        switch value {
        case .equals(let fact, let v):
            bytes.append(0)
            string(fact)
            string(v)
        case .oneOf(let fact, let values):
            bytes.append(1)
            string(fact)
            strings(values)
        case .above(let fact, let n):
            bytes.append(2)
            string(fact)
            double(n)
        case .below(let fact, let n):
            bytes.append(3)
            string(fact)
            double(n)
        case .matches(let fact, let pattern):
            bytes.append(4)
            string(fact)
            self.pattern(pattern)
        case .known(let fact, let known):
            bytes.append(5)
            string(fact)
            bool(known)
        case .signature(let id):
            bytes.append(6)
            string(id)
        case .all(let items):
            bytes.append(7)
            array(items) { $0.condition($1) }
        case .any(let items):
            bytes.append(8)
            array(items) { $0.condition($1) }
        case .not(let inner):
            bytes.append(9)
            condition(inner)
        }
    }
}

enum BinaryError: Error { case truncated, corrupt }

struct BinaryReader {
    let bytes: [UInt8]
    /// The same bytes, shared by the texts decoded on first use (`LocalizedText`).
    private let texts: EncodedTexts
    private(set) var offset = 0
    /// One Pattern object per source, as the loader shares them, and the rule files' names,
    /// in the order the writer numbered them.
    private var patterns: [Pattern] = []
    private var files: [String] = []

    /// A reader of `bytes` from `offset` on (past a file's magic, without copying the rest).
    init(_ bytes: [UInt8], from offset: Int = 0) {
        self.bytes = bytes
        texts = EncodedTexts(bytes)
        self.offset = offset
    }

    mutating func byte() throws -> UInt8 {
        guard offset < bytes.count else { throw BinaryError.truncated }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func int() throws -> Int {
        guard offset + 8 <= bytes.count else { throw BinaryError.truncated }
        let start = offset
        let value = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: start, as: UInt64.self) }
        offset += 8
        return Int(Int64(bitPattern: UInt64(littleEndian: value)))
    }

    mutating func double() throws -> Double { Double(bitPattern: UInt64(bitPattern: Int64(try int()))) }
    mutating func bool() throws -> Bool { try byte() != 0 }

    mutating func string() throws -> String { texts.string(try stringRange()) }

    mutating func optional<T>(_ read: (inout BinaryReader) throws -> T) throws -> T? {
        try bool() ? try read(&self) : nil
    }

    mutating func array<T>(_ read: (inout BinaryReader) throws -> T) throws -> [T] {
        let count = try int()
        guard count >= 0, count <= bytes.count else { throw BinaryError.corrupt }
        var values: [T] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try read(&self)) }
        return values
    }

    mutating func strings() throws -> [String] { try array { try $0.string() } }
    mutating func packed<T: FixedWidthInteger>(_: T.Type) throws -> [T] {
        let (start, count) = try packedBlock(T.self)
        let size = MemoryLayout<T>.stride
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: source[start..<(start + count * size)]))
            }
            initialized = count
        }
    }
    /// The count of an array `BinaryWriter.packed` wrote, skipped without copying it; each
    /// element must pass `valid`.
    mutating func skipPacked<T: FixedWidthInteger>(
        _: T.Type, where valid: (T) -> Bool = { _ in true }
    ) throws -> Int {
        let (start, count) = try packedBlock(T.self)
        let size = MemoryLayout<T>.stride
        try bytes.withUnsafeBytes { raw in
            for index in 0..<count where !valid(raw.loadUnaligned(fromByteOffset: start + index * size, as: T.self)) {
                throw BinaryError.corrupt
            }
        }
        return count
    }

    /// Where a packed array's elements start and how many there are; the offset moves past them.
    private mutating func packedBlock<T: FixedWidthInteger>(_: T.Type) throws -> (start: Int, count: Int) {
        let count = try int()
        let size = MemoryLayout<T>.stride
        guard count >= 0, count <= (bytes.count - offset) / size else { throw BinaryError.truncated }
        defer { offset += count * size }
        return (offset, count)
    }

    /// A text, left in the bytes until it is asked for (both languages are checked for length
    /// here, so a truncated cache still fails as it is read).
    mutating func text() throws -> LocalizedText {
        let en = try stringRange()
        let ar = try stringRange()
        return LocalizedText(encodedIn: texts, en: en, ar: ar)
    }

    /// Where the next length-prefixed string's UTF-8 lies, skipping it.
    private mutating func stringRange() throws -> Range<Int> {
        let count = try int()
        guard count >= 0, count <= bytes.count - offset else { throw BinaryError.truncated }
        defer { offset += count }
        return offset..<(offset + count)
    }

    /// A value `BinaryWriter.interned` wrote: read by `read` the first time (after `-1`), kept
    /// in `table`, and later taken from it by its number.
    private mutating func interned<T>(
        _ table: WritableKeyPath<Self, [T]>, read: (inout Self) throws -> T
    ) throws -> T {
        let number = try int()
        guard number == -1 else {
            guard self[keyPath: table].indices.contains(number) else { throw BinaryError.corrupt }
            return self[keyPath: table][number]
        }
        let value = try read(&self)
        self[keyPath: table].append(value)
        return value
    }

    mutating func location() throws -> SourceLocation? {
        try optional { reader in
            let file = try reader.interned(\.files) { try $0.string() }
            return SourceLocation(file: file, line: try reader.int(), column: try reader.int())
        }
    }

    /// A pattern as stored: its source and trigger (see `BinaryWriter.pattern`).
    mutating func pattern() throws -> Pattern {
        try interned(\.patterns) { Pattern(try $0.string(), trigger: try $0.optional { try $0.strings() }) }
    }

    mutating func condition() throws -> Condition {
        switch try byte() {
        case 0: return .equals(fact: try string(), value: try string())
        case 1: return .oneOf(fact: try string(), values: try strings())
        case 2: return .above(fact: try string(), try double())
        case 3: return .below(fact: try string(), try double())
        case 4:
            let fact = try string()
            return .matches(fact: fact, try pattern())
        case 5: return .known(fact: try string(), try bool())
        case 6: return .signature(try string())
        case 7: return .all(try array { try $0.condition() })
        case 8: return .any(try array { try $0.condition() })
        case 9: return .not(try condition())
        default: throw BinaryError.corrupt
        }
    }
}

/// Cache files: read straight into an array (`FileManager.contents` reads into `Data`, which
/// the reader would then copy, and a chat turn reads a megabyte of cache), written atomically.
enum BinaryFile {
    /// Writes `bytes` to `path` under a private name, then renames it: a concurrent chat turn
    /// reads the old file or the new one, never half of one. The name has a random part too,
    /// since one process stores per-file entries from several threads.
    static func write(_ bytes: [UInt8], atomicallyTo path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = path + ".\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)) else { return }
        if rename(temporary, path) != 0 { unlink(temporary) }
    }

    static func bytes(atPath path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_size > 0, status.st_size < Int(Int32.max) else { return nil }
        let size = Int(status.st_size)
        var complete = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var done = 0
            while done < size {
                let got = read(descriptor, buffer.baseAddress! + done, size - done)
                if got < 0 && errno == EINTR { continue }
                guard got > 0 else { break }
                done += got
            }
            // A file that shrank while it was read is not a cache file one can trust.
            complete = done == size
            count = done
        }
        return complete ? bytes : nil
    }
}

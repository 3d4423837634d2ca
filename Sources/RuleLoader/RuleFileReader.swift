import Foundation
import KnowledgeBase
import Yams

/// Reads one rule file into a YAML node tree, turning every way a file can be broken into a
/// positioned diagnostic instead of a crash: unreadable, too large, not UTF-8, nested too
/// deep for the composer's recursion, or YAML that libyaml rejects.
struct RuleFileReader {
    /// Rule files are hand-written; anything larger is a mistake (a log pasted into rules/).
    static let maximumBytes = 2 * 1024 * 1024
    /// Yams composes recursively; far deeper than any rule needs, far shallower than the stack.
    static let maximumDepth = 200

    let sink: DiagnosticSink
    /// Rules share lists through anchors; an answers file has no use for them.
    var allowAliases = true

    /// The root node of `path` shown as `displayPath`, or nil after reporting why not.
    func read(path: String, displayPath: String) -> Node? {
        contents(path: path, displayPath: displayPath).flatMap { read(data: $0, displayPath: displayPath) }
    }

    /// The bytes of `path` shown as `displayPath`, or nil after reporting that it cannot be read.
    func contents(path: String, displayPath: String) -> Data? {
        guard let data = FileManager.default.contents(atPath: path) else {
            sink.error("cannot read the file", at: SourceLocation(file: displayPath, line: 1, column: 1))
            return nil
        }
        return data
    }

    /// The root node of a file's bytes, already read (the loader hashes the same bytes for its
    /// per-file cache), or nil after reporting why not.
    func read(data: Data, displayPath: String) -> Node? {
        let start = SourceLocation(file: displayPath, line: 1, column: 1)
        guard data.count <= Self.maximumBytes else {
            sink.error(
                "the file is \(data.count / 1024) KiB; rule files are limited to "
                    + "\(Self.maximumBytes / 1024 / 1024) MiB", at: start)
            return nil
        }
        guard let text = String(validatingUTF8Data: data) else {
            let location = Self.invalidUTF8Location(in: data, file: displayPath)
            sink.register(file: displayPath, text: String(decoding: data, as: UTF8.self))
            sink.error("the file is not valid UTF-8 text", at: location)
            return nil
        }
        sink.register(file: displayPath, text: text)
        if let deep = Self.excessiveNesting(in: text) {
            sink.error(
                "the YAML is nested more than \(Self.maximumDepth) levels deep",
                at: SourceLocation(file: displayPath, line: deep.line, column: deep.column))
            return nil
        }
        if let problem = AliasGuard(allowAliases: allowAliases).check(text) {
            sink.error(
                problem.message,
                at: SourceLocation(
                    file: displayPath, line: problem.line,
                    column: problem.column))
            return nil
        }
        do {
            // The basic resolver tags every plain scalar as a string without running Yams's
            // regular expressions for bools, numbers and dates: the decoder reads scalars as
            // text and checks their form itself, and the default resolver's regexes (run
            // again for every key when Yams checks for duplicates) were most of the load time.
            guard let node = try Yams.compose(yaml: text, .basic) else {
                sink.error("the file is empty; a rule file starts with 'format: 1'", at: start)
                return nil
            }
            return node
        } catch let error as YamlError {
            report(error, file: displayPath, text: text)
            return nil
        } catch {
            sink.error("cannot parse the YAML: \(error)", at: start)
            return nil
        }
    }

    private func report(_ error: YamlError, file: String, text: String) {
        func location(_ mark: Mark) -> SourceLocation {
            SourceLocation(file: file, line: max(1, mark.line), column: max(1, mark.column))
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var message = "invalid YAML: \(problem)"
            if let context { message += " (\(context.text) at line \(context.mark.line))" }
            if Self.line(mark.line, of: text)?.contains("\t") == true {
                message += "; YAML does not allow tabs for indentation, use spaces"
            }
            sink.error(message, at: location(mark))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? "?"
            // Yams points at the first occurrence; the mistake is the second one.
            let first = (line: context.mark.line, column: context.mark.column)
            let second = Self.nextOccurrence(ofKey: key, after: first, in: text) ?? first
            sink.error(
                "duplicate key '\(key)' (first at line \(first.line))",
                at: SourceLocation(
                    file: file, line: max(1, second.line),
                    column: max(1, second.column)))
        case .reader(let problem, let offset, _, _):
            let position = offset.map { Self.position(ofByte: $0, in: text) } ?? (1, 1)
            sink.error(
                "invalid text: \(problem)",
                at: SourceLocation(file: file, line: position.0, column: position.1))
        default:
            sink.error(
                "cannot parse the YAML: \(error)",
                at: SourceLocation(
                    file: file, line: 1,
                    column: 1))
        }
    }

    static func line(_ number: Int, of text: String) -> Substring? {
        let lines = text.lineSlices
        return number >= 1 && number <= lines.count ? lines[number - 1] : nil
    }

    /// The next line after `mark` that holds `key:` at the same column.
    static func nextOccurrence(
        ofKey key: String, after mark: (line: Int, column: Int),
        in text: String
    ) -> (line: Int, column: Int)? {
        let lines = text.lineSlices
        guard mark.line >= 1 else { return nil }
        for index in mark.line..<lines.count {
            let scalars = Array(lines[index].unicodeScalars)
            guard scalars.count >= mark.column else { continue }
            let rest = String(String.UnicodeScalarView(scalars[(mark.column - 1)...]))
            let stripped = rest.hasPrefix("- ") ? String(rest.dropFirst(2)) : rest
            for candidate in [key, "'\(key)'", "\"\(key)\""] where stripped.hasPrefix(candidate + ":") {
                return (index + 1, mark.column)
            }
        }
        return nil
    }

    /// The line and column (1-based, in Unicode scalars) of a byte offset.
    static func position(ofByte offset: Int, in text: String) -> (Int, Int) {
        var line = 1
        var column = 1
        var consumed = 0
        for scalar in text.unicodeScalars {
            if consumed >= offset { break }
            consumed += String(scalar).utf8.count
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }

    /// Where the first byte that is not UTF-8 sits, counting columns in the valid text before it.
    static func invalidUTF8Location(in data: Data, file: String) -> SourceLocation {
        var line = 1
        var column = 1
        var iterator = data.makeIterator()
        var decoder = UTF8()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .emptyInput, .error:
                break loop
            }
        }
        return SourceLocation(file: file, line: line, column: column)
    }

    /// A cheap upper bound on nesting, checked before Yams recurses: indentation, block
    /// sequence dashes on one line, and open flow brackets outside quotes.
    ///
    /// It reads UTF-8 bytes, not Characters: every byte it looks for is ASCII, which never
    /// occurs inside a multi-byte sequence, and breaking Arabic text into grapheme clusters
    /// cost more than the YAML parse. The column (in characters) is counted only for a report.
    static func excessiveNesting(in text: String) -> (line: Int, column: Int)? {
        var text = text
        return text.withUTF8 { bytes -> (line: Int, column: Int)? in
            let space = UInt8(ascii: " ")
            let newline = UInt8(ascii: "\n")
            func column(lineStart: Int, through index: Int) -> Int {
                String(decoding: UnsafeBufferPointer(rebasing: bytes[lineStart...index]), as: UTF8.self).count
            }
            var flowDepth = 0
            var lineNumber = 0
            var lineStart = 0
            while lineStart <= bytes.count {
                lineNumber += 1
                let lineEnd = bytes[lineStart...].firstIndex(of: newline) ?? bytes.count
                var indent = 0
                var dashes = 0
                var quote: UInt8?
                var atStart = true
                var previous = space
                var index = lineStart
                scan: while index < lineEnd {
                    let byte = bytes[index]
                    defer { index += 1 }
                    if let open = quote {
                        if byte == open { quote = nil }
                        previous = byte
                        continue
                    }
                    if atStart {
                        if byte == space {
                            indent += 1
                            previous = byte
                            continue
                        }
                        if byte == UInt8(ascii: "-") {
                            dashes += 1
                            previous = byte
                            continue
                        }
                        atStart = false
                    }
                    switch byte {
                    case UInt8(ascii: "#") where previous == space || index == lineStart: break scan
                    case UInt8(ascii: "'"), UInt8(ascii: "\""): quote = byte
                    case UInt8(ascii: "["), UInt8(ascii: "{"): flowDepth += 1
                    case UInt8(ascii: "]"), UInt8(ascii: "}"): flowDepth = max(0, flowDepth - 1)
                    default: break
                    }
                    previous = byte
                    if flowDepth > maximumDepth {
                        return (lineNumber, column(lineStart: lineStart, through: index))
                    }
                }
                if indent / 2 + dashes + flowDepth > maximumDepth * 2 || dashes > maximumDepth {
                    return (lineNumber, 1)
                }
                lineStart = lineEnd + 1
            }
            return nil
        }
    }
}

extension String {
    /// Strict UTF-8 decoding: nil instead of replacement characters.
    init?(validatingUTF8Data data: Data) {
        guard let text = String(data: data, encoding: .utf8) else { return nil }
        self = text
    }
}

import CYaml
import Foundation

/// Reads a YAML text's events with libyaml (the parser inside Yams) before Yams builds its tree,
/// and refuses what would make that tree explode: an alias expands to a copy of its anchor's
/// node, so ten lines of aliases of aliases stand for billions of nodes, and Yams hashes every
/// mapping key, so one alias used as a key took 41 s from a 351-byte answers file.
///
/// Rules may use anchors for shared lists (`in: *before-login`); answers files need none.
struct AliasGuard {
    struct Problem: Error {
        var message: String
        var line: Int
        var column: Int
    }

    /// Nodes that aliases may add in all: far above what the rules' shared lists need.
    static let maximumExpansion = 100_000
    /// A mapping key is a name, never a paragraph.
    static let maximumKeyBytes = 1_024

    /// Whether any anchor or alias is allowed at all.
    var allowAliases: Bool

    /// The first problem in `text`, or nil; a text libyaml cannot parse is left to Yams, whose
    /// error messages the loader already positions.
    func check(_ text: String) -> Problem? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            return walk(&parser)
        }
    }

    private struct Frame {
        var isMapping: Bool
        var anchor: String?
        var size = 1
        var expectingKey = true
    }

    private func walk(_ parser: inout yaml_parser_t) -> Problem? {
        var anchors: [String: Int] = [:]
        var stack: [Frame] = []
        var expansion = 0
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
            defer { yaml_event_delete(&event) }
            let mark = event.start_mark
            func problem(_ message: String) -> Problem {
                Problem(message: message, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
            }
            let atKey = stack.last.map { $0.isMapping && $0.expectingKey } ?? false
            /// A finished node of `size` nodes: count it in its parent and move the parent on.
            func finished(_ size: Int) {
                guard !stack.isEmpty else { return }
                stack[stack.count - 1].size = Self.add(stack[stack.count - 1].size, size)
                if stack[stack.count - 1].isMapping { stack[stack.count - 1].expectingKey.toggle() }
            }
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return nil
            case YAML_SCALAR_EVENT:
                if let anchor = Self.string(event.data.scalar.anchor) {
                    if !allowAliases { return problem("anchors (&\(anchor)) are not allowed here") }
                    anchors[anchor] = 1
                }
                if atKey && Int(event.data.scalar.length) > Self.maximumKeyBytes {
                    return problem("a key is longer than \(Self.maximumKeyBytes) bytes")
                }
                finished(1)
            case YAML_ALIAS_EVENT:
                let name = Self.string(event.data.alias.anchor) ?? "?"
                if !allowAliases { return problem("aliases (*\(name)) are not allowed here") }
                if atKey { return problem("an alias (*\(name)) cannot be a key") }
                let size = anchors[name] ?? 1
                expansion = Self.add(expansion, size)
                if expansion > Self.maximumExpansion {
                    return problem(
                        "aliases expand to more than \(Self.maximumExpansion) nodes "
                            + "(an alias of an alias multiplies); write the values out instead")
                }
                finished(size)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let isMapping = event.type == YAML_MAPPING_START_EVENT
                let anchor =
                    isMapping
                    ? Self.string(event.data.mapping_start.anchor)
                    : Self.string(event.data.sequence_start.anchor)
                if let anchor, !allowAliases { return problem("anchors (&\(anchor)) are not allowed here") }
                if atKey { return problem("a key must be a single value, not a list or a mapping") }
                stack.append(Frame(isMapping: isMapping, anchor: anchor))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let frame = stack.popLast() else { return nil }
                if let anchor = frame.anchor { anchors[anchor] = frame.size }
                finished(frame.size)
            default:
                break
            }
        }
    }

    private static func add(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? Int.max : sum
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
    }
}

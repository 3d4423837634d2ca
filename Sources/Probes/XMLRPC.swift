import Foundation
import NIOHTTP1

/// Just enough XML-RPC to ask Odoo for its version and a few records (`/xmlrpc/2/...`).
enum XMLRPCValue: Sendable, Equatable {
    case string(String), int(Int), double(Double), bool(Bool), array([XMLRPCValue])
    case structure([String: XMLRPCValue]), null

    var string: String? { if case .string(let value) = self { return value } else { return nil } }
    var int: Int? { if case .int(let value) = self { return value } else { return nil } }
    var bool: Bool? { if case .bool(let value) = self { return value } else { return nil } }
    var array: [XMLRPCValue]? { if case .array(let value) = self { return value } else { return nil } }
    subscript(key: String) -> XMLRPCValue? {
        if case .structure(let value) = self { return value[key] } else { return nil }
    }

    /// The value as text, as Odoo fields are shown (False for an empty field).
    var display: String? {
        switch self {
        case .string(let value): return value
        case .int(let value): return String(value)
        case .double(let value): return String(value)
        case .bool(let value): return value ? "True" : nil
        default: return nil
        }
    }

    var xml: String {
        switch self {
        case .string(let value): return "<value><string>\(Self.escape(value))</string></value>"
        case .int(let value): return "<value><int>\(value)</int></value>"
        case .double(let value): return "<value><double>\(value)</double></value>"
        case .bool(let value): return "<value><boolean>\(value ? 1 : 0)</boolean></value>"
        case .null: return "<value><nil/></value>"
        case .array(let items): return "<value><array><data>" + items.map(\.xml).joined() + "</data></array></value>"
        case .structure(let members):
            return "<value><struct>" + members.keys.sorted().map {
                "<member><name>\(Self.escape($0))</name>\(members[$0]!.xml)</member>"
            }.joined() + "</struct></value>"
        }
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}

enum XMLRPCError: Error, CustomStringConvertible {
    case transport(String), fault(String), malformed

    var description: String {
        switch self {
        case .transport(let why): return why
        case .fault(let message): return "the server refused: \(message.prefix(120))"
        case .malformed: return "not an XML-RPC answer"
        }
    }
}

struct XMLRPCClient: Sendable {
    let base: URL
    let timeouts: ProbeTimeouts

    func call(_ path: String, _ method: String, _ params: [XMLRPCValue]) async throws -> XMLRPCValue {
        let body = "<?xml version=\"1.0\"?><methodCall><methodName>\(method)</methodName><params>"
            + params.map { "<param>\($0.xml)</param>" }.joined() + "</params></methodCall>"
        let response: HTTPClient.Response
        do {
            response = try await HTTPClient.send(.POST, url: base.appendingPathComponent(path).absoluteString,
                                                 body: Array(body.utf8), contentType: "text/xml",
                                                 timeouts: timeouts)
        } catch {
            throw XMLRPCError.transport("\(error)")
        }
        let parser = ResponseParser()
        guard let value = parser.parse(response.body) else { throw XMLRPCError.malformed }
        if parser.isFault {
            throw XMLRPCError.fault(value["faultString"]?.string ?? "fault")
        }
        return value
    }
}

/// Reads methodResponse documents: a small XML reader for the subset XML-RPC uses (elements,
/// text, the five entities and numeric references; no attributes matter, no DTD).
final class ResponseParser {
    private final class Node {
        let name: String
        var text = ""
        var children: [Node] = []
        init(name: String) { self.name = name }
    }

    private(set) var isFault = false

    func parse(_ bytes: [UInt8]) -> XMLRPCValue? {
        guard let root = tree(String(decoding: bytes, as: UTF8.self)) else { return nil }
        isFault = root.children.contains { $0.name == "fault" }
        guard let value = first(named: "value", in: root) else { return nil }
        return convert(value)
    }

    /// Builds the element tree; nil for text that is not well-formed enough to read.
    private func tree(_ text: String) -> Node? {
        var stack: [Node] = []
        var root: Node?
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == "<" {
                guard let close = text[index...].firstIndex(of: ">") else { return nil }
                let tag = text[text.index(after: index)..<close]
                index = text.index(after: close)
                if tag.hasPrefix("?") || tag.hasPrefix("!") { continue }
                if tag.hasPrefix("/") {
                    guard let node = stack.popLast(), node.name == tag.dropFirst().trimmingCharacters(in: .whitespaces)
                    else { return nil }
                    continue
                }
                let selfClosing = tag.hasSuffix("/")
                let name = String(tag.split(whereSeparator: { $0 == " " || $0 == "/" }).first ?? "")
                let node = Node(name: name)
                if let parent = stack.last { parent.children.append(node) } else if root == nil { root = node }
                if !selfClosing { stack.append(node) }
            } else {
                let next = text[index...].firstIndex(of: "<") ?? text.endIndex
                stack.last?.text += Self.unescape(text[index..<next])
                index = next
            }
        }
        return stack.isEmpty ? root : nil
    }

    static func unescape(_ text: Substring) -> String {
        guard text.contains("&") else { return String(text) }
        var result = ""
        var rest = text
        while let amp = rest.firstIndex(of: "&") {
            result += rest[rest.startIndex..<amp]
            guard let semi = rest[amp...].firstIndex(of: ";") else { break }
            let entity = rest[rest.index(after: amp)..<semi]
            switch entity {
            case "amp": result += "&"
            case "lt": result += "<"
            case "gt": result += ">"
            case "quot": result += "\""
            case "apos": result += "'"
            default:
                let number = entity.hasPrefix("#x") ? UInt32(entity.dropFirst(2), radix: 16)
                    : entity.hasPrefix("#") ? UInt32(entity.dropFirst()) : nil
                if let number, let scalar = Unicode.Scalar(number) { result.unicodeScalars.append(scalar) }
            }
            rest = rest[rest.index(after: semi)...]
        }
        return result + rest
    }

    private func first(named name: String, in node: Node) -> Node? {
        if node.name == name { return node }
        for child in node.children { if let found = first(named: name, in: child) { return found } }
        return nil
    }

    private func convert(_ value: Node) -> XMLRPCValue {
        guard let typed = value.children.first else { return .string(value.text) }
        switch typed.name {
        case "string": return .string(typed.text)
        case "int", "i4", "i8": return .int(Int(typed.text.trimmingCharacters(in: .whitespaces)) ?? 0)
        case "double": return .double(Double(typed.text) ?? 0)
        case "boolean": return .bool(typed.text.trimmingCharacters(in: .whitespaces) == "1")
        case "nil": return .null
        case "array":
            let data = typed.children.first { $0.name == "data" }
            return .array(data?.children.filter { $0.name == "value" }.map(convert) ?? [])
        case "struct":
            var members: [String: XMLRPCValue] = [:]
            for member in typed.children where member.name == "member" {
                if let name = member.children.first(where: { $0.name == "name" })?.text,
                   let value = member.children.first(where: { $0.name == "value" }) {
                    members[name] = convert(value)
                }
            }
            return .structure(members)
        default: return .string(typed.text)
        }
    }
}

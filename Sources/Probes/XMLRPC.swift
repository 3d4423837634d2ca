import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

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
    let timeout: Double

    func call(_ path: String, _ method: String, _ params: [XMLRPCValue]) async throws -> XMLRPCValue {
        var request = URLRequest(url: base.appendingPathComponent(path), timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue("text/xml", forHTTPHeaderField: "Content-Type")
        let body = "<?xml version=\"1.0\"?><methodCall><methodName>\(method)</methodName><params>"
            + params.map { "<param>\($0.xml)</param>" }.joined() + "</params></methodCall>"
        request.httpBody = Data(body.utf8)
        let data: Data
        do {
            (data, _) = try await URLSession.shared.data(for: request)
        } catch {
            throw XMLRPCError.transport(error.localizedDescription)
        }
        let parser = ResponseParser()
        guard let value = parser.parse(data) else { throw XMLRPCError.malformed }
        if parser.isFault {
            throw XMLRPCError.fault(value["faultString"]?.string ?? "fault")
        }
        return value
    }
}

/// A small tree builder over XMLParser for methodResponse documents.
final class ResponseParser: NSObject, XMLParserDelegate {
    private final class Node {
        let name: String
        var text = ""
        var children: [Node] = []
        init(name: String) { self.name = name }
    }

    private var stack: [Node] = []
    private var root: Node?
    private(set) var isFault = false

    func parse(_ data: Data) -> XMLRPCValue? {
        let parser = XMLParser(data: data)
        parser.delegate = self
        guard parser.parse(), let root else { return nil }
        isFault = root.children.contains { $0.name == "fault" }
        guard let value = first(named: "value", in: root) else { return nil }
        return convert(value)
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

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        let node = Node(name: elementName)
        stack.last?.children.append(node)
        if stack.isEmpty { root = node }
        stack.append(node)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        stack.last?.text += string
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
                qualifiedName: String?) {
        stack.removeLast()
    }
}

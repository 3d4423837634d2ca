import Foundation
import NIOCore
import NIOHTTP1

/// Odoo's JSON endpoints, the ones that stay: `/jsonrpc` (Odoo 14 to 21: the `common` and
/// `object` services), and `/json/2/<model>/<method>` with an API key as bearer token (19 and
/// later; `/xmlrpc` and `/jsonrpc` are deprecated in 19 and removed in 22). The version comes
/// from `/jsonrpc` `common.version`, else `/web/webclient/version_info`.
struct OdooClient: Sendable {
    let base: URL
    let timeouts: ProbeTimeouts
    let caFile: String?

    enum Failure: Error, CustomStringConvertible {
        case transport(String)
        case status(Int, String)
        case fault(String)
        case malformed

        var description: String {
            switch self {
            case .transport(let why): return why
            case .status(let code, let message):
                return "HTTP \(code)\(message.isEmpty ? "" : ": \(message.prefix(160))")"
            case .fault(let message): return "the server refused: \(message.prefix(160))"
            case .malformed: return "not a JSON answer from Odoo"
            }
        }
    }

    /// `server_version`, `server_version_info`, `server_serie`.
    func version() async throws -> OdooValue {
        do {
            return try await jsonRPC(service: "common", method: "version", args: [])
        } catch Failure.status(404, _) {
            // Odoo 22 and later: no /jsonrpc; the web client's route still answers.
            return try await call(
                "web/webclient/version_info", ["jsonrpc": "2.0", "method": "call", "params": [:] as [String: Any]])
        }
    }

    /// `/jsonrpc`: `service.method(*args)`.
    func jsonRPC(service: String, method: String, args: [Any]) async throws -> OdooValue {
        try await call(
            "jsonrpc",
            [
                "jsonrpc": "2.0", "method": "call", "id": 1,
                "params": ["service": service, "method": method, "args": args] as [String: Any],
            ])
    }

    /// `/json/2/<model>/<method>` with named arguments, as the database's user with `key`.
    func json2(
        model: String, method: String, arguments: [String: Any], database: String, key: Secret
    ) async throws -> OdooValue {
        let body = try JSONSerialization.data(withJSONObject: arguments)
        let response = try await post(
            "json/2/\(model)/\(method)", body: Array(body),
            headers: [("Authorization", "bearer \(key.reveal())"), ("X-Odoo-Database", database)])
        let json = try? JSONSerialization.jsonObject(
            with: Data(response.body.readableBytesView), options: [.fragmentsAllowed])
        guard response.status == 200 else {
            let message = (json as? [String: Any])?["message"] as? String ?? ""
            throw Failure.status(response.status, key.mask(message))
        }
        guard let json else { throw Failure.malformed }
        return OdooValue(json: json)
    }

    /// One JSON-RPC 2.0 call; Odoo's `error` member becomes a fault with its message.
    private func call(_ path: String, _ payload: [String: Any]) async throws -> OdooValue {
        let body = try JSONSerialization.data(withJSONObject: payload)
        let response = try await post(path, body: Array(body), headers: [])
        guard response.status == 200 else { throw Failure.status(response.status, "") }
        guard
            let object = try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
                as? [String: Any]
        else {
            throw Failure.malformed
        }
        if let error = object["error"] as? [String: Any] {
            let data = error["data"] as? [String: Any]
            let detail: String? = data?["message"] as? String
            let summary: String? = error["message"] as? String
            throw Failure.fault(detail ?? summary ?? "error")
        }
        guard let result = object["result"] else { throw Failure.malformed }
        return OdooValue(json: result)
    }

    private func post(_ path: String, body: [UInt8], headers: [(String, String)]) async throws -> WebClient.Response {
        let url = base.absoluteString.hasSuffix("/") ? base.absoluteString + path : base.absoluteString + "/" + path
        do {
            return try await WebClient.send(
                .POST, url: url, headers: [("Content-Type", "application/json")] + headers,
                body: body, timeouts: timeouts, caFile: caFile)
        } catch {
            throw Failure.transport(String(describing: error))
        }
    }
}

/// A value in Odoo's answers, as JSON gives it.
enum OdooValue: Sendable, Equatable, CustomStringConvertible {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case array([OdooValue])
    case structure([String: OdooValue])
    case null

    init(json: Any) {
        switch json {
        case let number as NSNumber where String(cString: number.objCType) == "c": self = .bool(number.boolValue)
        case let number as NSNumber:
            let double = number.doubleValue
            self = double == double.rounded() && abs(double) < 1e15 ? .int(Int(double)) : .double(double)
        case let text as String: self = .string(text)
        case let list as [Any]: self = .array(list.map(OdooValue.init(json:)))
        case let map as [String: Any]: self = .structure(map.mapValues(OdooValue.init(json:)))
        default: self = .null
        }
    }

    var string: String? { if case .string(let value) = self { return value } else { return nil } }
    var int: Int? { if case .int(let value) = self { return value } else { return nil } }
    var bool: Bool? { if case .bool(let value) = self { return value } else { return nil } }
    var array: [OdooValue]? { if case .array(let value) = self { return value } else { return nil } }
    subscript(key: String) -> OdooValue? {
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

    var description: String {
        switch self {
        case .string(let value): return "'\(value)'"
        case .int(let value): return String(value)
        case .double(let value): return String(value)
        case .bool(let value): return value ? "True" : "False"
        case .null: return "None"
        case .array(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .structure(let members):
            return "{" + members.keys.sorted().map { "'\($0)': \(members[$0]!)" }.joined(separator: ", ") + "}"
        }
    }
}

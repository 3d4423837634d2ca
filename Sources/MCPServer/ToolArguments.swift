import Foundation
import KnowledgeBase
import MCP

/// A tool call's arguments, read strictly: a missing, mistyped or unknown argument is an MCP
/// "invalid params" error that names it, never a crash.
struct ToolArguments {
    let tool: String
    let values: [String: Value]

    init(tool: String, values: [String: Value]?, allowed: Set<String>) throws {
        self.tool = tool
        self.values = values ?? [:]
        for key in self.values.keys.sorted() where !allowed.contains(key) {
            throw MCPError.invalidParams(
                "\(tool): unknown argument '\(key)' (arguments: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    /// A string argument; `required` ones must be present and not blank.
    func string(_ name: String, required: Bool = false, limit: Int = 1024) throws -> String? {
        guard let value = values[name], !value.isNull else {
            if required { throw MCPError.invalidParams("\(tool): '\(name)' is required") }
            return nil
        }
        guard let text = value.stringValue else {
            throw MCPError.invalidParams("\(tool): '\(name)' must be a string")
        }
        if required && text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw MCPError.invalidParams("\(tool): '\(name)' is empty")
        }
        guard text.utf8.count <= limit else {
            throw MCPError.invalidParams("\(tool): '\(name)' is longer than \(limit) bytes")
        }
        return text
    }

    /// An integer argument (a JSON number without a fraction).
    func integer(_ name: String) throws -> Int? {
        guard let value = values[name], !value.isNull else { return nil }
        if let number = value.intValue { return number }
        if let number = value.doubleValue, number == number.rounded(), abs(number) < 1e9 { return Int(number) }
        throw MCPError.invalidParams("\(tool): '\(name)' must be an integer")
    }

    /// `lang`, or the server's language.
    func language(default fallback: Language) throws -> Language {
        guard let code = try string("lang") else { return fallback }
        guard let language = Language(rawValue: code) else {
            throw MCPError.invalidParams("\(tool): 'lang' must be \"en\" or \"ar\"")
        }
        return language
    }
}

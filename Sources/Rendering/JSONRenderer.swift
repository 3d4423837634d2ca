import Foundation

/// JSON output: stable key order (sorted), no escaped slashes, one document per call.
package enum JSONRenderer {
    package static func render<Value: Encodable>(_ value: Value, pretty: Bool = true) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty
            ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            : [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

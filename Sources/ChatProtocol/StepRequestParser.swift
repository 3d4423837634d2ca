import Foundation

/// Parses a step request strictly: unknown keys, wrong types and oversized input are refused
/// with a `StepError` that names the field, never a crash. The request decodes itself
/// (`StepRequest: Decodable`); this adds the size limit and tells broken JSON from JSON that
/// is not a request.
package enum StepRequestParser {
    /// A chat turn carries an answer and maybe a pasted log excerpt, not a whole log.
    package static let maximumBytes = 4 * 1024 * 1024

    package static func parse(_ data: Data) -> Result<StepRequest, StepError> {
        guard data.count <= maximumBytes else {
            return .failure(StepError("too-large", "the request is larger than 4 MiB"))
        }
        guard !data.isEmpty else {
            return .failure(StepError("invalid-json", "the request is empty; send one JSON object"))
        }
        do {
            return .success(try JSONDecoder().decode(StepRequest.self, from: data))
        } catch let error as StepError {
            return .failure(error)
        } catch {
            // The request's own decoding reports every field it refuses; what is left is text
            // that is not JSON at all.
            return .failure(StepError("invalid-json", "the request is not valid JSON"))
        }
    }
}

extension StepRequest: Decodable {
    /// Any key, so that an unknown one can be named in the error.
    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.init(stringValue) }
        init?(intValue: Int) { nil }
    }

    static let keys: Set<String> = [
        "version", "lang", "state", "answers", "withdraw", "fixResult",
        "error", "symptom",
    ]

    package init(from decoder: Decoder) throws {
        let container: KeyedDecodingContainer<Key>
        do {
            container = try decoder.container(keyedBy: Key.self)
        } catch {
            throw StepError("bad-request", "the request must be a JSON object")
        }
        for key in container.allKeys.map(\.stringValue).sorted() where !Self.keys.contains(key) {
            throw StepError("bad-request", "unknown key '\(key)'", field: key)
        }
        /// The value at `key`, or the refusal that names it.
        func field<T: Decodable>(_ type: T.Type, _ key: String, _ message: String) throws -> T? {
            guard container.contains(Key(key)) else { return nil }
            do { return try container.decode(type, forKey: Key(key)) } catch {
                throw StepError("bad-request", message, field: key)
            }
        }
        version = 1
        language = "en"
        answers = []
        withdraw = []
        if let number = try field(Int.self, "version", "'version' must be an integer") {
            guard number == 1 else {
                throw StepError(
                    "unsupported-version", "request version \(number) is not supported; use 1",
                    field: "version")
            }
        }
        if let lang = try field(String.self, "lang", "'lang' must be \"en\" or \"ar\"") {
            guard ["en", "ar"].contains(lang) else {
                throw StepError("bad-request", "'lang' must be \"en\" or \"ar\"", field: "lang")
            }
            language = lang
        }
        if container.contains(Key("state")), try !container.decodeNil(forKey: Key("state")) {
            state = try field(String.self, "state", "'state' must be the string from the last response or null")
        }
        if let map = try field([String: Answer].self, "answers", "'answers' must be an object of fact: value") {
            for fact in map.keys.sorted() {
                guard let value = map[fact]?.text else {
                    throw StepError(
                        "bad-request", "the answer for '\(fact)' must be a string or a number",
                        field: "answers.\(fact)")
                }
                answers.append((fact, value))
            }
        }
        // Shorthands a chatbot finds natural: the pasted error and the symptom.
        for (key, fact) in [("error", "error.text"), ("symptom", "symptom")] {
            if let text = try field(String.self, key, "'\(key)' must be a string") {
                answers.removeAll { $0.fact == fact }
                answers.append((fact, text))
            }
        }
        withdraw = try field([String].self, "withdraw", "'withdraw' must be a list of fact ids") ?? []
        let fixMessage = "'fixResult' must be {\"cause\": \"<cause id>\", \"worked\": true|false}"
        if let result = try field(FixResult.self, "fixResult", fixMessage) {
            fixResult = (result.cause, result.worked)
        }
    }

    /// One answer's value: a string as it is, a number as its decimal text. Booleans, null,
    /// lists and objects are not answers (`text` is nil), and neither are numbers beyond
    /// 10^15, which no fact takes.
    struct Answer: Decodable {
        var text: String?

        init(from decoder: Decoder) throws {
            let value = try decoder.singleValueContainer()
            if let string = try? value.decode(String.self) {
                text = string
            } else if let number = try? value.decode(Double.self), !(try Self.isBoolean(value)),
                number.isFinite, abs(number) < 1e15
            {
                text = number == number.rounded() ? String(Int(number)) : String(number)
            } else {
                text = nil
            }
        }

        /// Some decoders read `true` as the number 1: a value that also decodes as a Bool is one.
        static func isBoolean(_ value: SingleValueDecodingContainer) throws -> Bool {
            (try? value.decode(Bool.self)) != nil
        }
    }

    /// `{"cause": ..., "worked": ...}` and nothing else.
    struct FixResult: Decodable {
        var cause: String
        var worked: Bool

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            guard Set(container.allKeys.map(\.stringValue)) == ["cause", "worked"] else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "keys"))
            }
            cause = try container.decode(String.self, forKey: Key("cause"))
            worked = try container.decode(Bool.self, forKey: Key("worked"))
        }
    }
}

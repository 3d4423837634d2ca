import Foundation

/// Parses a step request strictly: unknown keys, wrong types and oversized input are refused
/// with a `StepError` that names the field, never a crash.
public enum StepRequestParser {
    /// A chat turn carries an answer and maybe a pasted log excerpt, not a whole log.
    public static let maximumBytes = 4 * 1024 * 1024
    static let keys: Set<String> = ["version", "lang", "state", "answers", "withdraw", "fixResult",
                                    "error", "symptom"]

    public static func parse(_ data: Data) -> Result<StepRequest, StepError> {
        guard data.count <= maximumBytes else {
            return .failure(StepError("too-large", "the request is larger than 4 MiB"))
        }
        guard !data.isEmpty else {
            return .failure(StepError("invalid-json", "the request is empty; send one JSON object"))
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            return .failure(StepError("invalid-json", "the request is not valid JSON"))
        }
        guard let dictionary = object as? [String: Any] else {
            return .failure(StepError("bad-request", "the request must be a JSON object"))
        }
        for key in dictionary.keys.sorted() where !keys.contains(key) {
            return .failure(StepError("bad-request", "unknown key '\(key)'", field: key))
        }
        var request = StepRequest(version: 1, language: "en", state: nil, answers: [],
                                  withdraw: [], fixResult: nil)
        if let version = dictionary["version"] {
            guard let boxed = version as? NSNumber, !isBoolean(boxed), let number = version as? Int else {
                return .failure(StepError("bad-request", "'version' must be an integer", field: "version"))
            }
            guard number == 1 else {
                return .failure(StepError("unsupported-version",
                                          "request version \(number) is not supported; use 1",
                                          field: "version"))
            }
        }
        if let lang = dictionary["lang"] {
            guard let text = lang as? String, ["en", "ar"].contains(text) else {
                return .failure(StepError("bad-request", "'lang' must be \"en\" or \"ar\"", field: "lang"))
            }
            request.language = text
        }
        if let state = dictionary["state"], !(state is NSNull) {
            guard let text = state as? String else {
                return .failure(StepError("bad-request", "'state' must be the string from the last response or null",
                                          field: "state"))
            }
            request.state = text
        }
        if let answers = dictionary["answers"] {
            guard let map = answers as? [String: Any] else {
                return .failure(StepError("bad-request", "'answers' must be an object of fact: value",
                                          field: "answers"))
            }
            for fact in map.keys.sorted() {
                guard let value = scalar(map[fact]!) else {
                    return .failure(StepError("bad-request", "the answer for '\(fact)' must be a string or a number",
                                              field: "answers.\(fact)"))
                }
                request.answers.append((fact, value))
            }
        }
        // Shorthands a chatbot finds natural: the pasted error and the symptom.
        for (key, fact) in [("error", "error.text"), ("symptom", "symptom")] {
            if let value = dictionary[key] {
                guard let text = value as? String else {
                    return .failure(StepError("bad-request", "'\(key)' must be a string", field: key))
                }
                request.answers.removeAll { $0.fact == fact }
                request.answers.append((fact, text))
            }
        }
        if let withdraw = dictionary["withdraw"] {
            guard let facts = withdraw as? [String] else {
                return .failure(StepError("bad-request", "'withdraw' must be a list of fact ids",
                                          field: "withdraw"))
            }
            request.withdraw = facts
        }
        if let fixResult = dictionary["fixResult"] {
            guard let map = fixResult as? [String: Any], let cause = map["cause"] as? String,
                  let worked = map["worked"] as? NSNumber, isBoolean(worked),
                  Set(map.keys) == ["cause", "worked"] else {
                return .failure(StepError("bad-request",
                                          "'fixResult' must be {\"cause\": \"<cause id>\", \"worked\": true|false}",
                                          field: "fixResult"))
            }
            request.fixResult = (cause, worked.boolValue)
        }
        return .success(request)
    }

    /// Strings stay as they are; numbers become their decimal text. Booleans, null, lists and
    /// objects are not answers.
    static func scalar(_ value: Any) -> String? {
        if let text = value as? String { return text }
        if let number = value as? NSNumber, !isBoolean(number) {
            // No fact is a number beyond 10^15; larger ones (and infinities) are not answers.
            let double = number.doubleValue
            guard double.isFinite, abs(double) < 1e15 else { return nil }
            return double == double.rounded() ? String(Int(double)) : String(double)
        }
        return nil
    }

    /// JSON `true`/`false` arrive as NSNumber too; their type code is `c`.
    static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }
}

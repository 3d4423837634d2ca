/// One Authentication-Results (RFC 8601) or ARC-Authentication-Results (RFC 8617 §4.1.1)
/// field: who checked (the authserv-id) and each method's verdict.
///
/// The grammar is RFC 8601 §2.2. Real receivers bend it, and the reading tolerates what the
/// big ones write: Microsoft omits the authserv-id (`Authentication-Results: spf=fail (sender
/// IP is ...)`), Yahoo writes `dkim=dkim_pass` and `dmarc=success`, and older Yahoo fields put
/// the properties before the method and name SPF's `spfDomain=` and `spfResult=`.
package struct AuthenticationResults: Sendable, Equatable {
    /// One method's verdict: `dkim=pass header.d=example.com header.s=s1`.
    package struct Result: Sendable, Equatable {
        /// The method in lower case, without a version: `spf`, `dkim`, `dmarc`, `iprev`, `arc`.
        package var method: String
        /// The result in lower case: `pass`, `fail`, `softfail`, `none`, `permerror`, ...
        package var result: String
        /// `reason=`, if given.
        package var reason: String?
        /// The comment after the result (`(google.com: domain of ... designates ...)`).
        package var comment: String?
        /// `ptype.property` in lower case to its value: `smtp.mailfrom`, `header.d`, `header.s`,
        /// `header.from`, `policy.iprev`; other extension keys (`action`) as they are.
        package var properties: [String: String]

        package init(
            method: String, result: String, reason: String? = nil, comment: String? = nil,
            properties: [String: String] = [:]
        ) {
            self.method = method
            self.result = result
            self.reason = reason
            self.comment = comment
            self.properties = properties
        }
    }

    /// The server that checked, as it names itself (`mx.google.com`); nil when the field does
    /// not say (Microsoft's do not).
    package var authservID: String?
    /// ARC's instance (`i=1`), for ARC-Authentication-Results.
    package var instance: Int?
    package var results: [Result]

    /// Methods that start a new verdict when they appear without a `;` before them: the IANA
    /// "Email Authentication Methods" registry's, Microsoft's `compauth`, and any `x-` method.
    static let methods: Set<String> = [
        "auth", "dkim", "dkim-adsp", "dkim-atps", "dmarc", "domainkeys", "iprev", "rrvs", "sender-id",
        "smime", "spf", "vbr", "arc", "bimi", "compauth",
    ]

    /// Reads a field body; never fails: what it cannot read it leaves out.
    package static func parse(_ value: String, arc: Bool = false) -> AuthenticationResults {
        var segments: [[FieldScanner.Piece]] = [[]]
        for piece in FieldScanner.pieces(value) {
            if piece == .semicolon { segments.append([]) } else { segments[segments.count - 1].append(piece) }
        }
        var parsed = AuthenticationResults(authservID: nil, instance: nil, results: [])
        var rest = segments[...]
        if arc, let first = rest.first, case .word(let key)? = first.first, key.lowercased() == "i",
            first.count >= 3, case .word(let number) = first[2]
        {
            parsed.instance = Int(number)
            rest = rest.dropFirst()
        }
        // The authserv-id opens the first segment, unless the segment starts with a verdict
        // (Microsoft). Older Yahoo fields go on with verdicts in the same segment.
        if var first = rest.first {
            let opensWithID: Bool
            switch (first.first, first.dropFirst().first) {
            case (.word?, .equals?): opensWithID = false
            case (.word?, _), (.quoted?, _): opensWithID = true
            default: opensWithID = false
            }
            if opensWithID {
                if case .word(let id) = first[0] { parsed.authservID = id.lowercased() }
                if case .quoted(let id) = first[0] { parsed.authservID = id.lowercased() }
                first.removeFirst()
                // The version (RFC 8601 §2.2 authres-version), when given.
                if case .word(let version)? = first.first, version.allSatisfy(\.isNumber) { first.removeFirst() }
                rest = [first] + rest.dropFirst()
            }
        }
        for segment in rest { parsed.results += results(in: segment) }
        return parsed
    }

    /// The verdicts of one `;`-separated segment (usually one; Yahoo puts several in one).
    static func results(in segment: [FieldScanner.Piece]) -> [Result] {
        var pairs: [(key: String, value: String, comment: String?)] = []
        var index = 0
        while index < segment.count {
            switch segment[index] {
            case .word(let key) where index + 1 < segment.count && segment[index + 1] == .equals:
                var value = ""
                var next = index + 2
                if next < segment.count {
                    switch segment[next] {
                    case .word(let word), .quoted(let word):
                        value = word
                        next += 1
                    default: break
                    }
                }
                // An unquoted value with `=` in it (an SRS address) comes in pieces.
                while next + 1 < segment.count, segment[next] == .equals, case .word(let more) = segment[next + 1] {
                    value += "=" + more
                    next += 2
                }
                var comment: String?
                if next < segment.count, case .comment(let text) = segment[next] {
                    comment = text
                    next += 1
                }
                pairs.append((key, value, comment))
                index = next
            case .word(let word) where word.contains("="):
                // `dkim=pass` glued to a comment is split by the scanner; this is what is left.
                index += 1
            default:
                index += 1
            }
        }
        var results: [Result] = []
        var pending: [String: String] = [:]
        var current: Result?
        func close() {
            if let done = current { results.append(done) }
            current = nil
        }
        for pair in pairs {
            var key = pair.key.lowercased()
            if let slash = key.firstIndex(of: "/") { key = String(key[..<slash]) }  // dkim/1
            // Older Yahoo: spfResult=pass spfDomain=example.com.
            if key == "spfresult" { key = "spf" }
            if key == "spfdomain" { key = "smtp.mailfrom" }
            if key.contains(".") {
                if current != nil, current!.properties[key] == nil, pending.isEmpty {
                    current!.properties[key] = pair.value
                } else {
                    // Properties before their method (older Yahoo), or a second verdict's.
                    pending[key] = pair.value
                }
                continue
            }
            if key == "reason", current != nil {
                current!.reason = pair.value
                continue
            }
            if current == nil || methods.contains(key) || key.hasPrefix("x-") {
                close()
                current = Result(
                    method: key, result: normalisedResult(pair.value, method: key), comment: pair.comment,
                    properties: pending)
                pending = [:]
            } else {
                current!.properties[key] = pair.value
            }
        }
        if current != nil { current!.properties.merge(pending) { mine, _ in mine } }
        close()
        return results
    }

    /// Results in lower case, with Yahoo's `dkim_pass` and `success` read as `pass`.
    static func normalisedResult(_ value: String, method: String) -> String {
        var result = value.lowercased()
        if result.hasPrefix(method + "_") { result = String(result.dropFirst(method.count + 1)) }
        if result == "success" { result = "pass" }
        return result
    }
}

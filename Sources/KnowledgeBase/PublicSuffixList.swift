import Foundation

/// Mozilla's Public Suffix List (`rules/data/public_suffix_list.dat`), for DMARC's
/// organizational domain (RFC 7489 §3.2): the public suffix of a name plus one label. The
/// algorithm is the list's own (publicsuffix.org/list): the prevailing rule is an exception
/// rule if one matches, else the matching rule with the most labels, else `*`.
package struct PublicSuffixList: Sendable {
    /// The list's bytes, read on first use: a probe whose sender has its own DMARC record
    /// never reads the file. A lookup scans the bytes once for the few rules that could match
    /// the name (a name of n labels has at most 3n), comparing lengths before text, instead
    /// of building sets of 16,000 rules, which costs more than the whole DNS check.
    private let storage: OnFirstUse<[UInt8]>

    /// Only the implicit `*` rule: every top-level label is a public suffix.
    package static let defaultRuleOnly = PublicSuffixList(text: "")

    /// The list's text format: one rule a line, `//` comments, blank lines; a rule ends at the
    /// first white space; `*.` wildcards and `!` exceptions.
    package init(text: String) {
        storage = OnFirstUse { Array(text.utf8) }
    }

    package init?(contentsOfFile path: String) {
        guard FileManager.default.isReadableFile(atPath: path) else { return nil }
        storage = OnFirstUse { (FileManager.default.contents(atPath: path)).map { Array($0) } ?? [] }
    }

    /// The list shipped in a rules folder (`data/public_suffix_list.dat`), nil without one.
    package static func shipped(inRules directory: String) -> PublicSuffixList? {
        PublicSuffixList(contentsOfFile: directory + "/data/public_suffix_list.dat")
    }

    /// A name as the list compares it: lower case, without the root's trailing dot.
    package static func normalised(_ name: String) -> String {
        let lowered = name.lowercased()
        return lowered.hasSuffix(".") ? String(lowered.dropLast()) : lowered
    }

    private enum Kind { case normal, wildcard, exception }

    /// The public suffix of `name` (lower case, no trailing dot), by the list's algorithm: an
    /// exception rule wins, else the matching rule with the most labels, else `*`.
    package func publicSuffix(_ name: String) -> String {
        let labels = PublicSuffixList.normalised(name).split(separator: ".", omittingEmptySubsequences: false).map(
            String.init)
        guard !labels.isEmpty else { return "" }
        let suffixes = labels.indices.map { labels[$0...].joined(separator: ".") }
        // The rule texts that would match, each with the label where its suffix starts.
        var wanted: [String: [(Kind, Int)]] = [:]
        for index in labels.indices {
            wanted[suffixes[index], default: []].append((.normal, index))
            wanted["!" + suffixes[index], default: []].append((.exception, index))
            if index + 1 < labels.count { wanted["*." + suffixes[index + 1], default: []].append((.wildcard, index)) }
        }
        let lengths = Set(wanted.keys.map(\.utf8.count))
        // Rules outside ASCII can only match a name with IDNA A-labels (xn--).
        let international = labels.contains { $0.hasPrefix("xn--") }
        var best = labels.count - 1  // the implicit "*": the last label
        var exception: Int?
        let bytes = storage.value
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            var ruleEnd = start
            var ascii = true
            while ruleEnd < end && bytes[ruleEnd] != 0x20 && bytes[ruleEnd] != 0x09 && bytes[ruleEnd] != 0x0D {
                if bytes[ruleEnd] >= 0x80 { ascii = false }
                ruleEnd += 1
            }
            defer { start = end + 1 }
            guard ruleEnd > start, bytes[start] != 0x2F else { continue }  // blank, or a // comment
            var rule: String
            if ascii {
                guard lengths.contains(ruleEnd - start) else { continue }
                rule = String(decoding: bytes[start..<ruleEnd], as: UTF8.self).lowercased()
            } else {
                guard international else { continue }
                rule = String(decoding: bytes[start..<ruleEnd], as: UTF8.self).lowercased()
                    .split(separator: ".", omittingEmptySubsequences: false)
                    .map { Punycode.aLabel(String($0)) }.joined(separator: ".")
            }
            for (kind, index) in wanted[rule] ?? [] {
                switch kind {
                case .exception: exception = index
                case .normal, .wildcard: best = min(best, index)
                }
            }
        }
        if let exception { return labels[(exception + 1)...].joined(separator: ".") }
        return labels[best...].joined(separator: ".")
    }

    /// The organizational domain: the public suffix and one more label; nil when the name is
    /// itself a public suffix (or empty, or has an empty label).
    package func organizationalDomain(_ name: String) -> String? {
        let normalised = PublicSuffixList.normalised(name)
        let labels = normalised.split(separator: ".", omittingEmptySubsequences: false)
        guard !labels.isEmpty, !labels.contains(where: \.isEmpty) else { return nil }
        let suffix = publicSuffix(normalised)
        let suffixCount = suffix.split(separator: ".").count
        guard labels.count > suffixCount else { return nil }
        return labels.suffix(suffixCount + 1).joined(separator: ".")
    }
}

/// RFC 3492 Punycode, only to turn the list's Unicode rules into the A-labels DNS carries.
enum Punycode {
    static func aLabel(_ label: String) -> String {
        guard !label.unicodeScalars.allSatisfy(\.isASCII) else { return label }
        guard let encoded = encode(label.lowercased()) else { return label }
        return "xn--" + encoded
    }

    static func encode(_ input: String) -> String? {
        let base = 36
        let tMin = 1
        let tMax = 26
        let skew = 38
        let damp = 700
        let scalars = input.unicodeScalars.map { Int($0.value) }
        var output = String(String.UnicodeScalarView(input.unicodeScalars.filter(\.isASCII)))
        let basicCount = output.unicodeScalars.count
        var handled = basicCount
        if basicCount > 0 { output += "-" }
        var n = 128
        var delta = 0
        var bias = 72
        func adapt(_ delta: Int, _ count: Int, _ first: Bool) -> Int {
            var delta = first ? delta / damp : delta / 2
            delta += delta / count
            var k = 0
            while delta > ((base - tMin) * tMax) / 2 {
                delta /= base - tMin
                k += base
            }
            return k + (base - tMin + 1) * delta / (delta + skew)
        }
        func digit(_ d: Int) -> Character {
            Character(Unicode.Scalar(UInt8(d < 26 ? d + 97 : d + 22)))
        }
        while handled < scalars.count {
            guard let m = scalars.filter({ $0 >= n }).min() else { return nil }
            delta += (m - n) * (handled + 1)
            n = m
            for c in scalars {
                if c < n { delta += 1 }
                if c == n {
                    var q = delta
                    var k = base
                    while true {
                        let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                        if q < t { break }
                        output.append(digit(t + (q - t) % (base - t)))
                        q = (q - t) / (base - t)
                        k += base
                    }
                    output.append(digit(q))
                    bias = adapt(delta, handled + 1, handled == basicCount)
                    delta = 0
                    handled += 1
                }
            }
            delta += 1
            n += 1
        }
        return output
    }
}

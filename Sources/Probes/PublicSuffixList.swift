import Foundation

/// Mozilla's Public Suffix List (`rules/data/public_suffix_list.dat`), for DMARC's
/// organizational domain (RFC 7489 §3.2): the public suffix of a name plus one label. The
/// algorithm is the list's own (publicsuffix.org/list): the prevailing rule is an exception
/// rule if one matches, else the matching rule with the most labels, else `*`.
package struct PublicSuffixList: Sendable {
    private var rules: Set<String> = []
    /// `*.ck` is stored as `ck`: any one label under it is a suffix.
    private var wildcards: Set<String> = []
    /// `!www.ck` is stored as `www.ck`: not a suffix, though a wildcard says so.
    private var exceptions: Set<String> = []

    /// Only the implicit `*` rule: every top-level label is a public suffix.
    package static let defaultRuleOnly = PublicSuffixList(text: "")

    /// Reads the list's text format: one rule a line, `//` comments, blank lines; a rule ends
    /// at the first white space. Non-ASCII rules are stored as IDNA A-labels (`xn--`), the form
    /// names have in DNS.
    package init(text: String) {
        for line in text.split(whereSeparator: \.isNewline) {
            guard let rule = line.split(whereSeparator: \.isWhitespace).first, !rule.hasPrefix("//") else { continue }
            let ascii = rule.split(separator: ".").map { Punycode.aLabel(String($0)) }.joined(separator: ".")
            let lowered = ascii.lowercased()
            if lowered.hasPrefix("!") {
                exceptions.insert(String(lowered.dropFirst()))
            } else if lowered.hasPrefix("*.") {
                wildcards.insert(String(lowered.dropFirst(2)))
            } else {
                rules.insert(lowered)
            }
        }
    }

    package init?(contentsOfFile path: String) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        self.init(text: text)
    }

    /// The list shipped in a rules folder (`data/public_suffix_list.dat`), nil without one.
    package static func shipped(inRules directory: String) -> PublicSuffixList? {
        PublicSuffixList(contentsOfFile: directory + "/data/public_suffix_list.dat")
    }

    /// The public suffix of `name` (lower case, no trailing dot).
    package func publicSuffix(_ name: String) -> String {
        let labels = SPFCheck.normalised(name).split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !labels.isEmpty else { return "" }
        var best = labels.count - 1  // the implicit "*": the last label
        for start in 0..<labels.count {
            let candidate = labels[start...].joined(separator: ".")
            if exceptions.contains(candidate) { return labels[(start + 1)...].joined(separator: ".") }
            let parent = labels[(start + 1)...].joined(separator: ".")
            if rules.contains(candidate) || (start + 1 < labels.count && wildcards.contains(parent)) {
                best = min(best, start)
            }
        }
        return labels[best...].joined(separator: ".")
    }

    /// The organizational domain: the public suffix and one more label; nil when the name is
    /// itself a public suffix (or empty, or has an empty label).
    package func organizationalDomain(_ name: String) -> String? {
        let normalised = SPFCheck.normalised(name)
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

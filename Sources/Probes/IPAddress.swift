import Foundation

/// An IPv4 or IPv6 address as its bytes, for SPF's `ip4`, `ip6`, `a`, `mx` and `ptr`
/// mechanisms and the `%{i}`, `%{c}` and `%{v}` macros.
package struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// 4 bytes for IPv4, 16 for IPv6.
    package let bytes: [UInt8]

    package var isV4: Bool { bytes.count == 4 }

    /// A textual address: dotted IPv4 (RFC 7208's `dec-octet`, no leading zeros) or any IPv6
    /// form `inet_pton` accepts. An IPv4-mapped IPv6 address (`::ffff:192.0.2.1`) is IPv4:
    /// RFC 7208 §5 evaluates such a client as the IPv4 address it carries.
    package init?(_ text: String) {
        if let v4 = Self.parseV4(text) {
            bytes = v4
            return
        }
        guard text.contains(":"), let v6 = Self.parseV6(text) else { return nil }
        if v6[0..<10].allSatisfy({ $0 == 0 }) && v6[10] == 0xFF && v6[11] == 0xFF {
            bytes = Array(v6[12..<16])
        } else {
            bytes = v6
        }
    }

    package init(bytes: [UInt8]) { self.bytes = bytes }

    /// Strict dotted quad: four decimal octets 0-255 without leading zeros (RFC 7208 §4.6.1's
    /// `dec-octet`), so `192.0.2.300` and `01.2.3.4` are refused, not read some other way.
    static func parseV4(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var out: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCIIDigit),
                part.count == 1 || part.first != "0", let value = Int(part), value <= 255
            else { return nil }
            out.append(UInt8(value))
        }
        return out
    }

    /// IPv6 per RFC 4291 §2.2 (inet_pton's reading), 16 bytes.
    static func parseV6(_ text: String) -> [UInt8]? {
        var storage = in6_addr()
        guard inet_pton(AF_INET6, text, &storage) == 1 else { return nil }
        return withUnsafeBytes(of: &storage) { Array($0) }
    }

    /// Whether the first `prefix` bits equal those of `network` (same family only).
    package func matches(_ network: IPAddress, prefix: Int) -> Bool {
        guard network.bytes.count == bytes.count else { return false }
        var remaining = prefix
        for index in bytes.indices where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            if bytes[index] & mask != network.bytes[index] & mask { return false }
            remaining -= bits
        }
        return true
    }

    /// IPv4 dotted, IPv6 as RFC 5952 text (`%{c}`).
    package var description: String {
        if isV4 { return bytes.map(String.init).joined(separator: ".") }
        var storage = in6_addr()
        withUnsafeMutableBytes(of: &storage) { $0.copyBytes(from: bytes) }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        inet_ntop(AF_INET6, &storage, &text, socklen_t(text.count))
        return String(filledCBuffer: text)
    }

    /// `%{i}`: IPv4 dotted; IPv6 as 32 dot-separated nibbles (RFC 7208 §7.3), upper-case as
    /// the reference implementation and the OpenSPF suite (`v-macro-ip6`) write them. Names
    /// are compared without case, so only an explanation text shows the difference.
    package var macroForm: String {
        if isV4 { return description }
        return bytes.flatMap {
            [String($0 >> 4, radix: 16, uppercase: true), String($0 & 0x0F, radix: 16, uppercase: true)]
        }
        .joined(separator: ".")
    }

    /// The name a PTR query asks: `4.3.2.1.in-addr.arpa`, or the nibbles under `ip6.arpa`.
    package var reverseName: String {
        if isV4 { return bytes.reversed().map(String.init).joined(separator: ".") + ".in-addr.arpa" }
        return macroForm.lowercased().split(separator: ".").reversed().joined(separator: ".") + ".ip6.arpa"
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

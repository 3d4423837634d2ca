import Foundation

/// An IP address as it appears in trace fields (`[192.0.2.1]`, `[IPv6:2001:db8::1]`,
/// `2603:10b6::12`), checked with inet_pton, and the ranges that never send mail from the
/// internet: a hop from them is inside the receiver (or the sender's own network).
package enum IPText {
    /// The address in canonical text, or nil when `text` is not one.
    package static func parse(_ text: String) -> String? {
        var candidate = text.trimmingCharacters(in: CharacterSet(charactersIn: "[]() "))
        if candidate.lowercased().hasPrefix("ipv6:") { candidate = String(candidate.dropFirst(5)) }
        var v4 = in_addr()
        if inet_pton(AF_INET, candidate, &v4) == 1 { return candidate }
        var v6 = in6_addr()
        if candidate.contains(":"), inet_pton(AF_INET6, candidate, &v6) == 1 {
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            inet_ntop(AF_INET6, &v6, &buffer, socklen_t(buffer.count))
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return nil
    }

    /// Loopback, RFC 1918 and RFC 4193 private, link-local, CGNAT (RFC 6598) and unspecified.
    package static func isInternal(_ address: String) -> Bool {
        var v4 = in_addr()
        if inet_pton(AF_INET, address, &v4) == 1 {
            let value = UInt32(bigEndian: v4.s_addr)
            let ranges: [(UInt32, UInt32)] = [
                (0x0000_0000, 0xFF00_0000), (0x0A00_0000, 0xFF00_0000), (0x7F00_0000, 0xFF00_0000),
                (0xA9FE_0000, 0xFFFF_0000), (0xAC10_0000, 0xFFF0_0000), (0xC0A8_0000, 0xFFFF_0000),
                (0x6440_0000, 0xFFC0_0000),
            ]
            return ranges.contains { value & $0.1 == $0.0 }
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, address, &v6) == 1 else { return false }
        let bytes = withUnsafeBytes(of: v6) { Array($0) }
        if bytes.dropLast().allSatisfy({ $0 == 0 }) && bytes[15] <= 1 { return true }
        if bytes[0] & 0xFE == 0xFC { return true }
        if bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80 { return true }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
            return isInternal("\(bytes[12]).\(bytes[13]).\(bytes[14]).\(bytes[15])")
        }
        return false
    }
}

import Foundation

/// The address ranges that are not the public internet: loopback, RFC 1918 and RFC 4193
/// private, link-local, CGNAT (RFC 6598) and unspecified, IPv4-mapped IPv6 included. The probes
/// refuse them as targets unless allowed; the header reader takes a hop from them for one
/// inside the receiver's or the sender's own network.
package enum InternalAddress {
    /// Whether `address` (IPv4 or IPv6 text, an IPv6 zone such as `%eth0` allowed) is internal.
    package static func contains(_ address: String) -> Bool {
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
        guard inet_pton(AF_INET6, address.split(separator: "%").first.map(String.init) ?? address, &v6) == 1
        else { return false }
        let bytes = withUnsafeBytes(of: v6) { Array($0) }
        if bytes.dropLast().allSatisfy({ $0 == 0 }) && bytes[15] <= 1 { return true }  // :: and ::1
        if bytes[0] & 0xFE == 0xFC { return true }  // fc00::/7
        if bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80 { return true }  // fe80::/10
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
            return contains("\(bytes[12]).\(bytes[13]).\(bytes[14]).\(bytes[15])")  // mapped v4
        }
        return false
    }
}

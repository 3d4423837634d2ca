import Foundation

/// Which hosts a probe may contact. In chatbot mode a user must not be able to make the backend
/// scan its own network, so targets that resolve to loopback, private, link-local or
/// carrier-grade NAT addresses are refused unless the operator allows them.
package struct TargetPolicy: Sendable, Equatable {
    package var allowPrivate: Bool

    package init(allowPrivate: Bool) {
        self.allowPrivate = allowPrivate
    }

    /// nil when `host`, resolved to `addresses`, may be probed, else why not.
    ///
    /// It fails closed: a name that does not resolve now is refused too, since it may resolve
    /// to loopback on the next lookup (DNS rebinding). And a refused target reads exactly like
    /// an unresolvable one, so a chat user cannot learn which internal names exist. The
    /// connector checks the very addresses it is about to connect to.
    func refusal(for host: String, addresses: [String]) -> String? {
        guard !allowPrivate else { return nil }
        if addresses.isEmpty || addresses.contains(where: TargetPolicy.isPrivate) {
            return "\(host) was not probed: it has no public address "
                + "(loopback and private targets need --allow-private-targets)"
        }
        return nil
    }

    /// The distinct numeric addresses of `host` in resolver order, or getaddrinfo's complaint.
    /// The one place that asks the system resolver (`SystemResolver.addresses` uses it).
    static func numericAddresses(_ host: String) -> Result<[String], ResolveError> {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &result)
        guard status == 0, let first = result else {
            return .failure(ResolveError(reason: String(cString: gai_strerror(status))))
        }
        defer { freeaddrinfo(first) }
        var addresses: [String] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(
                info.pointee.ai_addr, info.pointee.ai_addrlen, &buffer,
                socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0
            {
                let address = String(filledCBuffer: buffer)
                if !addresses.contains(address) { addresses.append(address) }
            }
            cursor = info.pointee.ai_next
        }
        return .success(addresses)
    }

    struct ResolveError: Error {
        var reason: String
    }

    /// Loopback, private (RFC 1918, RFC 4193), link-local, CGNAT and unspecified addresses.
    package static func isPrivate(_ address: String) -> Bool {
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
        if inet_pton(AF_INET6, address.split(separator: "%").first.map(String.init) ?? address, &v6) == 1 {
            let bytes = withUnsafeBytes(of: v6) { Array($0) }
            if bytes.dropLast().allSatisfy({ $0 == 0 }) && (bytes[15] <= 1) { return true }  // :: and ::1
            if bytes[0] & 0xFE == 0xFC { return true }  // fc00::/7
            if bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80 { return true }  // fe80::/10
            if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
                return isPrivate("\(bytes[12]).\(bytes[13]).\(bytes[14]).\(bytes[15])")  // mapped v4
            }
        }
        return false
    }
}

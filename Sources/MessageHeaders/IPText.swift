import Foundation
import KnowledgeBase

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

    /// Loopback, private, link-local, CGNAT or unspecified (`InternalAddress`).
    package static func isInternal(_ address: String) -> Bool { InternalAddress.contains(address) }
}

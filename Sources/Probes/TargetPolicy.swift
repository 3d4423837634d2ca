import Foundation
import KnowledgeBase

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
    package static func isPrivate(_ address: String) -> Bool { InternalAddress.contains(address) }
}

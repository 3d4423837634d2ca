import Foundation
import NIOCore
import NIOPosix

/// Opens TCP connections for the probes and classifies failures: the contrast between
/// refused, timed out and unreachable is evidence (a refusal means a host answered; silence
/// means a firewall ate the packets).
enum Connector {
    enum Failure: Error, Equatable {
        case unresolvable(String)
        case refused
        case timedOut
        case unreachable(String)
        case other(String)
        /// The target policy refused the addresses (chatbot mode, a private target).
        case refusedByPolicy(String)
    }

    static var group: EventLoopGroup { MultiThreadedEventLoopGroup.singleton }

    /// IPv4 first (Odoo's smtplib tries them in order).
    private static func socketAddresses(_ numeric: [String], port: Int) -> Result<[SocketAddress], Failure> {
        guard (1...65_535).contains(port) else { return .failure(.other("port \(port) is not a TCP port")) }
        var addresses = numeric.compactMap { try? SocketAddress(ipAddress: $0, port: port) }
        addresses.sort { ($0.protocol == .inet ? 0 : 1) < ($1.protocol == .inet ? 0 : 1) }
        return addresses.isEmpty ? .failure(.unresolvable("no address")) : .success(addresses)
    }

    /// The socket addresses of `host:port` as the sweep's one resolver gives them.
    static func addresses(_ host: String, port: Int, resolver: any Resolver) async -> Result<[SocketAddress], Failure> {
        guard (1...65_535).contains(port) else { return .failure(.other("port \(port) is not a TCP port")) }
        switch await resolver.addresses(host) {
        case .notFound(let why), .failed(let why): return .failure(.unresolvable(why))
        case .addresses(let found): return socketAddresses(found, port: port)
        }
    }

    /// Connects to the first address of `host:port`, with `initializer` setting up the pipeline.
    /// The host is resolved here once, and `policy` judges exactly the addresses connected to:
    /// a name cannot pass the check with one answer and be reached with another.
    static func connect(
        host: String, port: Int, timeout: Duration,
        policy: TargetPolicy = TargetPolicy(allowPrivate: true),
        resolver: any Resolver = SystemResolver(),
        initializer: @escaping @Sendable (Channel) -> EventLoopFuture<Void> = {
            $0.eventLoop.makeSucceededVoidFuture()
        }
    ) async -> Result<Channel, Failure> {
        let addresses: [SocketAddress]
        switch await self.addresses(host, port: port, resolver: resolver) {
        case .failure(let failure):
            if let refusal = policy.refusal(for: host, addresses: []) { return .failure(.refusedByPolicy(refusal)) }
            return .failure(failure)
        case .success(let found): addresses = found
        }
        if let refusal = policy.refusal(for: host, addresses: addresses.compactMap(\.ipAddress)) {
            return .failure(.refusedByPolicy(refusal))
        }
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(timeout.timeAmount)
            .channelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .channelInitializer(initializer)
        do {
            return .success(try await bootstrap.connect(to: addresses[0]).get())
        } catch {
            return .failure(classify(error))
        }
    }

    static func classify(_ error: Error) -> Failure {
        if let channelError = error as? ChannelError, case .connectTimeout = channelError {
            return .timedOut
        }
        if let ioError = error as? IOError {
            switch ioError.errnoCode {
            case ECONNREFUSED: return .refused
            case ETIMEDOUT: return .timedOut
            case ENETUNREACH, EHOSTUNREACH, EADDRNOTAVAIL:
                return .unreachable(String(cString: strerror(ioError.errnoCode)))
            default: return .other(String(cString: strerror(ioError.errnoCode)))
            }
        }
        return .other(String(describing: error))
    }
}

/// The wall time of an async operation, in seconds.
func timed<T: Sendable>(_ body: () async -> T) async -> (T, Double) {
    let clock = ContinuousClock()
    let start = clock.now
    let value = await body()
    return (value, (clock.now - start).seconds)
}

import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// One SMTP conversation, driven with async calls. Every read is bounded by the read timeout;
/// the transcript masks the password before it is stored.
final class SMTPConnection: @unchecked Sendable {
    let channel: Channel
    let handler: SMTPClientHandler
    let host: String
    let readTimeout: Duration
    let secret: Secret?
    private(set) var transcript: [String] = []
    /// Certificates the server showed, captured during the handshake.
    private let chainBox: ChainBox
    private(set) var tlsVersion: String?

    final class ChainBox: @unchecked Sendable {
        var chain: [NIOSSLCertificate] = []
    }

    private init(
        channel: Channel, handler: SMTPClientHandler, host: String, readTimeout: Duration,
        secret: Secret?, chainBox: ChainBox
    ) {
        self.chainBox = chainBox
        self.channel = channel
        self.handler = handler
        self.host = host
        self.readTimeout = readTimeout
        self.secret = secret
    }

    /// Connects; with `implicitTLS` the TLS handshake starts on the first byte (port 465).
    static func open(
        host: String, port: Int, implicitTLS: Bool, timeouts: ProbeTimeouts,
        secret: Secret?, policy: TargetPolicy,
        resolver: any Resolver
    ) async -> Result<SMTPConnection, Connector.Failure> {
        let handler = SMTPClientHandler()
        let box = ChainBox()
        let result = await Connector.connect(
            host: host, port: port, timeout: timeouts.connect,
            policy: policy, resolver: resolver
        ) { channel in
            channel.eventLoop.makeCompletedFuture {
                let sync = channel.pipeline.syncOperations
                if implicitTLS {
                    try sync.addHandler(try makeTLSHandler(host: host, box: box))
                }
                try sync.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
                try sync.addHandler(handler)
            }
        }
        switch result {
        case .failure(let failure): return .failure(failure)
        case .success(let channel):
            return .success(
                SMTPConnection(
                    channel: channel, handler: handler, host: host,
                    readTimeout: timeouts.read, secret: secret, chainBox: box))
        }
    }

    /// A conversation over a channel that is already connected: the reply decoder and the
    /// handler are added to it. The in-memory dialogue tests attach to an
    /// `NIOAsyncTestingChannel` this way and play the server themselves.
    static func attach(
        to channel: Channel, host: String, readTimeout: Duration,
        secret: Secret?
    ) async throws -> SMTPConnection {
        let handler = SMTPClientHandler()
        try await channel.eventLoop.submit {
            try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
            try channel.pipeline.syncOperations.addHandler(handler)
        }.get()
        return SMTPConnection(
            channel: channel, handler: handler, host: host, readTimeout: readTimeout,
            secret: secret, chainBox: ChainBox())
    }

    var peerChain: [NIOSSLCertificate] { chainBox.chain }

    static func makeTLSHandler(host: String, box: ChainBox) throws -> NIOSSLClientHandler {
        var configuration = TLSConfiguration.makeClientConfiguration()
        // Verification is done by CertificateInspector so that an expired or self-signed
        // certificate is reported precisely; the handshake itself is allowed to finish.
        // (.noHostnameVerification keeps the callback but stops BoringSSL from failing the
        // handshake on a name mismatch before the inspector can say so.)
        configuration.certificateVerification = .noHostnameVerification
        let context = try NIOSSLContext(configuration: configuration)
        let serverName = TargetPolicy.isNumeric(host) ? nil : host
        return try NIOSSLClientHandler(context: context, serverHostname: serverName) { chain, promise in
            box.chain = chain
            promise.succeed(.certificateVerified)
        }
    }

    /// The next reply within the read timeout.
    func readReply() async throws -> SMTPReply {
        let loop = channel.eventLoop
        let future = loop.flatSubmit { self.handler.nextReply(on: loop) }
        let reply = try await withTimeout(future)
        for (index, line) in reply.lines.enumerated() {
            let separator = index == reply.lines.count - 1 ? " " : "-"
            record("S: \(reply.code)\(separator)\(line)")
        }
        return reply
    }

    /// Sends one command line and reads the reply. `shown` replaces the line in the transcript.
    func command(_ line: String, shown: String? = nil) async throws -> SMTPReply {
        record("C: " + (shown ?? line))
        var buffer = channel.allocator.buffer(capacity: line.utf8.count + 2)
        buffer.writeString(line + "\r\n")
        try await channel.writeAndFlush(buffer)
        return try await readReply()
    }

    /// Upgrades the connection after the server said 220 to STARTTLS.
    func startTLS() async throws {
        let loop = channel.eventLoop
        let handshake: EventLoopFuture<Void> = loop.flatSubmit {
            do {
                // Made on the event loop that owns it: the TLS handler is not Sendable.
                let tls = try Self.makeTLSHandler(host: self.host, box: self.chainBox)
                try self.channel.pipeline.syncOperations.addHandler(tls, position: .first)
            } catch {
                return loop.makeFailedFuture(error)
            }
            return self.handler.awaitHandshake(on: loop)
        }
        try await withTimeout(handshake)
        await captureVersion()
    }

    /// Waits for the implicit-TLS handshake (port 465).
    func awaitImplicitHandshake() async throws {
        let loop = channel.eventLoop
        let future: EventLoopFuture<Void> = loop.flatSubmit { self.handler.awaitHandshake(on: loop) }
        try await withTimeout(future)
        await captureVersion()
    }

    private func captureVersion() async {
        if let version = try? await channel.nioSSL_tlsVersion().get() {
            tlsVersion = Self.name(of: version)
        }
    }

    static func name(of version: TLSVersion) -> String {
        switch version {
        case .tlsv1: return "TLS 1.0"
        case .tlsv11: return "TLS 1.1"
        case .tlsv12: return "TLS 1.2"
        case .tlsv13: return "TLS 1.3"
        }
    }

    func close() async {
        try? await channel.close()
    }

    private func record(_ line: String) {
        // Masked before it is clipped: a password cut in half would no longer be found.
        let masked = secret?.mask(line) ?? line
        transcript.append(masked.count > 300 ? String(masked.prefix(300)) + "…" : masked)
    }

    /// Waits for `future` at most the read timeout; on timeout closes the channel.
    private func withTimeout<T: Sendable>(_ future: EventLoopFuture<T>) async throws -> T {
        let loop = channel.eventLoop
        let timedOutFlag = TimeoutFlag()
        // The flag is set before the close fails the future, so the catch below sees it.
        let timer = loop.scheduleTask(in: readTimeout.timeAmount) {
            timedOutFlag.value = true
            self.channel.close(promise: nil)
        }
        defer { timer.cancel() }
        do {
            return try await future.get()
        } catch {
            if timedOutFlag.value { throw SMTPProtocolError.timedOut }
            throw error
        }
    }

    final class TimeoutFlag: @unchecked Sendable { var value = false }
}

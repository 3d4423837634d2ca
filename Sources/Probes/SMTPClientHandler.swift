import NIOCore
import NIOSSL
import NIOTLS

/// Hands replies to whoever waits for them, and reports the TLS handshake. Lives on the
/// channel's event loop; the async `SMTPConnection` talks to it through promises.
final class SMTPClientHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = SMTPReply

    private var replies: [SMTPReply] = []
    private var waiters: [EventLoopPromise<SMTPReply>] = []
    private var failure: Error?
    /// Set when the TLS handshake completed; a waiter's promise is made only on demand, so a
    /// connection that never gets that far leaks nothing.
    private var handshakeCompleted = false
    private var handshake: EventLoopPromise<Void>?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let reply = unwrapInboundIn(data)
        if waiters.isEmpty { replies.append(reply) } else { waiters.removeFirst().succeed(reply) }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event {
            handshakeCompleted = true
            handshake?.succeed(())
            handshake = nil
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        fail(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(SMTPProtocolError.closed)
        context.fireChannelInactive()
    }

    private func fail(_ error: Error) {
        if failure == nil { failure = error }
        let waiting = waiters
        waiters = []
        waiting.forEach { $0.fail(error) }
        handshake?.fail(error)
        handshake = nil
    }

    /// The next reply, or the failure that ended the connection. Called on the event loop.
    func nextReply(on loop: EventLoop) -> EventLoopFuture<SMTPReply> {
        if !replies.isEmpty { return loop.makeSucceededFuture(replies.removeFirst()) }
        if let failure { return loop.makeFailedFuture(failure) }
        let promise = loop.makePromise(of: SMTPReply.self)
        waiters.append(promise)
        return promise.futureResult
    }

    /// Completes when the TLS handshake has. Called on the event loop.
    func awaitHandshake(on loop: EventLoop) -> EventLoopFuture<Void> {
        if handshakeCompleted { return loop.makeSucceededVoidFuture() }
        if let failure { return loop.makeFailedFuture(failure) }
        if let handshake { return handshake.futureResult }
        let promise = loop.makePromise(of: Void.self)
        handshake = promise
        return promise.futureResult
    }
}

import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A minimal HTTP/1.1 client over SwiftNIO for the two probes that speak HTTP (Odoo's XML-RPC
/// and the clock's Date header). URLSession would link libcurl and its dozens of libraries into
/// the binary, and every chat turn would pay for loading them.
enum HTTPClient {
    struct Response: Sendable {
        var status: Int
        var headers: [(String, String)]
        var body: [UInt8]

        func header(_ name: String) -> String? {
            headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
        }
    }

    enum Failure: Error, CustomStringConvertible {
        case badURL(String), connect(String), timedOut, tooLarge, closed

        var description: String {
            switch self {
            case .badURL(let url): return "not an http:// URL: \(url)"
            case .connect(let why): return "cannot connect: \(why)"
            case .timedOut: return "no answer within the timeout"
            case .tooLarge: return "the answer is larger than 8 MiB"
            case .closed: return "the connection closed before the answer"
            }
        }
    }

    /// Answers are small (a version, a few records); a larger one is refused, not buffered.
    static let maximumBody = 8 << 20

    static func send(_ method: HTTPMethod, url: String, body: [UInt8] = [], contentType: String? = nil,
                     timeouts: ProbeTimeouts) async throws -> Response {
        guard let parsed = URL(string: url), parsed.scheme == "http", let host = parsed.host else {
            throw Failure.badURL(url)
        }
        let port = parsed.port ?? 80
        var path = parsed.path.isEmpty ? "/" : parsed.path
        if let query = parsed.query { path += "?" + query }
        let collector = Collector()
        let connected = await Connector.connect(host: host, port: port, timeout: timeouts.connect) { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHTTPClientHandlers()
                try channel.pipeline.syncOperations.addHandler(collector)
            }
        }
        let channel: Channel
        switch connected {
        case .success(let opened): channel = opened
        case .failure(let failure): throw Failure.connect("\(failure)")
        }
        var head = HTTPRequestHead(version: .http1_1, method: method, uri: path)
        head.headers.add(name: "Host", value: parsed.port.map { "\(host):\($0)" } ?? host)
        head.headers.add(name: "User-Agent", value: "mail-doctor")
        head.headers.add(name: "Connection", value: "close")
        head.headers.add(name: "Content-Length", value: String(body.count))
        if let contentType { head.headers.add(name: "Content-Type", value: contentType) }
        let requestHead = head
        let loop = channel.eventLoop
        let answer: EventLoopFuture<Response> = loop.flatSubmit {
            let future = collector.response(on: loop)
            channel.write(HTTPClientRequestPart.head(requestHead), promise: nil)
            if !body.isEmpty {
                var buffer = channel.allocator.buffer(capacity: body.count)
                buffer.writeBytes(body)
                channel.write(HTTPClientRequestPart.body(.byteBuffer(buffer)), promise: nil)
            }
            channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
            return future
        }
        let timedOut = Once()
        let timer = loop.scheduleTask(in: (timeouts.read * 2).timeAmount) {
            _ = timedOut.claim()
            channel.close(promise: nil)
        }
        defer { timer.cancel(); channel.close(promise: nil) }
        do {
            return try await answer.get()
        } catch {
            if !timedOut.claim() { throw Failure.timedOut }
            throw error
        }
    }

    /// Gathers one response on the event loop.
    final class Collector: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPClientResponsePart
        private var promise: EventLoopPromise<Response>?
        private var status = 0
        private var headers: [(String, String)] = []
        private var body: [UInt8] = []
        private var finished: Result<Response, Error>?

        func response(on loop: EventLoop) -> EventLoopFuture<Response> {
            if let finished { return loop.makeCompletedFuture(finished) }
            let promise = loop.makePromise(of: Response.self)
            self.promise = promise
            return promise.futureResult
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                status = Int(head.status.code)
                headers = head.headers.map { ($0.name, $0.value) }
            case .body(var buffer):
                guard body.count + buffer.readableBytes <= HTTPClient.maximumBody else {
                    complete(.failure(Failure.tooLarge))
                    context.close(promise: nil)
                    return
                }
                body += buffer.readBytes(length: buffer.readableBytes) ?? []
            case .end:
                complete(.success(Response(status: status, headers: headers, body: body)))
            }
        }

        func errorCaught(context: ChannelHandlerContext, error: Error) {
            complete(.failure(error))
            context.close(promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            complete(.failure(Failure.closed))
        }

        private func complete(_ result: Result<Response, Error>) {
            guard finished == nil else { return }
            finished = result
            promise?.completeWith(result)
            promise = nil
        }
    }
}

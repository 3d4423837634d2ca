import Foundation
import Logging
import MCP

/// Stdio that answers what it was asked before it ends. The SDK handles each request in a
/// task of its own and stops when the input ends, so a client that writes its requests and
/// closes stdin (`printf ... | mail-doctor mcp`) would get no answers. This wrapper counts
/// the requests that came in and the responses that went out, and ends the input stream only
/// when every request has its response (or after `drainLimit`).
actor DrainingTransport: Transport {
    nonisolated let logger: Logger
    private let inner: StdioTransport
    private var pending = 0
    static let drainLimit: Duration = .seconds(120)

    init(inner: StdioTransport = StdioTransport()) {
        self.inner = inner
        logger = inner.logger
    }

    func connect() async throws { try await inner.connect() }

    func disconnect() async { await inner.disconnect() }

    func send(_ data: Data) async throws {
        if Self.isResponse(data) { pending -= 1 }
        try await inner.send(data)
    }

    func receive() -> AsyncThrowingStream<Data, Swift.Error> {
        let inner = self.inner
        return AsyncThrowingStream { continuation in
            let task = Task {
                let upstream = await inner.receive()
                do {
                    for try await message in upstream {
                        self.received(message)
                        continuation.yield(message)
                    }
                    await self.drain()
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    private func received(_ message: Data) {
        pending += Self.requestCount(message)
    }

    /// Waits until every request has been answered.
    private func drain() async {
        let clock = ContinuousClock()
        let deadline = clock.now + Self.drainLimit
        while pending > 0 && clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// How many responses the server owes for a message: a request (a method and an id) and
    /// anything it cannot read get one; a notification and the client's own responses none;
    /// a batch one batch.
    static func requestCount(_ data: Data) -> Int {
        guard let object = try? JSONSerialization.jsonObject(with: data) else { return 1 }
        if let batch = object as? [Any] { return batch.isEmpty ? 1 : (batch.contains { owes($0) } ? 1 : 0) }
        return owes(object) ? 1 : 0
    }

    private static func owes(_ item: Any) -> Bool {
        guard let message = item as? [String: Any] else { return true }
        if message["method"] != nil { return message["id"] != nil && !(message["id"] is NSNull) }
        return message["result"] == nil && message["error"] == nil
    }

    static func isResponse(_ data: Data) -> Bool {
        guard let object = try? JSONSerialization.jsonObject(with: data) else { return false }
        if let batch = object as? [Any] {
            return !batch.isEmpty && batch.allSatisfy { ($0 as? [String: Any])?["method"] == nil }
        }
        guard let message = object as? [String: Any] else { return false }
        return message["method"] == nil && (message["result"] != nil || message["error"] != nil)
    }
}

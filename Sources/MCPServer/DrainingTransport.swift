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
    /// The ids of the requests not answered yet.
    private var pendingIDs: Set<String> = []
    /// Messages the server answers with an id it makes up (text it cannot read).
    private var anonymous = 0
    static let drainLimit: Duration = .seconds(120)

    init(inner: StdioTransport = StdioTransport()) {
        self.inner = inner
        logger = inner.logger
    }

    func connect() async throws { try await inner.connect() }

    func disconnect() async { await inner.disconnect() }

    func send(_ data: Data) async throws {
        for id in Self.responseIDs(data) where pendingIDs.remove(id) == nil && anonymous > 0 {
            anonymous -= 1
        }
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

    /// Notes what the server owes for a message: a response to each request (a method and an
    /// id) and to anything it cannot read; none to a notification or to the client's own
    /// responses; and a request the client cancels is owed nothing any more.
    private func received(_ data: Data) {
        guard let object = try? JSONSerialization.jsonObject(with: data) else {
            anonymous += 1
            return
        }
        let items = (object as? [Any]) ?? [object]
        if items.isEmpty { anonymous += 1 }
        for item in items {
            guard let message = item as? [String: Any] else {
                anonymous += 1
                continue
            }
            if let method = message["method"] as? String {
                if method == "notifications/cancelled", let params = message["params"] as? [String: Any],
                    let id = Self.key(params["requestId"])
                {
                    pendingIDs.remove(id)
                } else if let id = Self.key(message["id"]) {
                    pendingIDs.insert(id)
                }
            } else if message["result"] == nil && message["error"] == nil {
                anonymous += 1
            }
        }
    }

    /// Waits until every request has been answered or cancelled.
    private func drain() async {
        let clock = ContinuousClock()
        let deadline = clock.now + Self.drainLimit
        while !pendingIDs.isEmpty || anonymous > 0, clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// The ids of the responses in an outgoing message (one, or a batch).
    static func responseIDs(_ data: Data) -> [String] {
        guard let object = try? JSONSerialization.jsonObject(with: data) else { return [] }
        return ((object as? [Any]) ?? [object]).compactMap { item in
            guard let message = item as? [String: Any], message["method"] == nil,
                message["result"] != nil || message["error"] != nil
            else { return nil }
            return key(message["id"]) ?? "null"
        }
    }

    /// A JSON-RPC id as one string: numbers and strings never collide.
    static func key(_ id: Any?) -> String? {
        if let text = id as? String { return "s:" + text }
        if let number = id as? NSNumber { return "n:" + number.stringValue }
        return nil
    }
}

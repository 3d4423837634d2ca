import Foundation
import Testing

@testable import Probes

/// DNS answers that are malformed or huge, from a real UDP server on loopback that this test
/// runs: the resolver must return a classified answer within its timeout, never crash or hang.
@Suite(.serialized) struct HostileDNSTests {
    /// A UDP server answering every query with `reply(query)`, until stopped.
    final class HostileServer: @unchecked Sendable {
        let socket: Int32
        let port: Int
        private let reply: @Sendable ([UInt8]) -> [UInt8]?
        private var running = true

        init(reply: @escaping @Sendable ([UInt8]) -> [UInt8]?) throws {
            self.reply = reply
            let descriptor = Glibc.socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            _ = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
            }
            socket = descriptor
            port = Int(UInt16(bigEndian: address.sin_port))
            var wait = timeval(tv_sec: 0, tv_usec: 200_000)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
            Thread.detachNewThread { [self] in serve() }
        }

        private func serve() {
            var buffer = [UInt8](repeating: 0, count: 2048)
            while running {
                var peer = sockaddr_in()
                var length = socklen_t(MemoryLayout<sockaddr_in>.size)
                let count = withUnsafeMutablePointer(to: &peer) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        recvfrom(socket, &buffer, buffer.count, 0, $0, &length)
                    }
                }
                guard count > 0, let answer = reply(Array(buffer[0..<count])) else { continue }
                _ = withUnsafePointer(to: &peer) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        sendto(socket, answer, answer.count, 0, $0, length)
                    }
                }
            }
        }

        func stop() {
            running = false
            Thread.sleep(forTimeInterval: 0.3)
            close(socket)
        }
    }

    /// The query's id and question, flagged as a response, with `answers` claimed and `tail` appended.
    static func response(to query: [UInt8], answers: UInt16, tail: [UInt8]) -> [UInt8] {
        guard query.count >= 12 else { return [] }
        var header = Array(query[0..<12])
        header[2] = 0x81
        header[3] = 0x80  // response, recursion available, NOERROR
        header[6] = UInt8(answers >> 8)
        header[7] = UInt8(answers & 0xFF)
        return header + Array(query[12...]) + tail
    }

    func lookup(_ reply: @escaping @Sendable ([UInt8]) -> [UInt8]?) async throws -> (DNSAnswer, Double) {
        let server = try HostileServer(reply: reply)
        defer { server.stop() }
        let resolver = SystemResolver(server: ("127.0.0.1", server.port), timeout: 1, attempts: 1)
        let clock = ContinuousClock()
        let start = clock.now
        let answer = await resolver.records("good.test", .txt)
        return (answer, (clock.now - start).seconds)
    }

    @Test func garbageIsAFailureNotACrash() async throws {
        let (answer, seconds) = try await lookup { _ in (0..<512).map { UInt8(truncatingIfNeeded: $0 &* 37) } }
        #expect(answer.records.isEmpty)
        #expect(seconds < 3)
    }

    @Test func aTruncatedHeaderIsAFailure() async throws {
        let (answer, seconds) = try await lookup { query in Array(query.prefix(5)) }
        #expect(answer.records.isEmpty)
        #expect(seconds < 3)
    }

    @Test func answersClaimedButMissingAreNoData() async throws {
        let (answer, seconds) = try await lookup { query in Self.response(to: query, answers: 65_535, tail: []) }
        #expect(answer.records.isEmpty)
        #expect(seconds < 3)
    }

    @Test func aHugeTXTAnswerIsReadWithinBounds() async throws {
        // One TXT record of 255 strings of 255 bytes: about 64 KiB, the most UDP can carry.
        let (answer, seconds) = try await lookup { query in
            var rdata: [UInt8] = []
            for _ in 0..<240 { rdata += [255] + [UInt8](repeating: UInt8(ascii: "a"), count: 255) }
            let record: [UInt8] =
                [
                    0xC0, 0x0C, 0x00, 0x10, 0x00, 0x01, 0, 0, 0, 60,
                    UInt8(rdata.count >> 8), UInt8(rdata.count & 0xFF),
                ] + rdata
            return Self.response(to: query, answers: 1, tail: record)
        }
        // Either read whole (61 KiB of "a") or refused as too big for UDP: never a crash.
        #expect(answer.records.allSatisfy { $0.count <= 65_536 })
        #expect(seconds < 3)
    }

    @Test func silenceEndsAtTheTimeout() async throws {
        let (answer, seconds) = try await lookup { _ in nil }
        if case .failed = answer {} else { Issue.record("expected a failure, got \(answer)") }
        #expect(seconds < 3, "took \(seconds) s")
    }
}

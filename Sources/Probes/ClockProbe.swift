import Foundation
import KnowledgeBase
import NIOCore

/// The local clock against a time source: an SNTP server (`--time-server host[:port]`, UDP
/// 123 by default) or, for an `http://` URL, the server's Date header. TLS certificates and
/// OAuth tokens fail when the clock is off by minutes.
package struct ClockProbe: Probe {
    package let name = ProbeName.clock
    /// Beyond this offset the clock counts as wrong (Kerberos-style five minutes, and well
    /// within what OAuth token lifetimes tolerate).
    package static let tolerance: Double = 300

    package init() {}

    package func applies(to context: ProbeContext) -> Bool { context.timeServer != nil }

    package func run(_ context: ProbeContext) async -> [ProbeOutcome] {
        guard let server = context.timeServer else { return [] }
        let clock = ContinuousClock()
        let start = clock.now
        let offset: Result<Double, ClockError>
        if server.hasPrefix("http://") || server.hasPrefix("https://") {
            offset = await httpOffset(server, timeout: context.timeouts.read)
        } else {
            let (host, portText) = HostPort.split(server)
            let port = portText.flatMap { Int($0) } ?? 123
            // Resolved once by the sweep's resolver; the guard judges the very address asked.
            switch await Connector.addresses(host, port: port, resolver: context.resolver) {
            case .failure:
                if let refusal = context.policy.refusal(for: host, addresses: []) {
                    return [.notProbed(name, check: "offset", refusal: refusal)]
                }
                offset = .failure(.failed("cannot resolve \(host)"))
            case .success(let addresses):
                if let refusal = context.policy.refusal(for: host, addresses: addresses.compactMap(\.ipAddress)) {
                    return [.notProbed(name, check: "offset", refusal: refusal)]
                }
                let timeout = context.timeouts.read
                let address = addresses[0]
                offset = await withCheckedContinuation { continuation in
                    DispatchQueue.global().async {
                        continuation.resume(returning: Self.sntpOffset(address: address, timeout: timeout))
                    }
                }
            }
        }
        let seconds = (clock.now - start).seconds
        switch offset {
        case .failure(let error):
            return [
                ProbeOutcome(
                    probe: name, check: "offset", status: .unknown,
                    message: LocalizedText(
                        en: "could not read the time from \(server): \(error)",
                        ar: "تعذّرت قراءة الوقت من \(server): \(error)"),
                    seconds: seconds)
            ]
        case .success(let value):
            let wrong = abs(value) > Self.tolerance
            let text = String(format: "%+.1f", value)
            return [
                ProbeOutcome(
                    probe: name, check: "offset", status: wrong ? .problem : .ok,
                    message: LocalizedText(
                        en: wrong ? "the local clock is off by \(text) s" : "the local clock is right (\(text) s)",
                        ar: wrong ? "ساعة الجهاز منحرفة بمقدار \(text) ثانية" : "ساعة الجهاز مضبوطة (\(text) ثانية)"),
                    facts: [
                        ProbeFacts.serverClockCorrect: wrong ? "no" : "yes",
                        ProbeFacts.clockOffsetSeconds: String(format: "%.1f", value),
                    ],
                    evidence: ["time source: \(server)", "offset: \(text) s"], seconds: seconds)
            ]
        }
    }

    enum ClockError: Error, CustomStringConvertible {
        case failed(String)
        var description: String { if case .failed(let why) = self { return why } else { return "" } }
    }

    /// One SNTP v4 exchange (RFC 4330): offset = ((T2 - T1) + (T3 - T4)) / 2.
    static func sntpOffset(address: SocketAddress, timeout: Duration) -> Result<Double, ClockError> {
        let descriptor = socket(address.protocol == .inet ? AF_INET : AF_INET6, Int32(SOCK_DGRAM.rawValue), 0)
        guard descriptor >= 0 else { return .failure(.failed("no socket")) }
        defer { close(descriptor) }
        var wait = timeval(
            tv_sec: Int(timeout.seconds), tv_usec: Int((timeout.seconds.truncatingRemainder(dividingBy: 1)) * 1e6))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        var packet = [UInt8](repeating: 0, count: 48)
        packet[0] = 0x23  // LI 0, version 4, mode 3 (client)
        let t1 = Date()
        write(ntp: t1, into: &packet, at: 40)
        let sent = address.withSockAddr { pointer, length in
            sendto(descriptor, packet, packet.count, 0, pointer, socklen_t(length))
        }
        guard sent == packet.count else { return .failure(.failed("send failed")) }
        var reply = [UInt8](repeating: 0, count: 48)
        let received = recv(descriptor, &reply, reply.count, 0)
        let t4 = Date()
        guard received >= 48 else { return .failure(.failed("no answer within \(Int(timeout.seconds)) s")) }
        guard reply[0] & 0x07 == 4 || reply[0] & 0x07 == 5 else { return .failure(.failed("not an SNTP reply")) }
        let t2 = read(ntpAt: 32, from: reply)
        let t3 = read(ntpAt: 40, from: reply)
        let offset = ((t2.timeIntervalSince(t1)) + (t3.timeIntervalSince(t4))) / 2
        return .success(offset)
    }

    static let ntpEpochOffset: Double = 2_208_988_800

    static func write(ntp date: Date, into packet: inout [UInt8], at offset: Int) {
        let value = date.timeIntervalSince1970 + ntpEpochOffset
        let seconds = UInt32(value)
        let fraction = UInt32((value - Double(seconds)) * 4_294_967_296)
        for index in 0..<4 {
            packet[offset + index] = UInt8(truncatingIfNeeded: seconds >> (24 - 8 * index))
            packet[offset + 4 + index] = UInt8(truncatingIfNeeded: fraction >> (24 - 8 * index))
        }
    }

    static func read(ntpAt offset: Int, from packet: [UInt8]) -> Date {
        var seconds: UInt32 = 0
        var fraction: UInt32 = 0
        for index in 0..<4 {
            seconds = seconds << 8 | UInt32(packet[offset + index])
            fraction = fraction << 8 | UInt32(packet[offset + 4 + index])
        }
        return Date(timeIntervalSince1970: Double(seconds) - ntpEpochOffset + Double(fraction) / 4_294_967_296)
    }

    /// The offset from an HTTP Date header (one-second resolution; fine for minutes of skew).
    func httpOffset(_ url: String, timeout: Duration) async -> Result<Double, ClockError> {
        let sent = Date()
        let timeouts = ProbeTimeouts(connect: timeout, read: timeout, overall: timeout * 2)
        guard let response = try? await WebClient.send(.HEAD, url: url, timeouts: timeouts),
            let header = response.headers.first(name: "Date")
        else {
            return .failure(.failed("no Date header from \(url)"))
        }
        let received = Date()
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let remote = formatter.date(from: header) else { return .failure(.failed("bad Date header")) }
        let local = sent.addingTimeInterval(received.timeIntervalSince(sent) / 2)
        return .success(remote.timeIntervalSince(local))
    }
}

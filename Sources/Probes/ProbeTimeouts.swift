import NIOCore

/// Every timeout of the probes, in one value. Defaults: 5 s to connect, 5 s for each reply,
/// 20 s for a whole probe; `--timeout SECONDS` sets connect and read together.
package struct ProbeTimeouts: Sendable, Equatable {
    package var connect: Duration
    package var read: Duration
    package var overall: Duration

    package init(
        connect: Duration = .seconds(5), read: Duration = .seconds(5),
        overall: Duration = .seconds(20)
    ) {
        self.connect = connect
        self.read = read
        self.overall = overall
    }

    /// Connect and read set to `seconds`, overall to four times that (a probe makes a few
    /// round trips), at least the connect time plus a second.
    package static func uniform(seconds: Double) -> ProbeTimeouts {
        let step = Duration.milliseconds(Int64(seconds * 1000))
        return ProbeTimeouts(connect: step, read: step, overall: step * 4)
    }
}

extension Duration {
    package var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    var timeAmount: NIOCore.TimeAmount { .nanoseconds(Int64(seconds * 1e9)) }
}

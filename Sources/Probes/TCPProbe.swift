import Foundation
import KnowledgeBase
import NIOCore

/// Reachability of the SMTP ports (25, 465, 587, 2525 and the configured one), and of 443 as a
/// control: when every SMTP port times out but HTTPS answers, the hosting provider blocks SMTP.
package struct TCPProbe: Probe {
    package let name = ProbeName.tcp
    static let smtpPorts = [25, 465, 587, 2525]

    package init() {}

    package func applies(to context: ProbeContext) -> Bool { context.host != nil }

    package func run(_ context: ProbeContext) async -> [ProbeOutcome] {
        guard let host = context.host else { return [] }
        if let refusal = await context.refusal(for: host) {
            return [.notProbed(name, check: host, refusal: refusal)]
        }
        var ports = Self.smtpPorts
        if !ports.contains(context.effectivePort) { ports.append(context.effectivePort) }
        // All ports at once: the sweep takes as long as the slowest port, not the sum.
        let results = await withTaskGroup(of: (Int, Result<Channel, Connector.Failure>, Double).self) { group in
            for port in ports + [443] {
                group.addTask {
                    let (result, seconds) = await timed {
                        await Connector.connect(
                            host: host, port: port, timeout: context.timeouts.connect,
                            policy: context.policy, resolver: context.resolver)
                    }
                    if case .success(let channel) = result { try? await channel.close() }
                    return (port, result, seconds)
                }
            }
            var collected: [Int: (Result<Channel, Connector.Failure>, Double)] = [:]
            for await (port, result, seconds) in group { collected[port] = (result, seconds) }
            return collected
        }
        var outcomes: [ProbeOutcome] = []
        let configuredWorks: Bool
        if case .success = results[context.effectivePort]?.0 { configuredWorks = true } else { configuredWorks = false }
        for port in ports {
            guard let (result, seconds) = results[port] else { continue }
            var item = outcome(
                port: port, result: result, seconds: seconds, host: host,
                configured: port == context.effectivePort, configuredWorks: configuredWorks)
            // The configured port's line carries the facts for the engine.
            if port == context.effectivePort { item.facts = facts(results, context: context) }
            outcomes.append(item)
        }
        return outcomes
    }

    func outcome(
        port: Int, result: Result<Channel, Connector.Failure>, seconds: Double,
        host: String, configured: Bool, configuredWorks: Bool = false
    ) -> ProbeOutcome {
        let mark = configured ? " (configured)" : ""
        let markAr = configured ? " (المضبوط في Odoo)" : ""
        let time = String(format: "%.2f s", seconds)
        switch result {
        case .success:
            return ProbeOutcome(
                probe: name, check: "\(port)", status: .ok,
                message: LocalizedText(
                    en: "port \(port)\(mark) is open",
                    ar: "المنفذ \(port)\(markAr) مفتوح"),
                evidence: ["connect \(host):\(port) -> open in \(time)"], seconds: seconds)
        case .failure(let failure):
            let (en, ar): (String, String)
            switch failure {
            case .refused: (en, ar) = ("refused", "مرفوض")
            case .timedOut: (en, ar) = ("timed out", "انتهت المهلة")
            case .unreachable(let why): (en, ar) = ("unreachable (\(why))", "لا يمكن الوصول (\(why))")
            case .unresolvable(let why): (en, ar) = ("host not found (\(why))", "الخادم غير موجود (\(why))")
            case .other(let why): (en, ar) = ("failed (\(why))", "فشل (\(why))")
            case .refusedByPolicy(let why):
                return .notProbed(name, check: "\(port)", refusal: why)
            }
            // A closed port that Odoo does not use is information, not a problem; once the
            // configured port works it is not even that.
            let status: ProbeOutcome.Status = configured ? .problem : (configuredWorks ? .ok : .unknown)
            let unused = !configured && configuredWorks
            return ProbeOutcome(
                probe: name, check: "\(port)", status: status,
                message: LocalizedText(
                    en: "port \(port)\(mark): \(en)\(unused ? " (Odoo does not use it)" : "")",
                    ar: "المنفذ \(port)\(markAr): \(ar)\(unused ? " (لا يستخدمه Odoo)" : "")"),
                evidence: ["connect \(host):\(port) -> \(en) after \(time)"],
                seconds: seconds)
        }
    }

    /// The facts: is the configured port reachable, how did it fail, do other ports work.
    func facts(
        _ results: [Int: (Result<Channel, Connector.Failure>, Double)],
        context: ProbeContext
    ) -> [String: String] {
        guard let (configured, _) = results[context.effectivePort] else { return [:] }
        var facts: [String: String] = [:]
        let others = Self.smtpPorts.filter { $0 != context.effectivePort }
        let otherOpen = others.contains { port in
            if case .success = results[port]?.0 { return true } else { return false }
        }
        facts[ProbeFacts.networkOtherSmtpPortsOpen] = otherOpen ? "yes" : "no"
        if let https = results[443]?.0 {
            if case .success = https {
                facts[ProbeFacts.networkHttpsReachable] = "yes"
            } else {
                facts[ProbeFacts.networkHttpsReachable] = "no"
            }
        }
        switch configured {
        case .success:
            facts[ProbeFacts.networkSmtpReachable] = "yes"
        case .failure(.refused):
            facts[ProbeFacts.networkSmtpReachable] = "no"
            facts[ProbeFacts.errorKind] = "connection-refused"
        case .failure(.timedOut):
            facts[ProbeFacts.networkSmtpReachable] = "no"
            facts[ProbeFacts.errorKind] = "timed-out"
        case .failure(.unreachable):
            facts[ProbeFacts.networkSmtpReachable] = "no"
            facts[ProbeFacts.errorKind] = "network-unreachable"
        case .failure(.unresolvable):
            facts[ProbeFacts.errorKind] = "host-not-found"
        case .failure(.other), .failure(.refusedByPolicy):
            break
        }
        return facts
    }
}

import KnowledgeBase

/// Every probe, once. Adding a probe is one file and one line here.
public enum ProbeRegistry {
    public static let all: [any Probe] = [
        OdooConfigProbe(), OdooServerProbe(), DNSProbe(), TCPProbe(), SMTPProbe(), TLSProbe(), ClockProbe(),
    ]

    public static func probe(_ name: ProbeName) -> (any Probe)? {
        all.first { $0.name == name }
    }
}

import KnowledgeBase

/// Every probe, once. Adding a probe is one file and one line here.
package enum ProbeRegistry {
    package static let all: [any Probe] = [
        OdooConfigProbe(), OdooServerProbe(), DNSProbe(), TCPProbe(), SMTPProbe(), TLSProbe(), ClockProbe(),
        DNSBLProbe(), PTRProbe(),
    ]

    package static func probe(_ name: ProbeName) -> (any Probe)? {
        all.first { $0.name == name }
    }
}

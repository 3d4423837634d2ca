/// What the probes module refuses outright, rather than reporting as a finding: a
/// configuration file it cannot use. Everything a probe meets on the network (a refused
/// connection, a bad certificate, a timeout) is a `ProbeOutcome`, not an error. The one
/// public error type of this module.
package enum ProbeError: Error, Equatable, CustomStringConvertible {
    case unreadable(String)
    case noOptionsSection(String)

    package var description: String {
        switch self {
        case .unreadable(let path): return "cannot read the Odoo configuration '\(path)'"
        case .noOptionsSection(let path):
            return "'\(path)' has no [options] section; is it an odoo.conf?"
        }
    }
}

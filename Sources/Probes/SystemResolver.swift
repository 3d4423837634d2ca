import CResolv
import Foundation

/// The resolver of a real sweep. Records come from glibc's libresolv (`res_nquery` and the
/// `ns_*` parsers), asking either the system's resolvers or one chosen server
/// (`--dns-server HOST[:PORT]`); each lookup runs on a private resolver state, so lookups are
/// thread-safe and run off the async pool. A host's addresses come from the system's resolver
/// (getaddrinfo, which reads /etc/hosts and then DNS in nsswitch.conf's order, exactly as
/// Odoo's smtplib does) or, with `--dns-server`, from that server alone.
struct SystemResolver: Resolver {
    var server: (host: String, port: Int)?
    /// Seconds per try, and tries.
    var timeout: Int32 = 2
    var attempts: Int32 = 2

    init(server: (host: String, port: Int)? = nil, timeout: Int32 = 2, attempts: Int32 = 2) {
        self.server = server
        self.timeout = timeout
        self.attempts = attempts
    }

    var name: String {
        server.map { "DNS server \($0.host):\($0.port)" } ?? "the system resolver (/etc/hosts, then DNS)"
    }

    /// The numeric addresses of `host` in resolver order; a numeric host in any spelling that
    /// getaddrinfo accepts (`2130706433`, `0177.0.0.1`, `::ffff:127.0.0.1`) is itself.
    func addresses(_ host: String) async -> AddressAnswer {
        // RFC 6761 §6.4: ".invalid" names never exist; the answer is given without a query.
        if Self.isInvalidName(host) { return .notFound("\(host) is under .invalid (RFC 6761 §6.4)") }
        // RFC 6761 §6.3: "localhost" names are loopback and are not sent to a DNS server.
        let lowered = host.lowercased()
        let isLocalhost = lowered == "localhost" || lowered.hasSuffix(".localhost")
        if server == nil || isLocalhost || TargetPolicy.isNumeric(host) || TargetPolicy.parsesAsNumeric(host) {
            switch TargetPolicy.numericAddresses(host) {
            case .success(let found): return found.isEmpty ? .notFound("no address") : .addresses(found)
            case .failure(let error): return .notFound(error.reason)
            }
        }
        async let v4 = records(host, .a)
        async let v6 = records(host, .aaaa)
        let (a, aaaa) = await (v4, v6)
        let found = a.records + aaaa.records
        if !found.isEmpty { return .addresses(found) }
        if case .failed(let why) = a { return .failed(why) }
        return .notFound("no A or AAAA record at \(server!.host)")
    }

    func records(_ name: String, _ type: DNSRecordType) async -> DNSAnswer {
        if Self.isInvalidName(name) { return .noSuchName }
        let resolver = self
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: resolver.blockingLookup(name, type))
            }
        }
    }

    /// RFC 6761 §6.4: resolvers "SHOULD recognize invalid names as special and SHOULD always
    /// return immediately with a negative response".
    static func isInvalidName(_ name: String) -> Bool {
        let lowered = SPFCheck.normalised(name)
        return lowered == "invalid" || lowered.hasSuffix(".invalid")
    }

    private func blockingLookup(_ name: String, _ type: DNSRecordType) -> DNSAnswer {
        guard let state = md_res_state_new() else { return .failed("out of memory") }
        defer { md_res_state_free(state) }
        guard md_res_ninit(state) == 0 else { return .failed("resolver initialisation failed") }
        defer { md_res_nclose(state) }
        state.pointee.retrans = timeout
        state.pointee.retry = attempts
        if let server {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(server.port).bigEndian)
            guard inet_pton(AF_INET, server.host, &address.sin_addr) == 1 else {
                return .failed("the DNS server must be an IPv4 address")
            }
            state.pointee.nsaddr_list.0 = address
            state.pointee.nscount = 1
        }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let length = md_res_nquery(state, name, 1 /* class IN */, type.rawValue, &buffer, Int32(buffer.count))
        guard length > 0 else {
            switch state.pointee.res_h_errno {
            case HOST_NOT_FOUND: return .noSuchName
            case NO_DATA: return .noData
            default: return .failed("no answer (h_errno \(state.pointee.res_h_errno))")
            }
        }
        return parse(buffer, length: Int(length), type: type)
    }

    private func parse(_ buffer: [UInt8], length: Int, type: DNSRecordType) -> DNSAnswer {
        buffer.withUnsafeBufferPointer { pointer -> DNSAnswer in
            guard let base = pointer.baseAddress else { return .failed("empty answer") }
            var message = ns_msg()
            guard ns_initparse(base, Int32(length), &message) == 0 else { return .failed("malformed answer") }
            let count = Int(message._counts.1)  // the answer section
            var values: [String] = []
            for index in 0..<count {
                var record = ns_rr()
                guard ns_parserr(&message, ns_s_an, Int32(index), &record) == 0,
                    Int32(record.type) == type.rawValue, let data = record.rdata
                else { continue }
                let rdlength = Int(record.rdlength)
                switch type {
                case .a where rdlength == 4:
                    values.append((0..<4).map { String(data[$0]) }.joined(separator: "."))
                case .aaaa where rdlength == 16:
                    var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
                    inet_ntop(AF_INET6, data, &text, socklen_t(text.count))
                    values.append(String(filledCBuffer: text))
                case .mx where rdlength > 2:
                    let preference = Int(data[0]) << 8 | Int(data[1])
                    var name = [CChar](repeating: 0, count: 1025)
                    if ns_name_uncompress(message._msg, message._eom, data + 2, &name, name.count) >= 0 {
                        values.append("\(preference) \(String(filledCBuffer: name))")
                    }
                case .cname, .ptr:
                    var name = [CChar](repeating: 0, count: 1025)
                    if ns_name_uncompress(message._msg, message._eom, data, &name, name.count) >= 0 {
                        values.append(String(filledCBuffer: name))
                    }
                case .txt:
                    // One or more length-prefixed strings, joined as one value.
                    var bytes: [UInt8] = []
                    var offset = 0
                    while offset < rdlength {
                        let chunk = Int(data[offset])
                        offset += 1
                        guard offset + chunk <= rdlength else { break }
                        bytes += (0..<chunk).map { data[offset + $0] }
                        offset += chunk
                    }
                    values.append(String(decoding: bytes, as: UTF8.self))
                default:
                    continue
                }
            }
            return values.isEmpty ? .noData : .records(values)
        }
    }
}

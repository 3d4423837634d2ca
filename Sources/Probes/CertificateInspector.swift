import Foundation
import NIOSSL
import SwiftASN1
// A fixed validation time is this inspector's point: trust is judged inside the validity
// period so that expiry is reported on its own (see `inspect`).
@_spi(FixedExpiryValidationTime) import X509

/// What a server's certificate chain says, checked with swift-certificates: validity dates,
/// trust (the system's roots plus an optional CA file), and whether it names the host. Odoo up
/// to 18 does not verify certificates at all, but a mail client or Odoo 19 in strict mode does,
/// and an expired or self-signed certificate is worth knowing about either way.
struct CertificateReport: Sendable, Equatable {
    enum Problem: String, Sendable {
        case expired
        case notYetValid = "not-yet-valid"
        case untrusted
        case selfSigned = "self-signed"
        case hostnameMismatch = "hostname-mismatch"

        var arabic: String {
            switch self {
            case .expired: return "منتهية الصلاحية"
            case .notYetValid: return "لم تصبح صالحة بعد"
            case .untrusted: return "غير موثوقة"
            case .selfSigned: return "موقّعة ذاتياً"
            case .hostnameMismatch: return "صادرة لاسم خادم آخر"
            }
        }
    }

    var subject: String
    var issuer: String
    var notBefore: Date
    var notAfter: Date
    var names: [String]
    var problems: [Problem]

    /// The error kind the rules know for the worst problem.
    var errorKind: String? {
        if problems.contains(.expired) { return "certificate-expired" }
        if problems.contains(.notYetValid) { return "certificate-not-yet-valid" }
        if problems.contains(.selfSigned) || problems.contains(.untrusted) { return "certificate-untrusted" }
        if problems.contains(.hostnameMismatch) { return "certificate-hostname-mismatch" }
        return nil
    }

    var evidence: [String] {
        let format = ISO8601DateFormatter()
        return [
            "subject: \(subject)", "issuer: \(issuer)",
            "valid: \(format.string(from: notBefore)) .. \(format.string(from: notAfter))",
            "names: \(names.joined(separator: ", "))",
            "problems: \(problems.isEmpty ? "none" : problems.map(\.rawValue).joined(separator: ", "))",
        ]
    }
}

enum CertificateInspector {
    static let systemBundles = ["/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt"]

    static func roots(caFile: String?) -> [Certificate] {
        var certificates: [Certificate] = []
        for path in systemBundles + [caFile].compactMap({ $0 }) {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8),
                let documents = try? PEMDocument.parseMultiple(pemString: text)
            else { continue }
            certificates += documents.compactMap { try? Certificate(pemDocument: $0) }
        }
        return certificates
    }

    static func inspect(
        chain: [NIOSSLCertificate], host: String, caFile: String?,
        now: Date = Date()
    ) async -> CertificateReport? {
        let certificates = chain.compactMap { try? Certificate(derEncoded: $0.toDERBytes()) }
        guard let leaf = certificates.first else { return nil }
        var problems: [CertificateReport.Problem] = []
        if leaf.notValidAfter < now { problems.append(.expired) }
        if leaf.notValidBefore > now { problems.append(.notYetValid) }
        let store = CertificateStore(roots(caFile: caFile))
        let intermediates = CertificateStore(certificates.dropFirst())
        // Trust is judged at a moment inside the validity period, so an expired certificate
        // is reported as expired, not also as untrusted.
        let middle = leaf.notValidBefore.addingTimeInterval(
            leaf.notValidAfter.timeIntervalSince(leaf.notValidBefore) / 2)
        var trust = Verifier(rootCertificates: store) { RFC5280Policy(fixedExpiryValidationTime: middle) }
        if case .couldNotValidate = await trust.validate(leaf: leaf, intermediates: intermediates) {
            problems.append(leaf.issuer == leaf.subject ? .selfSigned : .untrusted)
        } else {
            let isAddress = TargetPolicy.isNumeric(host)
            var identity = Verifier(rootCertificates: store) {
                RFC5280Policy(fixedExpiryValidationTime: middle)
                ServerIdentityPolicy(serverHostname: isAddress ? nil : host, serverIP: isAddress ? host : nil)
            }
            if case .couldNotValidate = await identity.validate(leaf: leaf, intermediates: intermediates) {
                problems.append(.hostnameMismatch)
            }
        }
        var names: [String] = []
        if let sans = try? leaf.extensions.subjectAlternativeNames {
            for name in sans {
                switch name {
                case .dnsName(let dns): names.append(dns)
                case .ipAddress(let bytes): names.append(bytes.bytes.map(String.init).joined(separator: "."))
                default: break
                }
            }
        }
        return CertificateReport(
            subject: leaf.subject.description, issuer: leaf.issuer.description,
            notBefore: leaf.notValidBefore, notAfter: leaf.notValidAfter,
            names: names, problems: problems)
    }
}

extension TargetPolicy {
    static func isNumeric(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }

    /// Whether getaddrinfo reads `host` as a literal address in any of its spellings
    /// (`2130706433`, `0177.0.0.1`, `0x7f.1`), which inet_pton does not accept.
    static func parsesAsNumeric(_ host: String) -> Bool {
        var hints = addrinfo()
        hints.ai_flags = AI_NUMERICHOST
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0 else { return false }
        freeaddrinfo(result)
        return true
    }
}

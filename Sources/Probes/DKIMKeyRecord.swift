import Foundation
import SwiftASN1

/// A DKIM key record (RFC 6376 §3.6.1): `v=DKIM1` (optional, but first and exactly that when
/// present), `k=` (rsa by default; ed25519 from RFC 8463), and `p=`, the key in base64: empty
/// means revoked (§3.6.1), otherwise it must decode to a key whose size can be read.
struct DKIMKeyRecord: Sendable, Equatable {
    enum Status: Sendable, Equatable {
        /// A usable key: its type and size in bits.
        case key(type: String, bits: Int)
        /// `p=` is empty: the signer withdrew the key; signatures with it fail.
        case revoked
        /// Not a DKIM key record a verifier can use, and why.
        case invalid(String)
    }

    let status: Status
    /// Why it is invalid, in Arabic (the English is in `status`).
    private(set) var arabicReason: String?

    /// The smallest RSA key receivers accept: RFC 8301 §3.2 forbids verifying with less than
    /// 1024 bits and asks signers for at least 2048.
    static let minimumRSABits = 1024

    init(_ text: String) {
        var tags: [(String, String)] = []
        for spec in text.split(separator: ";") {
            let trimmed = spec.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { continue }
            guard let equals = trimmed.firstIndex(of: "=") else {
                (status, arabicReason) = (
                    .invalid("'\(trimmed)' is not a tag=value pair"), "'\(trimmed)' ليس زوج وسم=قيمة"
                )
                return
            }
            tags.append(
                (
                    trimmed[..<equals].trimmingCharacters(in: .whitespaces).lowercased(),
                    trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespacesAndNewlines)
                ))
        }
        if let index = tags.firstIndex(where: { $0.0 == "v" }) {
            // §3.6.1: "v=" must be the first tag, and DKIM1 is the only version there is.
            guard index == 0, tags[0].1 == "DKIM1" else {
                (status, arabicReason) =
                    index == 0
                    ? (.invalid("v=\(tags[0].1) is not v=DKIM1"), "v=\(tags[0].1) ليس v=DKIM1")
                    : (.invalid("v= is not the first tag"), "الوسم v= ليس الأول")
                return
            }
        }
        let keyType = (tags.first { $0.0 == "k" }?.1 ?? "rsa").lowercased()
        guard let key = tags.first(where: { $0.0 == "p" })?.1 else {
            (status, arabicReason) = (.invalid("there is no p= tag"), "لا يوجد وسم p=")
            return
        }
        let compact = key.filter { !$0.isWhitespace }
        guard !compact.isEmpty else {
            status = .revoked
            return
        }
        guard let data = Data(base64Encoded: compact) else {
            (status, arabicReason) = (.invalid("p= is not valid base64"), "قيمة p= ليست base64 صالحاً")
            return
        }
        switch keyType {
        case "rsa":
            guard let bits = Self.rsaBits(Array(data)) else {
                (status, arabicReason) = (
                    .invalid("p= does not hold an RSA public key"), "قيمة p= لا تحوي مفتاح RSA عاماً"
                )
                return
            }
            status = .key(type: "rsa", bits: bits)
        case "ed25519":
            // RFC 8463 §4.2: the raw 32-byte public key.
            guard data.count == 32 else {
                (status, arabicReason) = (
                    .invalid("an ed25519 key is 32 bytes, p= holds \(data.count)"),
                    "مفتاح ed25519 طوله 32 بايت وقيمة p= فيها \(data.count)"
                )
                return
            }
            status = .key(type: "ed25519", bits: 256)
        default:
            (status, arabicReason) = (
                .invalid("k=\(keyType) is not a key type verifiers know (rsa, ed25519)"),
                "k=\(keyType) ليس نوع مفتاح يعرفه المتحققون (rsa أو ed25519)"
            )
        }
    }

    /// The modulus size of an RSA key given as SubjectPublicKeyInfo (what everyone publishes)
    /// or as a bare RSAPublicKey (RFC 6376 §3.6.1's literal reading).
    static func rsaBits(_ der: [UInt8]) -> Int? {
        guard let node = try? DER.parse(der), case .constructed(let children) = node.content else { return nil }
        let items = Array(children)
        if items.count == 2, items[0].identifier == .sequence, items[1].identifier == .bitString,
            case .constructed(let algorithm) = items[0].content,
            let oid = Array(algorithm).first, oid.identifier == .objectIdentifier,
            case .primitive(let oidBytes) = oid.content,
            Array(oidBytes) == [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01],  // rsaEncryption
            case .primitive(let bits) = items[1].content, bits.first == 0
        {
            return rsaBits(Array(bits.dropFirst()))
        }
        guard items.count == 2, items[0].identifier == .integer, items[1].identifier == .integer,
            case .primitive(let modulus) = items[0].content
        else { return nil }
        let significant = modulus.drop { $0 == 0 }
        guard let first = significant.first else { return nil }
        return (significant.count - 1) * 8 + (8 - first.leadingZeroBitCount)
    }
}

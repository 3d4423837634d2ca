import Foundation
import KnowledgeBase

/// What a receiver decided about a message, read from its headers: who checked it, the SPF,
/// DKIM and DMARC verdicts and for which domains, whether they align with the From domain
/// (RFC 7489 §3.1, relaxed and strict), the address the message came from, the reverse DNS
/// the receiver saw, and whether it was filed as spam.
package struct HeaderAnalysis: Sendable {
    /// How the authenticated domains stand against the From domain (DMARC's question).
    package enum Alignment: String, Sendable {
        /// SPF or DKIM passed for a domain aligned with From.
        case aligned
        /// SPF or DKIM passed, but only for other domains (a provider's own).
        case misaligned
        /// Nothing passed for the From domain: its own checks failed or are missing.
        case failing
    }

    /// One authenticated identifier (SPF's envelope domain or a DKIM signing domain) and how
    /// it stands against the From domain.
    package struct Identifier: Sendable, Equatable {
        package var method: String
        package var result: String
        package var domain: String?
        /// DKIM's selector (`header.s`, else the signature's `s=`).
        package var selector: String?
        package var reason: String?
        /// Same organizational domain as From (relaxed, RFC 7489 §3.1.1 and §3.1.2).
        package var relaxed: Bool
        /// The very same domain as From (strict).
        package var strict: Bool
    }

    package var fromAddress: String?
    package var fromDomain: String?
    package var fromOrganizational: String?
    package var returnPathDomain: String?
    /// The receiver that checked the message, as its Authentication-Results name it.
    package var receiver: String?
    /// Which field the verdicts came from.
    package var verdictField: String?
    package var spf: Identifier?
    package var dkim: [Identifier] = []
    package var dmarc: String?
    /// `p=` as the receiver wrote it in the DMARC verdict's comment (`p=REJECT sp=NONE`).
    package var dmarcPolicy: String?
    package var iprev: String?
    package var signatures: [DKIMSignature] = []
    package var hops: [ReceivedHop] = []
    package var sendingIP: String?
    /// Where the sending address was read: `Received-SPF`, `Authentication-Results` or
    /// `Received`.
    package var sendingIPSource: String?
    /// An address the headers give that is no address at all (edited before pasting).
    package var invalidSendingIP: String?
    package var sendingHop: ReceivedHop?
    /// `confirmed`, `unconfirmed` or `missing` (the `ip.reverse-dns` fact).
    package var reverseDNS: String?
    /// The header that filed the message as spam, as `Name: value`.
    package var spamVerdict: String?
    package var alignment: Alignment?
    /// Aligned only when relaxed alignment is allowed (the From domain is a subdomain of the
    /// passing domain or the other way round): a record with adkim=s or aspf=s fails it.
    package var alignedOnlyRelaxed = false
    /// The message is quoted in a bounce: it did not arrive.
    package var isBounce = false
    /// Trace text from the sender's side of the chain (the hops before the receiver, the
    /// signing domains, the envelope sender), where the sending provider shows.
    package var senderSideText = ""

    /// Reads `block`; `suffixes` gives organizational domains.
    package init(_ block: HeaderBlock, text: String, suffixes: PublicSuffixList) {
        let organizational = { (name: String) in suffixes.organizationalDomain(name) ?? name }
        if let from = block.first("From")?.value {
            fromAddress = MailAddress.address(in: from)
            fromDomain = MailAddress.domain(of: from)
            fromOrganizational = fromDomain.map(organizational)
        }
        returnPathDomain = block.first("Return-Path").flatMap { MailAddress.domain(of: $0.value) }
        signatures = block.all("DKIM-Signature").map { DKIMSignature.parse($0.value) }
        hops = block.all("Received").map { ReceivedHop.parse($0.value) }
        let lowered = text.lowercased()
        isBounce = lowered.contains("diagnostic-code:") || lowered.contains("action: failed")

        let results = Self.receiverResults(block)
        receiver = results.authservID
        verdictField = results.field
        let receivedSPF = block.first("Received-SPF").flatMap { ReceivedSPF.parse($0.value) }

        // SPF: the receiver's Authentication-Results, else its Received-SPF.
        if let found = results.results.first(where: { $0.method == "spf" }) {
            let domain =
                found.properties["smtp.mailfrom"].flatMap { MailAddress.domain(of: $0) ?? Self.bareDomain($0) }
                ?? found.properties["smtp.helo"].map(MailAddress.normalisedDomain)
                ?? receivedSPF?.domain ?? returnPathDomain
            spf = identifier("spf", found.result, domain, reason: found.comment, organizational)
        } else if let receivedSPF {
            verdictField = verdictField ?? "Received-SPF"
            spf = identifier(
                "spf", receivedSPF.result, receivedSPF.domain ?? returnPathDomain, reason: receivedSPF.comment,
                organizational)
        }
        for found in results.results where found.method == "dkim" {
            let domain =
                found.properties["header.d"].map(MailAddress.normalisedDomain)
                ?? found.properties["header.i"].flatMap { MailAddress.domain(of: $0) ?? Self.bareDomain($0) }
            let selector =
                found.properties["header.s"]?.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "@"))
                ?? signatures.first { $0.domain != nil && $0.domain == domain }?.selector
            var id = identifier("dkim", found.result, domain, reason: found.reason ?? found.comment, organizational)
            id.selector = selector
            dkim.append(id)
        }
        if let found = results.results.first(where: { $0.method == "dmarc" }) {
            dmarc = found.result
            dmarcPolicy = found.comment.flatMap(Self.policy(in:)) ?? found.properties["policy.dmarc"]?.lowercased()
            // Without a From field (a few lines pasted), the receiver's header.from names it.
            if fromDomain == nil, let domain = found.properties["header.from"].flatMap(Self.bareDomain) {
                fromDomain = domain
                fromOrganizational = organizational(domain)
                spf = spf.map { rejudge($0, organizational) }
                dkim = dkim.map { rejudge($0, organizational) }
            }
        }
        iprev = results.results.first { $0.method == "iprev" }?.result

        findSendingAddress(block: block, results: results.results, receivedSPF: receivedSPF, organizational)
        findReverseDNS()
        spamVerdict = Self.spamVerdict(block)
        judgeAlignment()
    }

    /// The verdicts of the receiver: every Authentication-Results with the authserv-id of the
    /// newest one (RFC 8601 §5: the receiving ADMD's fields are at the top; one server may
    /// write several), else the newest ARC-Authentication-Results (RFC 8617), which carries
    /// the same verdicts.
    static func receiverResults(
        _ block: HeaderBlock
    ) -> (
        authservID: String?, field: String?, results: [AuthenticationResults.Result]
    ) {
        let fields = block.all("Authentication-Results").map { AuthenticationResults.parse($0.value) }
        if let newest = fields.first(where: { !$0.results.isEmpty }) {
            let same = fields.filter { $0.authservID == newest.authservID }
            return (newest.authservID, "Authentication-Results", same.flatMap(\.results))
        }
        let arc = block.all("ARC-Authentication-Results").map { AuthenticationResults.parse($0.value, arc: true) }
        if let newest = arc.max(by: { ($0.instance ?? 0) < ($1.instance ?? 0) }), !newest.results.isEmpty {
            return (newest.authservID, "ARC-Authentication-Results", newest.results)
        }
        return (nil, nil, [])
    }

    private func identifier(
        _ method: String, _ result: String, _ domain: String?, reason: String?,
        _ organizational: (String) -> String
    ) -> Identifier {
        let relaxed = domain != nil && fromOrganizational != nil && organizational(domain!) == fromOrganizational
        let strict = domain != nil && domain == fromDomain
        return Identifier(
            method: method, result: result, domain: domain, selector: nil, reason: reason, relaxed: relaxed,
            strict: strict)
    }

    private func rejudge(_ id: Identifier, _ organizational: (String) -> String) -> Identifier {
        var judged = identifier(id.method, id.result, id.domain, reason: id.reason, organizational)
        judged.selector = id.selector
        return judged
    }

    /// `header.i=@example.com` and `smtp.mailfrom=example.com` name a domain without a local
    /// part.
    static func bareDomain(_ value: String) -> String? {
        let domain = MailAddress.normalisedDomain(value)
        return domain.contains(".") && !domain.contains("@") ? domain : nil
    }

    /// `p=REJECT` in a DMARC verdict's comment, in lower case.
    static func policy(in comment: String) -> String? {
        for word in comment.split(whereSeparator: { $0 == " " || $0 == "," }) where word.lowercased().hasPrefix("p=") {
            return String(word.dropFirst(2)).lowercased()
        }
        return nil
    }

    /// The address the message came from: what the receiver itself says it checked
    /// (Received-SPF's client-ip, an address in the SPF verdict's comment such as Microsoft's
    /// "sender IP is ..."), else the first Received hop written by the receiver whose client
    /// is outside it.
    private mutating func findSendingAddress(
        block: HeaderBlock, results: [AuthenticationResults.Result], receivedSPF: ReceivedSPF?,
        _ organizational: (String) -> String
    ) {
        var stated: [(String, String)] = []
        if let client = receivedSPF?.keys["client-ip"] { stated.append((client, "Received-SPF")) }
        for result in results where result.method == "spf" || result.method == "iprev" {
            if let ip = result.properties["policy.iprev"] ?? result.properties["smtp.remote-ip"] {
                stated.append((ip, "Authentication-Results"))
            }
            for word in (result.comment ?? "").split(separator: " ") where IPText.parse(String(word)) != nil {
                stated.append((String(word), "Authentication-Results"))
            }
        }
        for (text, source) in stated {
            if let ip = IPText.parse(text) {
                sendingIP = ip
                sendingIPSource = source
                break
            } else if invalidSendingIP == nil {
                invalidSendingIP = text
            }
        }
        var receiverOrganizations = Set<String>()
        if let receiver, receiver.contains(".") { receiverOrganizations.insert(organizational(receiver)) }
        if let by = hops.first(where: { $0.by?.contains(".") == true })?.by {
            receiverOrganizations.insert(organizational(by))
        }
        var sendingIndex: Int?
        for (index, hop) in hops.enumerated() {
            guard let ip = hop.ip, !IPText.isInternal(ip) else { continue }
            if let sendingIP, ip != sendingIP { continue }
            let client = (hop.reverseName.flatMap { $0 == "unknown" ? nil : $0 } ?? hop.from).map(organizational)
            if sendingIP == nil, let client, receiverOrganizations.contains(client) { continue }
            sendingIndex = index
            break
        }
        if let sendingIndex {
            sendingHop = hops[sendingIndex]
            if sendingIP == nil {
                sendingIP = hops[sendingIndex].ip
                sendingIPSource = "Received"
            }
        } else if sendingIP == nil, invalidSendingIP == nil {
            // A hop whose address was edited by hand ("12.345.67.12") says so.
            for field in block.all("Received") where field.value.contains("[") {
                if let open = field.value.firstIndex(of: "["), let close = field.value[open...].firstIndex(of: "]") {
                    let inner = String(field.value[field.value.index(after: open)..<close])
                    if inner.contains("."), IPText.parse(inner) == nil { invalidSendingIP = inner }
                    break
                }
            }
        }
        // The sender's side: every hop below the receiver's, the signing domains, the envelope.
        let below = sendingIndex.map { Array(hops[$0...]) } ?? []
        var side = below.map { "\($0.from ?? "") \($0.reverseName ?? "") \($0.by ?? "")" }
        side += signatures.compactMap(\.domain).map { "d=\($0)" }
        if let returnPathDomain { side.append(returnPathDomain) }
        senderSideText = side.joined(separator: "\n")
    }

    /// The reverse DNS the receiver saw: its iprev verdict (RFC 8601 §2.7.3), else how its
    /// Received line names the client ("unknown" is Postfix's word for no verified name).
    private mutating func findReverseDNS() {
        switch iprev {
        case "pass": reverseDNS = "confirmed"
        case "fail", "permerror": reverseDNS = sendingHop?.noReverseName == true ? "missing" : "unconfirmed"
        default: if sendingHop?.noReverseName == true { reverseDNS = "missing" }
        }
    }

    /// A receiver's spam verdict in its own fields: SpamAssassin's X-Spam-Flag and
    /// X-Spam-Status, Rspamd's X-Spam and X-Rspamd-Action, Microsoft's spam confidence level
    /// (SCL 5 and above is junk) and its SFV:SPM filter verdict.
    static func spamVerdict(_ block: HeaderBlock) -> String? {
        for field in block.fields {
            let name = field.name.lowercased()
            let value = field.value.lowercased().trimmingCharacters(in: .whitespaces)
            let spam: Bool
            switch name {
            case "x-spam-flag", "x-spam": spam = value.hasPrefix("yes") || value == "true"
            case "x-spam-status": spam = value.hasPrefix("yes")
            case "x-rspamd-action": spam = ["add header", "rewrite subject", "reject"].contains(value)
            case "x-ms-exchange-organization-scl": spam = (Int(value) ?? -1) >= 5
            case "x-forefront-antispam-report":
                let scl = value.components(separatedBy: "scl:").dropFirst().first?.prefix { $0.isNumber }
                spam = value.contains("sfv:spm") || (scl.flatMap { Int($0) } ?? -1) >= 5
            default: spam = false
            }
            if spam { return "\(field.name): \(field.value.prefix(80))" }
        }
        return nil
    }

    /// RFC 7489 §4.2: DMARC passes when SPF or DKIM passes for an identifier aligned with
    /// the From domain.
    private mutating func judgeAlignment() {
        guard fromDomain != nil else { return }
        let identifiers = (spf.map { [$0] } ?? []) + dkim
        guard !identifiers.isEmpty else { return }
        let passing = identifiers.filter { $0.result == "pass" }
        let alignedPass = passing.filter(\.relaxed)
        if !alignedPass.isEmpty {
            alignedOnlyRelaxed = !alignedPass.contains(where: \.strict)
            // The receiver failed DMARC although a relaxed identifier passed: the domain's
            // record asks for strict alignment (adkim=s, aspf=s).
            alignment = alignedOnlyRelaxed && dmarc == "fail" ? .misaligned : .aligned
        } else if passing.isEmpty || identifiers.contains(where: \.relaxed) {
            alignment = .failing
        } else {
            alignment = .misaligned
        }
    }

    /// The DKIM verdict for the From domain's own signatures: pass when one passes, else the
    /// first one's result, `none` when no signature is aligned with From.
    package var alignedDKIMResult: String? {
        guard fromDomain != nil, verdictField?.hasSuffix("Authentication-Results") == true else { return nil }
        // Signed, yet the receiver wrote no DKIM verdict: what it found is unknown.
        if dkim.isEmpty && !signatures.isEmpty { return nil }
        let aligned = dkim.filter(\.relaxed)
        if aligned.contains(where: { $0.result == "pass" }) { return "pass" }
        return aligned.first?.result ?? "none"
    }
}

import Foundation
import KnowledgeBase

/// The reverse DNS of the sending address and its forward confirmation (FCrDNS): the PTR
/// record at the address's in-addr.arpa or ip6.arpa name, then the A or AAAA records of each
/// name it gives, which must include the address again. Receivers such as Gmail require it
/// (support.google.com/a/answer/81126); RFC 8601 §2.7.3 calls the check `iprev`.
package struct PTRProbe: Probe {
    package let name = ProbeName.ptr

    package init() {}

    package func applies(to context: ProbeContext) -> Bool { context.addressToCheck != nil }

    package func run(_ context: ProbeContext) async -> [ProbeOutcome] {
        guard let address = context.addressToCheck else { return [] }
        let clock = ContinuousClock()
        let start = clock.now
        let resolver = context.resolver
        let check = address.description
        if TargetPolicy.isPrivate(check) {
            return [
                ProbeOutcome(
                    probe: name, check: check, status: .unknown,
                    message: LocalizedText(
                        en: "\(check) is a private or loopback address: receivers never see it",
                        ar: "العنوان \(check) خاص أو محلي: لا تراه الخوادم المستقبِلة"))
            ]
        }
        let reverse = address.reverseName
        let answer = await resolver.records(reverse, .ptr)
        var evidence = ["PTR \(reverse) via \(resolver.name): \(answer)"]
        func outcome(_ status: ProbeOutcome.Status, _ message: LocalizedText, _ value: String?) -> [ProbeOutcome] {
            [
                ProbeOutcome(
                    probe: name, check: check, status: status, message: message,
                    facts: value.map { [ProbeFacts.ipReverseDNS: $0] } ?? [:], evidence: evidence,
                    seconds: (clock.now - start).seconds)
            ]
        }
        switch answer {
        case .failed(let why):
            return outcome(
                .unknown,
                LocalizedText(
                    en: "could not look up the PTR record of \(check): \(why)",
                    ar: "تعذّر الاستعلام عن سجل PTR للعنوان \(check): \(why)"), nil)
        case .noSuchName, .noData:
            return outcome(
                .problem,
                LocalizedText(
                    en: "\(check) has no PTR record: Gmail refuses such mail (550 5.7.25) and others score it as spam. "
                        + "Fix: ask whoever owns the address for a PTR record naming the server",
                    ar:
                        "العنوان \(check) ليس له سجل PTR: يرفض Gmail هذا البريد (550 5.7.25) ويرفع غيره درجة البريد العشوائي له. "
                        + "الحل: اطلب من مالك العنوان سجل PTR باسم الخادم"), "missing")
        case .records(let names):
            var confirmed: [String] = []
            for ptrName in names.prefix(10) {
                let type: DNSRecordType = address.isV4 ? .a : .aaaa
                let forward = await resolver.records(ptrName, type)
                evidence.append("\(address.isV4 ? "A" : "AAAA") \(ptrName): \(forward)")
                if forward.records.compactMap({ IPAddress($0) }).contains(address) { confirmed.append(ptrName) }
            }
            guard let name = confirmed.first else {
                return outcome(
                    .problem,
                    LocalizedText(
                        en: "the PTR name of \(check) (\(names.joined(separator: ", "))) does not resolve back to it: "
                            + "receivers treat it as no reverse DNS. Fix: give that name an A record for \(check), "
                            + "or point the PTR at a name that has one",
                        ar: "اسم PTR للعنوان \(check) (\(names.joined(separator: "، "))) لا يُحل عائداً إليه: تعامله "
                            + "الخوادم المستقبِلة كأنه بلا Reverse DNS. الحل: أنشئ لهذا الاسم سجل A يشير إلى \(check)، "
                            + "أو اجعل PTR يشير إلى اسم له سجل كهذا"), "unconfirmed")
            }
            let generic = Self.looksGeneric(name, address: address)
            return outcome(
                .ok,
                LocalizedText(
                    en: "\(check) has reverse DNS \(name), confirmed forward"
                        + (generic
                            ? " (a generic name built from the address; many receivers score such names as a "
                                + "home or dynamic connection: prefer mail.<your domain>)" : ""),
                    ar: "للعنوان \(check) اسم عكسي \(name) مؤكَّد بالاتجاه الأمامي"
                        + (generic
                            ? " (اسم عام مبني من العنوان؛ كثير من الخوادم تعامله كاتصال منزلي أو ديناميكي: "
                                + "الأفضل mail.<نطاقك>)" : "")), "confirmed")
        }
    }

    /// A name that spells the address out (`203-0-113-7.example.net`, `ip-203-0-113-7`):
    /// what hosting companies set by default.
    static func looksGeneric(_ name: String, address: IPAddress) -> Bool {
        guard address.isV4 else { return false }
        let octets = address.bytes.map(String.init)
        let forms = [
            octets.joined(separator: "-"), octets.reversed().joined(separator: "-"), octets.joined(separator: "."),
            octets.reversed().joined(separator: "."),
        ]
        let lowered = name.lowercased()
        return forms.contains { lowered.contains($0) }
    }
}

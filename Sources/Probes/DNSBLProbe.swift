import Foundation
import KnowledgeBase

/// Asks the DNS blocklists of rules/blocklists.yaml about the sending address (RFC 5782: the
/// address's octets reversed, or its nibbles for IPv6, under the list's zone; an A record in
/// 127.0.0.0/8 is a listing) and, for domain lists, about the sender's domain. An answer the
/// list gives to refuse the query (Spamhaus's 127.255.255.254 for a public resolver) is
/// reported as such and never counted as a listing.
package struct DNSBLProbe: Probe {
    package let name = ProbeName.dnsbl

    package init() {}

    package func applies(to context: ProbeContext) -> Bool {
        !context.blocklists.isEmpty && (context.addressToCheck != nil || context.senderDomain != nil)
    }

    /// What one list answered.
    enum Verdict: Sendable {
        case clean
        case listed([(code: String, meaning: LocalizedText?)])
        case refused([Blocklist.Answer])
        /// An answer outside 127.0.0.0/8: a resolver that rewrites "no such name" into an
        /// address of its own makes every list look like a listing.
        case bogus([String])
        case failed(String)
    }

    package func run(_ context: ProbeContext) async -> [ProbeOutcome] {
        let clock = ContinuousClock()
        let start = clock.now
        let resolver = context.resolver
        var queries: [(list: Blocklist, name: String, target: String)] = []
        if let address = context.addressToCheck {
            if TargetPolicy.isPrivate(address.description) {
                return [
                    ProbeOutcome(
                        probe: name, check: address.description, status: .unknown,
                        message: LocalizedText(
                            en: "\(address) is a private or loopback address: public blocklists do not list it",
                            ar: "العنوان \(address) خاص أو محلي: قوائم الحظر العامة لا تدرجه"))
                ]
            }
            let reversed = address.reverseName.replacingOccurrences(
                of: address.isV4 ? ".in-addr.arpa" : ".ip6.arpa", with: "")
            for list in context.blocklists where list.kind == .ip && (address.isV4 || list.ipv6) {
                queries.append((list, "\(reversed).\(list.zone)", address.description))
            }
        }
        if let domain = context.senderDomain {
            for list in context.blocklists where list.kind == .domain {
                queries.append((list, "\(domain).\(list.zone)", domain))
            }
        }
        let answers = await withTaskGroup(of: (Int, Verdict, [String]).self) { group in
            for (index, query) in queries.enumerated() {
                group.addTask { (index, await Self.ask(query.list, query.name, resolver: resolver), []) }
            }
            var found: [Int: Verdict] = [:]
            for await (index, verdict, _) in group { found[index] = verdict }
            return found
        }
        let seconds = (clock.now - start).seconds
        var outcomes: [ProbeOutcome] = []
        var anyListed = false
        var allAnswered = true
        for (index, query) in queries.enumerated() {
            let verdict = answers[index] ?? .failed("no answer")
            let evidence = ["A \(query.name) via \(resolver.name): \(Self.describe(verdict))"]
            let list = query.list
            switch verdict {
            case .clean:
                outcomes.append(
                    ProbeOutcome(
                        probe: name, check: list.id, status: .ok,
                        message: LocalizedText(
                            en: "\(query.target) is not on \(list.name)", ar: "\(query.target) غير مدرج في \(list.name)"
                        ),
                        evidence: evidence, seconds: seconds))
            case .listed(let codes):
                anyListed = true
                let en = codes.map { "\($0.code): \($0.meaning?.en ?? "a listing code the rules do not describe")" }
                let ar = codes.map { "\($0.code): \($0.meaning?.ar ?? "رمز إدراج لا تصفه القواعد")" }
                outcomes.append(
                    ProbeOutcome(
                        probe: name, check: list.id, status: .problem,
                        message: LocalizedText(
                            en: "\(query.target) is listed on \(list.name) (\(en.joined(separator: "; "))). Remove the "
                                + "cause first, then ask for removal at \(list.delist)",
                            ar: "\(query.target) مدرج في \(list.name) (\(ar.joined(separator: "؛ "))). أزل السبب أولاً، "
                                + "ثم اطلب الإزالة من \(list.delist)"),
                        evidence: evidence, seconds: seconds))
            case .refused(let refusals):
                allAnswered = false
                outcomes.append(
                    ProbeOutcome(
                        probe: name, check: list.id, status: .unknown,
                        message: LocalizedText(
                            en:
                                "\(list.name) refused the query (\(refusals.map { "\($0.code): \($0.meaning.en)" }.joined(separator: "; "))): "
                                + "this says nothing about \(query.target). Ask through your own resolver "
                                + "(--dns-server), not a public one",
                            ar:
                                "رفضت \(list.name) الاستعلام (\(refusals.map { "\($0.code): \($0.meaning.ar)" }.joined(separator: "؛ "))): "
                                + "وهذا لا يقول شيئاً عن \(query.target). استعلم عبر خادم DNS خاص بك (--dns-server) لا عبر خادم عام"
                        ),
                        evidence: evidence, seconds: seconds))
            case .bogus(let addresses):
                allAnswered = false
                outcomes.append(
                    ProbeOutcome(
                        probe: name, check: list.id, status: .unknown,
                        message: LocalizedText(
                            en: "\(list.name) answered \(addresses.joined(separator: ", ")), outside 127.0.0.0/8: the "
                                + "resolver rewrites missing names, so no blocklist answer can be trusted through it",
                            ar:
                                "أجابت \(list.name) بالعنوان \(addresses.joined(separator: "، "))، وهو خارج 127.0.0.0/8: خادم "
                                + "DNS يستبدل الأسماء غير الموجودة، فلا يوثق بأي جواب لقوائم الحظر عبره"),
                        evidence: evidence, seconds: seconds))
            case .failed(let why):
                allAnswered = false
                outcomes.append(
                    ProbeOutcome(
                        probe: name, check: list.id, status: .unknown,
                        message: LocalizedText(
                            en: "could not ask \(list.name): \(why)", ar: "تعذّر الاستعلام من \(list.name): \(why)"),
                        evidence: evidence, seconds: seconds))
            }
        }
        // A listing anywhere is a fact; "not listed" only when every list answered.
        if !outcomes.isEmpty {
            if anyListed {
                outcomes[outcomes.count - 1].facts[ProbeFacts.ipBlocklisted] = "yes"
            } else if allAnswered {
                outcomes[outcomes.count - 1].facts[ProbeFacts.ipBlocklisted] = "no"
            }
        }
        return outcomes
    }

    static func ask(_ list: Blocklist, _ name: String, resolver: any Resolver) async -> Verdict {
        switch await resolver.records(name, .a) {
        case .noSuchName, .noData: return .clean
        case .failed(let why): return .failed(why)
        case .records(let addresses):
            let refusals = list.refused.filter { addresses.contains($0.code) }
            if !refusals.isEmpty { return .refused(refusals) }
            let bogus = addresses.filter { !$0.hasPrefix("127.") }
            if !bogus.isEmpty { return .bogus(bogus) }
            return .listed(addresses.map { code in (code, list.listed.first { $0.code == code }?.meaning) })
        }
    }

    static func describe(_ verdict: Verdict) -> String {
        switch verdict {
        case .clean: return "no such name (not listed)"
        case .listed(let codes): return codes.map(\.code).joined(separator: ", ")
        case .refused(let answers): return answers.map(\.code).joined(separator: ", ") + " (refused)"
        case .bogus(let addresses): return addresses.joined(separator: ", ") + " (outside 127.0.0.0/8)"
        case .failed(let why): return "failed: \(why)"
        }
    }
}

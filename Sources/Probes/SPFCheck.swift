import Foundation

/// RFC 7208's check_host(): the verdict a receiver reaches for mail from `sender`, sent by
/// `address`, on the domain's published SPF record, with its answers from `resolver`.
///
/// Without an address the same evaluation runs for a client that no mechanism lists, which
/// is what the rest of the internet gets: it counts the lookups and void lookups a receiver
/// makes for it, finds the first error a receiver would stop at, and tells whether the
/// record passes anyone (`+all`, also through an include or a redirect).
final class SPFCheck {
    /// Why the evaluation ended in permerror or temperror, or what it noticed on the way.
    enum Problem: Sendable, Equatable {
        case noRecord(String)
        case multipleRecords(String, Int)
        case syntax(String, SPFRecord.SyntaxError)
        /// An include or redirect target without a usable SPF record (§5.2, §6.1).
        case targetWithoutRecord(term: String, domain: String)
        case loop(String)
        case lookupLimit(Int)
        case voidLimit(Int)
        /// More than 10 MX hosts, or an MX host with more than 10 addresses (§4.6.4).
        case mxLimit(String)
        case dnsFailure(String, String)
        case invalidDomain(String)
    }

    struct Outcome: Sendable {
        var result: SPFResult
        /// The expanded `exp=` text of a fail, when there is one (§6.2).
        var explanation: String?
        var record: String?
        var recordCount: Int
        var lookups: Int
        var voidLookups: Int
        /// Every include and redirect target evaluated, lower-cased, without a trailing dot.
        var targets: [String]
        /// Targets that depend on the client's address and could not be named without one.
        var unnamedTargets: [String]
        /// The problem that ended the evaluation (or, without an address, the first limit hit).
        var problem: Problem?
        /// The terms that led to a `+all` that decided the result, e.g. ["redirect=open.example"].
        var passAllVia: [String]?
    }

    static let lookupLimit = 10
    static let voidLimit = 2
    /// Without an address the walk goes on past the limits to report the full count, but no
    /// further than this: a hostile tree must not cost more than a few dozen lookups.
    static let reportingLimit = 40

    let resolver: any Resolver
    let address: IPAddress?
    let sender: String
    let helo: String
    let receiver: String

    private var lookups = 0
    private var voids = 0
    private var targets: [String] = []
    private var unnamed: [String] = []
    private var limitProblem: Problem?
    private var chain: [String] = []
    private var passAllVia: [String]?

    /// - Parameters:
    ///   - address: the client; nil to evaluate for a client the record does not list.
    ///   - sender: the MAIL FROM address (`postmaster@domain` when the check is of HELO).
    init(resolver: any Resolver, address: IPAddress?, sender: String, helo: String, receiver: String = "unknown") {
        self.resolver = resolver
        self.address = address
        self.sender = sender
        self.helo = helo
        self.receiver = receiver
    }

    private enum Stop: Error {
        case result(SPFResult, Problem?)
    }

    /// check_host(address, domain, sender).
    func run(domain: String) async -> Outcome {
        let name = Self.normalised(domain)
        var outcome = Outcome(
            result: .none, recordCount: 0, lookups: 0, voidLookups: 0, targets: [], unnamedTargets: [])
        guard Self.isValidDomain(name) else {
            outcome.problem = .invalidDomain(domain)
            return finish(outcome)
        }
        chainDomains = [name]
        let answer = await resolver.records(name, .txt)
        let records = answer.records.filter(SPFRecord.isSPF)
        outcome.record = records.first
        outcome.recordCount = records.count
        do {
            let (result, explanation) = try await evaluate(domain: name, records: records, answer: answer)
            outcome.result = result
            outcome.explanation = explanation
            if result == .none { outcome.problem = .noRecord(name) }
        } catch {
            if case .result(let result, let problem) = error {
                outcome.result = result
                outcome.problem = problem
            }
        }
        if let limitProblem, outcome.problem == nil || address == nil {
            outcome.result = .permerror
            outcome.problem = limitProblem
        }
        return finish(outcome)
    }

    private func finish(_ outcome: Outcome) -> Outcome {
        var outcome = outcome
        outcome.lookups = lookups
        outcome.voidLookups = voids
        outcome.targets = targets
        outcome.unnamedTargets = unnamed
        if outcome.result == .pass { outcome.passAllVia = passAllVia }
        // Without an address the walk went on past a limit: report the whole count.
        switch outcome.problem {
        case .lookupLimit: outcome.problem = .lookupLimit(lookups)
        case .voidLimit: outcome.problem = .voidLimit(voids)
        default: break
        }
        return outcome
    }

    /// One record's evaluation (§4.4 to §4.7); `records` are the SPF records at `domain`.
    private func evaluate(
        domain: String, records: [String], answer: DNSAnswer
    ) async throws(Stop) -> (SPFResult, String?) {
        if case .failed(let why) = answer { throw .result(.temperror, .dnsFailure(domain, why)) }
        guard !records.isEmpty else { return (.none, nil) }
        guard records.count == 1 else { throw .result(.permerror, .multipleRecords(domain, records.count)) }
        let record: SPFRecord
        do { record = try SPFRecord(records[0]) } catch {
            throw .result(.permerror, .syntax(domain, error))
        }
        for directive in record.directives {
            if try await matches(directive, domain: domain) {
                let result = directive.qualifier.result
                if case .all = directive.mechanism, result == .pass, passAllVia == nil { passAllVia = chain }
                if result == .fail, let exp = record.explanation {
                    return (result, await explanation(exp, domain: domain))
                }
                return (result, nil)
            }
        }
        guard let redirect = record.redirect else { return (.neutral, nil) }
        // §6.1: redirect is a new check_host() on the target; the target's exp= applies.
        try count(lookup: true)
        guard let target = await name(redirect, domain: domain, term: "redirect=\(redirect.text)") else {
            return (.neutral, nil)
        }
        let (result, explanation) = try await recurse(term: "redirect=\(redirect.text)", target: target)
        if result == .none {
            throw .result(.permerror, .targetWithoutRecord(term: "redirect=\(redirect.text)", domain: target))
        }
        return (result, explanation)
    }

    /// The nested check_host() of an include or a redirect.
    private func recurse(term: String, target: String) async throws(Stop) -> (SPFResult, String?) {
        // A target already on the way here is a loop: RFC 7208 lets the lookup limit end it,
        // but naming it tells the administrator what to fix.
        if chainDomains.contains(target) { throw .result(.permerror, .loop(target)) }
        targets.append(target)
        guard Self.isValidDomain(target) else {
            throw .result(.permerror, .targetWithoutRecord(term: term, domain: target))
        }
        chain.append(term.lowercased())
        chainDomains.append(target)
        defer {
            chain.removeLast()
            chainDomains.removeLast()
        }
        let answer = await resolver.records(target, .txt)
        if answer.isVoid { try countVoid() }
        return try await evaluate(domain: target, records: answer.records.filter(SPFRecord.isSPF), answer: answer)
    }

    private var chainDomains: [String] = []

    /// Whether one directive matches the client (§5).
    private func matches(_ directive: SPFRecord.Directive, domain: String) async throws(Stop) -> Bool {
        let mechanism = directive.mechanism
        try count(lookup: mechanism.looksUp)
        switch mechanism {
        case .all:
            return true
        case .ip4(let network, let prefix), .ip6(let network, let prefix):
            return address?.matches(network, prefix: prefix) ?? false
        case .include(let spec):
            let term = "include:\(spec.text)"
            guard let target = await name(spec, domain: domain, term: term) else { return false }
            let (result, _) = try await recurse(term: term, target: target)
            switch result {
            case .pass: return true
            case .fail, .softfail, .neutral: return false
            case .temperror: throw .result(.temperror, nil)
            case .permerror: throw .result(.permerror, nil)
            case .none: throw .result(.permerror, .targetWithoutRecord(term: term, domain: target))
            }
        case .a(let spec, let v4, let v6):
            let target = try await optionalName(spec, domain: domain, term: "a")
            guard let target, Self.isQueryable(target) else { return false }
            let found = try await addresses(target, useV6: address.map { !$0.isV4 } ?? false)
            guard let address else { return false }
            return found.contains { address.matches($0, prefix: address.isV4 ? v4 : v6) }
        case .mx(let spec, let v4, let v6):
            let target = try await optionalName(spec, domain: domain, term: "mx")
            guard let target, Self.isQueryable(target) else { return false }
            let answer = await resolver.records(target, .mx)
            if case .failed(let why) = answer { throw .result(.temperror, .dnsFailure(target, why)) }
            if answer.isVoid {
                try countVoid()
                return false
            }
            let hosts = answer.records.compactMap { $0.split(separator: " ").last.map(String.init) }
            guard hosts.count <= 10 else { throw .result(.permerror, .mxLimit(target)) }
            // Without an address the hosts' addresses decide nothing; a receiver looks them
            // up only to compare, so no lookups are counted for them here either.
            guard let address else { return false }
            for host in hosts {
                let found = try await addresses(Self.normalised(host), useV6: !address.isV4, countsVoid: false)
                if found.contains(where: { address.matches($0, prefix: address.isV4 ? v4 : v6) }) { return true }
            }
            return false
        case .ptr(let spec):
            let target = try await optionalName(spec, domain: domain, term: "ptr")
            guard let target, let address else { return false }
            // §5.5: DNS errors here make the mechanism not match; they are not temperror.
            let names = await validatedNames(address)
            return names.contains { $0 == target || $0.hasSuffix("." + target) }
        case .exists(let spec):
            guard let target = await name(spec, domain: domain, term: "exists:\(spec.text)"), Self.isQueryable(target)
            else { return false }
            let answer = await resolver.records(target, .a)
            if case .failed(let why) = answer { throw .result(.temperror, .dnsFailure(target, why)) }
            if answer.isVoid {
                try countVoid()
                return false
            }
            return true
        }
    }

    /// A mechanism's target: its domain-spec expanded, or the current domain.
    private func optionalName(_ spec: SPFMacro?, domain: String, term: String) async throws(Stop) -> String? {
        guard let spec else { return domain }
        return await name(spec, domain: domain, term: "\(term):\(spec.text)")
    }

    /// A domain-spec expanded to a name, or nil when it needs the client's address and there is
    /// none (the term is then recorded as unnamed, never as "missing").
    private func name(_ spec: SPFMacro, domain: String, term: String) async -> String? {
        if spec.needsAddress && address == nil {
            unnamed.append(term)
            return nil
        }
        let values = macroValues(domain: domain)
        return Self.normalised(SPFMacro.domainName(await spec.expand(values)))
    }

    private func macroValues(domain: String) -> SPFMacro.Values {
        let resolver = resolver
        let address = address
        return SPFMacro.Values(
            sender: sender, domain: domain, address: address, helo: helo, receiver: receiver,
            validatedName: {
                guard let address else { return "unknown" }
                let names = await Self.validatedNames(address, resolver: resolver)
                // §7.3: prefer a name in the current domain, else any validated name.
                return names.first { $0 == domain || $0.hasSuffix("." + domain) } ?? names.first ?? "unknown"
            })
    }

    /// A or AAAA records of `name` for an a or mx mechanism: an error is temperror, no record
    /// a void lookup.
    private func addresses(_ name: String, useV6: Bool, countsVoid: Bool = true) async throws(Stop) -> [IPAddress] {
        let answer = await resolver.records(name, useV6 ? .aaaa : .a)
        if case .failed(let why) = answer { throw .result(.temperror, .dnsFailure(name, why)) }
        if answer.isVoid {
            if countsVoid { try countVoid() }
            return []
        }
        return answer.records.compactMap(IPAddress.init)
    }

    private func validatedNames(_ address: IPAddress) async -> [String] {
        await Self.validatedNames(address, resolver: resolver)
    }

    /// §5.5: the PTR names of `address` (10 at most) whose own A or AAAA records include it.
    static func validatedNames(_ address: IPAddress, resolver: any Resolver) async -> [String] {
        let answer = await resolver.records(address.reverseName, .ptr)
        var validated: [String] = []
        for name in answer.records.prefix(10) {
            let lowered = normalised(name)
            let forward = await resolver.records(lowered, address.isV4 ? .a : .aaaa)
            if forward.records.compactMap(IPAddress.init).contains(address) { validated.append(lowered) }
        }
        return validated
    }

    /// Counts a term against the limit of 10 DNS-querying terms (§4.6.4).
    private func count(lookup: Bool) throws(Stop) {
        guard lookup else { return }
        lookups += 1
        if lookups > Self.lookupLimit {
            if address != nil { throw .result(.permerror, .lookupLimit(lookups)) }
            if limitProblem == nil { limitProblem = .lookupLimit(lookups) }
            if lookups > Self.reportingLimit { throw .result(.permerror, limitProblem) }
        }
    }

    /// Counts a lookup that found no such name or no records against the limit of 2.
    private func countVoid() throws(Stop) {
        voids += 1
        if voids > Self.voidLimit {
            if address != nil { throw .result(.permerror, .voidLimit(voids)) }
            if limitProblem == nil { limitProblem = .voidLimit(voids) }
        }
    }

    /// The explanation of a fail (§6.2): the target's one TXT record, expanded; any problem
    /// means no explanation, never a different result.
    private func explanation(_ spec: SPFMacro, domain: String) async -> String? {
        guard address != nil else { return nil }
        let target = Self.normalised(SPFMacro.domainName(await spec.expand(macroValues(domain: domain))))
        guard Self.isValidDomain(target) else { return nil }
        let answer = await resolver.records(target, .txt)
        guard answer.records.count == 1, let text = answer.records.first,
            let macro = try? SPFMacro(text, explanation: true)
        else { return nil }
        return await macro.expand(macroValues(domain: domain))
    }

    /// Lower case, one trailing dot dropped: `_spf.google.com.` and `_spf.google.com` are the
    /// same name.
    static func normalised(_ name: String) -> String {
        let lowered = name.lowercased()
        return lowered.hasSuffix(".") ? String(lowered.dropLast()) : lowered
    }

    /// Whether a DNS query can be made for a mechanism's target: an expansion can make an empty
    /// or an over-long label, which RFC 7208 leaves undefined; like the suite's preferred
    /// result, such a name is treated as one that does not exist (no match, not temperror).
    static func isQueryable(_ name: String) -> Bool {
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        return name.utf8.count <= 253 && labels.allSatisfy { !$0.isEmpty && $0.utf8.count <= 63 }
    }

    /// §4.3: a multi-label name, no empty label, labels of at most 63 and a name of at most
    /// 253 octets; anything else (a domain literal, a bare host name) gives "none".
    static func isValidDomain(_ name: String) -> Bool {
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, name.utf8.count <= 253 else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && !label.hasPrefix("[") && !label.hasSuffix("]")
        }
    }
}

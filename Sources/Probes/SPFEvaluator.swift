import Foundation

/// The DNS probe's view of a domain's SPF: check_host() (`SPFCheck`) for a client the record
/// does not list, which validates the whole include tree as a receiver walks it (syntax,
/// the 10-lookup and 2-void limits, loops, targets without a record, DNS failures, `+all`
/// wherever it takes effect); check_host() for a given client address; and whether the
/// provider's include is reached, by name and, when a macro hides the name, by one of the
/// provider's own sending addresses.
struct SPFEvaluator {
    struct Result: Sendable {
        /// The evaluation for a client the record does not list.
        var walk: SPFCheck.Outcome
        /// The verdict for the given client address.
        var client: (address: String, result: SPFResult)?
        /// nil when it could not be decided (no provider, or names that need an address).
        var includesProvider: Bool?
        var providerInclude: String?

        var record: String? { walk.record }
        var recordCount: Int { walk.recordCount }
        var lookups: Int { walk.lookups }
        var voidLookups: Int { walk.voidLookups }
        var plusAll: Bool { walk.passAllVia != nil }

        static let lookupLimit = SPFCheck.lookupLimit
        static let voidLimit = SPFCheck.voidLimit

        var ok: Bool {
            ![.none, .permerror, .temperror].contains(walk.result) && !plusAll && includesProvider != false
                && (client.map { $0.result == .pass } ?? true)
        }
    }

    let resolver: any Resolver

    func evaluate(domain: String, providerInclude: String?, clientAddress: String? = nil) async -> Result {
        let sender = "postmaster@\(domain)"
        let include = providerInclude.map(SPFCheck.normalised)
        let evaluator = SPFEvaluator(resolver: CachingResolver(resolver))
        return await evaluator.evaluate(sender: sender, domain: domain, include: include, clientAddress: clientAddress)
    }

    private func evaluate(sender: String, domain: String, include: String?, clientAddress: String?) async -> Result {
        // The walk, the client's verdict and the verdict for one of the provider's own
        // addresses are independent: run at once, the check costs the longest, not the sum.
        async let walking = SPFCheck(resolver: resolver, address: nil, sender: sender, helo: domain).run(domain: domain)
        async let clientVerdict = verdict(for: clientAddress.flatMap(IPAddress.init), domain: domain)
        async let providerVerdict = providerAddressVerdict(include, domain: domain)
        let walk = await walking
        var result = Result(walk: walk, providerInclude: include)
        if let text = clientAddress, let verdict = await clientVerdict { result.client = (text, verdict) }
        let sampled = await providerVerdict
        guard let include else { return result }
        if walk.targets.contains(include) || Self.names(include, in: walk.record) {
            result.includesProvider = true
        } else if let verdict = sampled {
            // The provider sends from that address: if the domain passes it, the provider is
            // authorised however the record spells it (a macro, a nested include, its ranges).
            if verdict == .pass {
                result.includesProvider = true
            } else if [.fail, .softfail, .neutral].contains(verdict) && walk.unnamedTargets.isEmpty {
                result.includesProvider = false
            }
        } else if walk.unnamedTargets.isEmpty && ![.permerror, .temperror].contains(walk.result) {
            result.includesProvider = false
        }
        return result
    }

    /// check_host() for `address`, nil without one.
    func verdict(for address: IPAddress?, domain: String) async -> SPFResult? {
        guard let address else { return nil }
        let check = SPFCheck(resolver: resolver, address: address, sender: "postmaster@\(domain)", helo: domain)
        return await check.run(domain: domain).result
    }

    /// check_host() for the first address the provider's own record lists.
    func providerAddressVerdict(_ include: String?, domain: String) async -> SPFResult? {
        guard let include, let sample = await sampleAddress(of: include) else { return nil }
        return await verdict(for: sample, domain: domain)
    }

    /// Whether the record names `include` literally (trailing dot and case aside): an error
    /// later in the walk must not make a present include look missing.
    static func names(_ include: String, in record: String?) -> Bool {
        guard let record else { return false }
        return record.split(separator: " ").contains { term in
            var body = term.lowercased()
            if let first = body.first, "+-~?".contains(first) { body.removeFirst() }
            guard body.hasPrefix("include:") else { return false }
            return SPFCheck.normalised(String(body.dropFirst("include:".count))) == include
        }
    }

    /// The first ip4 or ip6 network of the provider's SPF tree (three levels deep at most).
    func sampleAddress(of domain: String, depth: Int = 0) async -> IPAddress? {
        guard depth < 3, let text = await resolver.records(domain, .txt).records.first(where: SPFRecord.isSPF),
            let record = try? SPFRecord(text)
        else { return nil }
        for directive in record.directives where directive.qualifier == .pass {
            switch directive.mechanism {
            case .ip4(let network, _), .ip6(let network, _): return network
            default: continue
            }
        }
        for directive in record.directives where directive.qualifier == .pass {
            if case .include(let spec) = directive.mechanism, !spec.needsAddress,
                let found = await sampleAddress(of: SPFCheck.normalised(spec.text), depth: depth + 1)
            {
                return found
            }
        }
        return nil
    }
}

/// One SPF evaluation's memory of DNS answers: the walk for an unlisted client, the verdict
/// for a given client and the one for a provider's address ask mostly the same names, and a
/// record that includes one name four times asks it four times. A receiver's resolver caches
/// them too; the lookup limits count terms, not packets, so the counts do not change. Lives
/// for one evaluation, so nothing stale is ever served. Identical questions asked at once
/// share one query.
actor CachingResolver: Resolver {
    private let base: any Resolver
    private var answers: [String: Task<DNSAnswer, Never>] = [:]

    nonisolated let name: String

    init(_ base: any Resolver) {
        self.base = base
        name = base.name
    }

    func records(_ name: String, _ type: DNSRecordType) async -> DNSAnswer {
        let key = "\(type.rawValue) \(name.lowercased())"
        if let known = answers[key] { return await known.value }
        let base = base
        let task = Task { await base.records(name, type) }
        answers[key] = task
        return await task.value
    }

    nonisolated func addresses(_ host: String) async -> AddressAnswer { await base.addresses(host) }
}

import Foundation

/// Evaluates a domain's SPF policy the way receivers do (RFC 7208): exactly one `v=spf1`
/// record, at most 10 terms that cause DNS lookups (include, a, mx, ptr, exists, redirect)
/// across the whole include tree, at most 2 void lookups, and whether the provider's include
/// (e.g. `_spf.google.com`) is reachable from it. `+all` authorises the whole internet.
struct SPFEvaluator {
    struct Result: Sendable, Equatable {
        var record: String?
        var recordCount: Int
        var lookups: Int
        var voidLookups: Int
        var includes: [String]
        var plusAll: Bool
        var includesProvider: Bool?
        var problems: [String]

        static let lookupLimit = 10
        static let voidLimit = 2

        var ok: Bool {
            recordCount == 1 && lookups <= Self.lookupLimit && voidLookups <= Self.voidLimit
                && !plusAll && includesProvider != false
        }
    }

    let resolver: any Resolver

    func evaluate(domain: String, providerInclude: String?) async -> Result {
        let answer = await resolver.records(domain, .txt)
        let records = answer.records.filter { $0.lowercased().hasPrefix("v=spf1") }
        var result = Result(
            record: records.first, recordCount: records.count, lookups: 0,
            voidLookups: 0, includes: [], plusAll: false, includesProvider: nil,
            problems: [])
        if case .failed(let why) = answer { result.problems.append("the TXT lookup failed: \(why)") }
        guard records.count == 1, let record = records.first else {
            if records.count > 1 { result.problems.append("\(records.count) SPF records (there must be one)") }
            if records.isEmpty { result.problems.append("no SPF record") }
            return result
        }
        var visited: Set<String> = [domain.lowercased()]
        await walk(record, result: &result, visited: &visited, depth: 0)
        if let include = providerInclude?.lowercased() {
            result.includesProvider = result.includes.contains(include)
            if result.includesProvider == false {
                result.problems.append("does not include \(include)")
            }
        }
        if result.lookups > Result.lookupLimit {
            result.problems.append("\(result.lookups) DNS lookups (the limit is \(Result.lookupLimit))")
        }
        if result.voidLookups > Result.voidLimit {
            result.problems.append("\(result.voidLookups) void lookups (the limit is \(Result.voidLimit))")
        }
        if result.plusAll { result.problems.append("+all lets anyone send as this domain") }
        return result
    }

    /// Counts the lookups of one record and follows its includes and redirect.
    private func walk(
        _ record: String, result: inout Result, visited: inout Set<String>,
        depth: Int
    ) async {
        // Beyond the limit the answer is already "too many"; stop walking a hostile tree.
        guard depth < 12, result.lookups <= Result.lookupLimit + 5 else { return }
        for term in record.split(separator: " ").dropFirst() {
            var body = term.lowercased()
            let qualifier = body.first.flatMap { "+-~?".contains($0) ? $0 : nil }
            if qualifier != nil { body.removeFirst() }
            if body == "all" {
                // Only the domain's own record decides; "all" without a qualifier means "+all".
                if depth == 0 && (qualifier == nil || qualifier == "+") { result.plusAll = true }
                continue
            }
            let name: String?
            if body.hasPrefix("include:") {
                name = String(body.dropFirst("include:".count))
            } else if body.hasPrefix("redirect=") {
                name = String(body.dropFirst("redirect=".count))
            } else {
                if body == "a" || body.hasPrefix("a:") || body.hasPrefix("a/") || body == "mx"
                    || body.hasPrefix("mx:") || body.hasPrefix("mx/") || body.hasPrefix("ptr")
                    || body.hasPrefix("exists:")
                {
                    result.lookups += 1
                }
                continue
            }
            guard let target = name, !target.isEmpty else { continue }
            result.lookups += 1
            result.includes.append(target)
            guard visited.insert(target).inserted else { continue }
            let answer = await resolver.records(target, .txt)
            if answer.isVoid {
                result.voidLookups += 1
                continue
            }
            if let included = answer.records.first(where: { $0.lowercased().hasPrefix("v=spf1") }) {
                await walk(included, result: &result, visited: &visited, depth: depth + 1)
            } else {
                result.voidLookups += 1
            }
        }
    }
}

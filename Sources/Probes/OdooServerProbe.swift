import Foundation
import KnowledgeBase

/// Asks the running Odoo through its JSON endpoints (`OdooClient`): its version (no login
/// needed) and, with a database, login and API key, the outgoing mail servers, the failed
/// emails (whose `failure_reason` goes through the signatures) and the queue's scheduled action.
package struct OdooServerProbe: Probe {
    package let name = ProbeName.odooServer

    package init() {}

    package func applies(to context: ProbeContext) -> Bool { context.odooURL != nil }

    package func run(_ context: ProbeContext) async -> [ProbeOutcome] {
        guard let text = context.odooURL, let url = URL(string: text), let host = url.host else { return [] }
        if let refusal = await context.refusal(for: host) {
            return [.notProbed(name, check: "version", refusal: refusal)]
        }
        let client = OdooClient(base: url, timeouts: context.timeouts, caFile: context.caFile)
        let clock = ContinuousClock()
        let start = clock.now
        var outcomes: [ProbeOutcome] = []
        let major: Int
        do {
            let version = try await client.version()
            let serie = version["server_serie"]?.string ?? version["server_version"]?.string ?? "?"
            major = version["server_version_info"]?.array?.first?.int ?? Self.major(of: serie)
            outcomes.append(
                ProbeOutcome(
                    probe: name, check: "version", status: .ok,
                    message: LocalizedText(
                        en: "Odoo \(serie) answers at \(text)",
                        ar: "يستجيب Odoo \(serie) على \(text)"),
                    facts: [ProbeFacts.odooVersion: serie],
                    evidence: ["version: \(version)"]))
        } catch {
            outcomes.append(
                ProbeOutcome(
                    probe: name, check: "version", status: .unknown,
                    message: LocalizedText(
                        en: "could not read Odoo's version: \(error)",
                        ar: "تعذّرت قراءة إصدار Odoo: \(error)")))
            return stamp(outcomes, start: start, clock: clock)
        }
        guard let database = context.odooDatabase, let login = context.odooLogin, let key = context.odooKey else {
            return stamp(outcomes, start: start, clock: clock)
        }
        do {
            let session: OdooSession
            if major >= 19 {
                // The JSON-2 API: the API key is the login; its user is the key's owner.
                session = OdooSession(client: client, database: database, key: key, uid: nil)
            } else {
                let uid = try await client.jsonRPC(
                    service: "common", method: "authenticate",
                    args: [database, login, key.reveal(), [String: Any]()])
                guard let id = uid.int else {
                    outcomes.append(refusedLogin(login, database))
                    return stamp(outcomes, start: start, clock: clock)
                }
                session = OdooSession(client: client, database: database, key: key, uid: id)
            }
            outcomes += try await mailServers(session)
            outcomes += try await failedMails(session)
            outcomes += (try? await queue(session)) ?? []
        } catch OdooClient.Failure.status(401, _) {
            outcomes.append(refusedLogin(login, database))
        } catch {
            outcomes.append(
                ProbeOutcome(
                    probe: name, check: "records", status: .unknown,
                    message: LocalizedText(
                        en: "could not read Odoo's mail records: \(key.mask("\(error)"))",
                        ar: "تعذّرت قراءة سجلات البريد في Odoo: \(key.mask("\(error)"))")))
        }
        return stamp(outcomes, start: start, clock: clock)
    }

    func refusedLogin(_ login: String, _ database: String) -> ProbeOutcome {
        ProbeOutcome(
            probe: name, check: "login", status: .problem,
            message: LocalizedText(
                en: "Odoo refused the login \(login) on \(database)",
                ar: "رفض Odoo تسجيل الدخول \(login) على \(database)"))
    }

    /// 17 from "17.0", 19 from "saas~19.2".
    static func major(of serie: String) -> Int {
        Int(serie.split(separator: "~").last?.split(separator: ".").first ?? "") ?? 0
    }

    func stamp(_ outcomes: [ProbeOutcome], start: ContinuousClock.Instant, clock: ContinuousClock) -> [ProbeOutcome] {
        let seconds = (clock.now - start).seconds
        return outcomes.map {
            var outcome = $0
            outcome.seconds = seconds
            return outcome
        }
    }

    /// A logged-in conversation: through `/jsonrpc` with the user id, or through JSON-2.
    struct OdooSession {
        let client: OdooClient
        let database: String
        let key: Secret
        /// The user id for `/jsonrpc`; nil for JSON-2.
        let uid: Int?

        func call(
            _ model: String, _ method: String, args: [Any], keywords: [String: Any],
            named: [String: Any]
        ) async throws -> OdooValue {
            if let uid {
                return try await client.jsonRPC(
                    service: "object", method: "execute_kw",
                    args: [database, uid, key.reveal(), model, method, args, keywords])
            }
            return try await client.json2(model: model, method: method, arguments: named, database: database, key: key)
        }

        func searchRead(_ model: String, domain: [Any], fields: [String]) async throws -> [OdooValue] {
            // Ask only for fields this version has: a missing field makes Odoo raise.
            let known = try await call(
                model, "fields_get", args: [], keywords: ["attributes": ["type"]],
                named: ["attributes": ["type"]])
            let present = fields.filter { known[$0] != nil }
            let records = try await call(
                model, "search_read", args: [domain],
                keywords: ["fields": present, "limit": 20],
                named: ["domain": domain, "fields": present, "limit": 20])
            return records.array ?? []
        }
    }

    func mailServers(_ session: OdooSession) async throws -> [ProbeOutcome] {
        let servers = try await session.searchRead(
            "ir.mail_server", domain: [],
            fields: [
                "name", "smtp_host", "smtp_port", "smtp_encryption", "smtp_user", "from_filter",
                "smtp_authentication", "active", "sequence",
            ])
        guard let first = servers.first else {
            return [
                ProbeOutcome(
                    probe: name, check: "mail-servers", status: .problem,
                    message: LocalizedText(
                        en: "no outgoing mail server is configured (Odoo falls back to localhost:25)",
                        ar: "لا يوجد خادم بريد صادر مضبوط (يلجأ Odoo إلى localhost:25)"),
                    facts: [ProbeFacts.odooMailServerConfigured: "no"])
            ]
        }
        var facts = [ProbeFacts.odooMailServerConfigured: "yes"]
        if let host = first["smtp_host"]?.display { facts[ProbeFacts.host] = host }
        if let port = first["smtp_port"]?.display { facts[ProbeFacts.port] = port }
        if let encryption = first["smtp_encryption"]?.display {
            // Odoo 19's strict variants mean the same mode for the rules.
            facts[ProbeFacts.encryption] = encryption.replacingOccurrences(of: "_strict", with: "")
        }
        if let user = first["smtp_user"]?.display { facts[ProbeFacts.user] = user }
        if let authentication = first["smtp_authentication"]?.display {
            facts[ProbeFacts.smtpAuthentication] =
                ["gmail": "gmail-oauth", "outlook": "outlook-oauth"][authentication] ?? authentication
        }
        let summary =
            "\(first["name"]?.display ?? "?"): \(facts[ProbeFacts.host] ?? "?"):\(facts[ProbeFacts.port] ?? "?") \(facts[ProbeFacts.encryption] ?? "")"
        return [
            ProbeOutcome(
                probe: name, check: "mail-servers", status: .ok,
                message: LocalizedText(
                    en: "\(servers.count) outgoing server(s); first: \(summary)",
                    ar: "عدد خوادم البريد الصادر: \(servers.count)؛ الأول: \(summary)"),
                facts: facts, evidence: servers.map { "\($0)" })
        ]
    }

    func failedMails(_ session: OdooSession) async throws -> [ProbeOutcome] {
        let mails = try await session.searchRead(
            "mail.mail", domain: [["state", "=", "exception"]],
            fields: ["failure_reason", "failure_type", "email_from", "subject", "date"])
        guard !mails.isEmpty else {
            return [
                ProbeOutcome(
                    probe: name, check: "failed-mails", status: .ok,
                    message: LocalizedText(en: "no email in Delivery Failed", ar: "لا توجد رسائل بحالة «فشل التسليم»"))
            ]
        }
        let reasons = mails.compactMap { $0["failure_reason"]?.display }
        return [
            ProbeOutcome(
                probe: name, check: "failed-mails", status: .problem,
                message: LocalizedText(
                    en: "\(mails.count) email(s) in Delivery Failed",
                    ar: "عدد الرسائل بحالة «فشل التسليم»: \(mails.count)"),
                facts: ["symptom": "emails-failed"],
                errorText: reasons.prefix(5).joined(separator: "\n"),
                evidence: reasons.prefix(5).map { "failure_reason: \($0.prefix(200))" })
        ]
    }

    func queue(_ session: OdooSession) async throws -> [ProbeOutcome] {
        let crons = try await session.searchRead(
            "ir.cron", domain: [["cron_name", "ilike", "Email Queue Manager"]],
            fields: ["cron_name", "name", "active", "nextcall"])
        guard let cron = crons.first else { return [] }
        let active = cron["active"]?.bool ?? false
        return [
            ProbeOutcome(
                probe: name, check: "queue", status: active ? .ok : .problem,
                message: LocalizedText(
                    en: active ? "the Email Queue Manager is active" : "the Email Queue Manager is OFF",
                    ar: active
                        ? "«منظم قائمة انتظار البريد الإلكتروني» مفعّل" : "«منظم قائمة انتظار البريد الإلكتروني» معطّل"),
                facts: [ProbeFacts.queueCronActive: active ? "yes" : "no"])
        ]
    }
}

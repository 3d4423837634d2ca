import Foundation
import KnowledgeBase

/// One provider's SMTP settings as the `provider_settings` tool returns them (the contract is
/// `schemas/provider.schema.json`): what to type into Odoo's Outgoing Mail Server form, and
/// the limits and DNS entries that go with it.
struct ProviderSettings: Codable, Sendable {
    struct Port: Codable, Sendable {
        var port: Int
        /// Odoo's Connection Encryption: `ssl`, `starttls` or `none`.
        var encryption: String
    }

    var version = 1
    var language: String
    var id: String
    var name: String
    var hosts: [String]
    var ports: [Port]
    var authentication: String
    /// `required`, `optional` or `none`.
    var appPassword: String
    var oauth: Bool
    var maxMessageMB: Double?
    var dailyLimit: Int?
    var limits: String?
    var spfInclude: String?
    var dkimSelectors: [String]
    var page: String
    var notes: String?

    init(_ provider: Provider, language: Language) {
        self.language = language.rawValue
        id = provider.id
        name = provider.name
        hosts = provider.hosts
        ports = provider.ports.map { Port(port: $0.port, encryption: $0.security) }
        authentication = provider.auth[language]
        appPassword = provider.appPassword
        oauth = provider.oauth
        maxMessageMB = provider.maxMessageMB
        dailyLimit = provider.dailyLimit
        limits = provider.limits?[language]
        spfInclude = provider.spfInclude
        dkimSelectors = provider.dkimSelectors
        page = provider.docs
        notes = provider.notes?[language]
    }

    /// The provider a host name belongs to: one of its SMTP hosts, or a host in the same
    /// domain as one of them (`smtp-relay.gmail.com` is Google's).
    static func provider(forHost host: String, in knowledge: KnowledgeBase) -> Provider? {
        let host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ". "))
        if let exact = knowledge.providers.first(where: { $0.hosts.contains { $0.lowercased() == host } }) {
            return exact
        }
        func domain(_ name: String) -> String { name.split(separator: ".").suffix(2).joined(separator: ".") }
        let wanted = domain(host)
        return knowledge.providers.first { provider in provider.hosts.contains { domain($0.lowercased()) == wanted } }
    }
}

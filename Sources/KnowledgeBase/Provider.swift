/// An email provider's SMTP settings and limits.
package struct Provider: Hashable, Sendable {
    package struct Port: Hashable, Sendable {
        package var port: Int
        /// `ssl`, `starttls` or `none`, as Odoo names them.
        package var security: String

        package init(port: Int, security: String) {
            self.port = port
            self.security = security
        }
    }

    package var id: String
    package var name: String
    package var hosts: [String]
    /// What gives this provider away in an error text besides its submission hosts: banner
    /// tags (`gsmtp`), its servers' name suffixes, its help URLs. Lower-case substrings.
    package var markers: [String]
    package var ports: [Port]
    package var auth: LocalizedText
    /// `required`, `optional` or `none`.
    package var appPassword: String
    package var oauth: Bool
    package var maxMessageMB: Double?
    package var dailyLimit: Int?
    package var limits: LocalizedText?
    package var spfInclude: String?
    package var dkimSelectors: [String]
    package var docs: String
    package var notes: LocalizedText?
    package var source: [String]
    package var location: SourceLocation?

    package init(
        id: String, name: String, hosts: [String], markers: [String] = [], ports: [Port],
        auth: LocalizedText,
        appPassword: String, oauth: Bool, maxMessageMB: Double? = nil,
        dailyLimit: Int? = nil, limits: LocalizedText? = nil, spfInclude: String? = nil,
        dkimSelectors: [String] = [], docs: String, notes: LocalizedText? = nil,
        source: [String] = [], location: SourceLocation? = nil
    ) {
        self.id = id
        self.name = name
        self.hosts = hosts
        self.markers = markers
        self.ports = ports
        self.auth = auth
        self.appPassword = appPassword
        self.oauth = oauth
        self.maxMessageMB = maxMessageMB
        self.dailyLimit = dailyLimit
        self.limits = limits
        self.spfInclude = spfInclude
        self.dkimSelectors = dkimSelectors
        self.docs = docs
        self.notes = notes
        self.source = source
        self.location = location
    }
}

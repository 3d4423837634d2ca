/// An email provider's SMTP settings and limits.
public struct Provider: Hashable, Sendable {
    public struct Port: Hashable, Sendable {
        public var port: Int
        /// `ssl`, `starttls` or `none`, as Odoo names them.
        public var security: String

        public init(port: Int, security: String) {
            self.port = port
            self.security = security
        }
    }

    public var id: String
    public var name: String
    public var hosts: [String]
    public var ports: [Port]
    public var auth: LocalizedText
    /// `required`, `optional` or `none`.
    public var appPassword: String
    public var oauth: Bool
    public var maxMessageMB: Double?
    public var dailyLimit: Int?
    public var limits: LocalizedText?
    public var spfInclude: String?
    public var dkimSelectors: [String]
    public var docs: String
    public var notes: LocalizedText?
    public var source: [String]
    public var location: SourceLocation?

    public init(id: String, name: String, hosts: [String], ports: [Port], auth: LocalizedText,
                appPassword: String, oauth: Bool, maxMessageMB: Double? = nil,
                dailyLimit: Int? = nil, limits: LocalizedText? = nil, spfInclude: String? = nil,
                dkimSelectors: [String] = [], docs: String, notes: LocalizedText? = nil,
                source: [String] = [], location: SourceLocation? = nil) {
        self.id = id
        self.name = name
        self.hosts = hosts
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

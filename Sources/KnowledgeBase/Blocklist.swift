/// A DNS blocklist (RFC 5782) that the dnsbl probe asks about the sending address: where to
/// ask, what each answer means, which answers are the list refusing the query rather than a
/// listing, and where to ask for removal.
package struct Blocklist: Hashable, Sendable {
    /// What the list holds: IP addresses (queried as reversed octets or nibbles under the
    /// zone, RFC 5782 §2.1 and §2.4) or domain names (RFC 5782 §2.3).
    package enum Kind: String, Hashable, Sendable, CaseIterable {
        case ip, domain
    }

    /// One A record the list answers with, and what it means.
    package struct Answer: Hashable, Sendable {
        /// `127.0.0.2`.
        package var code: String
        package var meaning: LocalizedText

        package init(code: String, meaning: LocalizedText) {
            self.code = code
            self.meaning = meaning
        }
    }

    package var id: String
    package var name: String
    /// `zen.spamhaus.org`.
    package var zone: String
    package var kind: Kind
    /// Whether the zone answers for IPv6 addresses too.
    package var ipv6: Bool
    /// Answers that mean the address is listed.
    package var listed: [Answer]
    /// Answers that mean the list refused to answer (a public resolver, too many queries,
    /// a wrong zone name): never a listing.
    package var refused: [Answer]
    /// The list's page for looking an address up and asking for removal.
    package var delist: String
    package var source: [String]
    package var location: SourceLocation?

    package init(
        id: String, name: String, zone: String, kind: Kind, ipv6: Bool, listed: [Answer], refused: [Answer],
        delist: String, source: [String], location: SourceLocation? = nil
    ) {
        self.id = id
        self.name = name
        self.zone = zone
        self.kind = kind
        self.ipv6 = ipv6
        self.listed = listed
        self.refused = refused
        self.delist = delist
        self.source = source
        self.location = location
    }

    package static func == (lhs: Blocklist, rhs: Blocklist) -> Bool { lhs.id == rhs.id }
    package func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

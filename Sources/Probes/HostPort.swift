/// `host[:port]` as the time-server and DNS-server options take it: `name`, `name:port`,
/// `[v6]:port`, or an IPv6 address without brackets (more than one colon, no port). The one
/// splitter: the CLI validates what it returns, the clock probe uses it.
package enum HostPort {
    /// The host, and the port text when one was given; a bracketed host followed by anything
    /// but `:port` gives an empty host.
    package static func split(_ text: String) -> (host: String, port: String?) {
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            let host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            if rest.hasPrefix(":") { return (host, String(rest.dropFirst())) }
            return (rest.isEmpty ? host : "", nil)
        }
        if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") {
            return (String(text[..<colon]), String(text[text.index(after: colon)...]))
        }
        return (text, nil)
    }
}

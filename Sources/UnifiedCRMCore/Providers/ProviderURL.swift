/// The parts of an absolute `http`/`https` URL a provider call needs: where to connect and what to
/// put in the request line and `Host` header. Parsed on the bytes, once per call.
struct ProviderURL: Hashable, Sendable {
    /// Where a connection goes: scheme, host and port (one pool per origin).
    struct Origin: Hashable, Sendable {
        let tls: Bool
        /// The host as written, without brackets for an IPv6 literal.
        let host: String
        let port: Int

        /// The `Host` header: the port only when it is not the scheme's default.
        var hostHeader: String {
            let name = host.contains(":") ? "[\(host)]" : host
            return port == (tls ? 443 : 80) ? name : "\(name):\(port)"
        }
    }

    let origin: Origin
    /// Path and query (`/` when the URL has no path), as written.
    let target: String

    /// Nil unless `text` is `http://` or `https://`, a non-empty host, an optional port in 1...65535,
    /// then nothing or a path starting with `/` or a query starting with `?` (a fragment is dropped).
    init?(_ text: String) {
        let tls: Bool
        var rest: Substring
        if text.hasPrefix("https://") { (tls, rest) = (true, text.dropFirst(8)) }
        else if text.hasPrefix("http://") { (tls, rest) = (false, text.dropFirst(7)) }
        else { return nil }
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let end = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        var authority = rest[..<end]
        let target = rest[end...]
        guard !authority.contains("@") else { return nil }
        var host: Substring
        var port = tls ? 443 : 80
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
            authority = authority[authority.index(after: close)...]
            guard authority.isEmpty || authority.hasPrefix(":") else { return nil }
        } else {
            let colon = authority.firstIndex(of: ":") ?? authority.endIndex
            host = authority[..<colon]
            authority = authority[colon...]
        }
        if authority.hasPrefix(":") {
            guard let number = Int(authority.dropFirst()), (1...65535).contains(number) else { return nil }
            port = number
        }
        guard !host.isEmpty, !host.contains(where: { $0 == " " || $0 == "\r" || $0 == "\n" }) else { return nil }
        origin = Origin(tls: tls, host: String(host), port: port)
        self.target = target.isEmpty ? "/" : (target.hasPrefix("?") ? "/" + target : String(target))
    }
}

/// The parts of an absolute `http`/`https` URL a provider call needs: where to connect and what to
/// put in the request line and `Host` header. Parsed on the UTF-8 bytes, once per call.
struct ProviderURL: Hashable, Sendable {
    /// Where a connection goes: scheme, host and port (one pool per origin).
    struct Origin: Hashable, Sendable {
        let tls: Bool
        /// The host as written, without brackets for an IPv6 literal.
        let host: String
        let port: Int
        /// The `Host` header: the port only when it is not the scheme's default.
        let hostHeader: String

        init(tls: Bool, host: String, port: Int, bracketed: Bool) {
            (self.tls, self.host, self.port) = (tls, host, port)
            let name = bracketed ? "[\(host)]" : host
            hostHeader = port == (tls ? 443 : 80) ? name : "\(name):\(port)"
        }
    }

    private static let https = Array("https://".utf8), http = Array("http://".utf8)

    let origin: Origin
    /// Path and query (`/` when the URL has no path), as written.
    let target: String

    /// Nil unless `text` is `http://` or `https://`, a host (a bracketed IPv6 literal allowed) without
    /// user info, blanks or controls, an optional port in 1...65535, then nothing, a path from `/`
    /// or a query from `?` (a fragment is dropped).
    init?(_ text: String) {
        let bytes = Array(text.utf8)
        let tls: Bool
        var index: Int
        if bytes.starts(with: Self.https) { (tls, index) = (true, 8) }
        else if bytes.starts(with: Self.http) { (tls, index) = (false, 7) }
        else { return nil }
        let end = bytes[index...].firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? bytes.count
        var hostRange = index..<end
        var portStart: Int?
        let bracketed = index < end && bytes[index] == UInt8(ascii: "[")
        if bracketed {
            guard let close = bytes[index..<end].firstIndex(of: UInt8(ascii: "]")) else { return nil }
            hostRange = (index + 1)..<close
            guard close + 1 == end || bytes[close + 1] == UInt8(ascii: ":") else { return nil }
            if close + 1 < end { portStart = close + 2 }
        } else if let colon = bytes[index..<end].firstIndex(of: UInt8(ascii: ":")) {
            hostRange = index..<colon
            portStart = colon + 1
        }
        guard !hostRange.isEmpty, !bytes[hostRange].contains(where: { $0 <= 0x20 || $0 == UInt8(ascii: "@") || $0 == 0x7F }) else { return nil }
        var port = tls ? 443 : 80
        if let portStart {
            let digits = bytes[portStart..<end]
            guard (1...5).contains(digits.count), digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
            port = digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
            guard (1...65535).contains(port) else { return nil }
        }
        let targetEnd = bytes[end...].firstIndex(of: UInt8(ascii: "#")) ?? bytes.count
        let rest = bytes[end..<targetEnd]
        guard !rest.contains(where: { $0 <= 0x20 || $0 == 0x7F }) else { return nil }
        origin = Origin(tls: tls, host: String(decoding: bytes[hostRange], as: UTF8.self), port: port, bracketed: bracketed)
        if rest.isEmpty { target = "/" }
        else if rest.first == UInt8(ascii: "?") { target = "/" + String(decoding: rest, as: UTF8.self) }
        else { target = String(decoding: rest, as: UTF8.self) }
    }
}

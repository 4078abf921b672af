import Foundation

/// `account_base_url`: a context value that, when an account has it, replaces the mapping's base
/// URL for that account (Pipedrive OAuth's `api_domain`, the company's own host). The value must be
/// an `https://` origin on a host the mapping allows, checked when the account is stored, so no
/// tenant input can point calls elsewhere; an operator override still wins.
public struct AccountBaseURL: Sendable, Equatable {
    /// Context path of the value (`api_domain`).
    public var contextPath: String
    /// Host patterns: `api.example.com`, or `*.example.com` for any subdomain.
    public var allowedHosts: [String]

    public init(contextPath: String, allowedHosts: [String]) {
        self.contextPath = contextPath
        self.allowedHosts = allowedHosts
    }

    /// The account's base URL (no trailing slash), or nil when the context has none.
    public func url(in context: JSONValue) -> String? {
        guard let text = context.value(atPath: contextPath)?.stringValue, !text.isEmpty else { return nil }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    /// A 400 naming `context.<path>` unless the value is absent or an allowed https origin.
    public func validate(context: JSONValue) throws {
        guard let value = context.value(atPath: contextPath), value != .null else { return }
        let field = "context.\(contextPath)"
        guard let text = value.stringValue, let url = URLComponents(string: text), url.scheme == "https",
              let host = url.host?.lowercased(), !host.isEmpty, url.user == nil, url.password == nil,
              url.path.isEmpty || url.path == "/", url.query == nil, url.fragment == nil else {
            throw APIError.invalidField(field, "The field `\(field)` must be an https origin such as `https://\(allowedHosts.first.map { $0.replacingOccurrences(of: "*.", with: "example.") } ?? "example.com")` (no path, query or credentials).")
        }
        guard allowedHosts.contains(where: { Self.host(host, matches: $0) }) else {
            throw APIError.invalidField(field, "The field `\(field)` must be on an allowed host (\(allowedHosts.joined(separator: ", "))), got `\(host)`.",
                                        extra: ["allowed_hosts": .array(allowedHosts.map(JSONValue.string))])
        }
    }

    /// A regular expression of the origins `validate` accepts (for the served OpenAPI document).
    public var originPattern: String {
        let hosts = allowedHosts.map { host -> String in
            let escaped = { (text: String) in text.replacingOccurrences(of: ".", with: "\\.") }
            return host.hasPrefix("*.") ? "([A-Za-z0-9-]+\\.)+" + escaped(String(host.dropFirst(2))) : escaped(host)
        }
        return "^https://(" + hosts.joined(separator: "|") + ")/?$"
    }

    static func host(_ host: String, matches pattern: String) -> Bool {
        let pattern = pattern.lowercased()
        if pattern.hasPrefix("*.") {
            let suffix = String(pattern.dropFirst(1))
            // `*.example.com`: one or more labels before `.example.com`.
            return host.hasSuffix(suffix) && host.count > suffix.count
        }
        return host == pattern
    }
}

import Foundation

/// `auth.oauth.authorize` and `auth.oauth.token`: the provider's authorization-code flow.
enum OAuthSection {
    static func compile(_ method: ObjectReader, _ diagnostics: inout DiagnosticCollector) -> OAuthFlow? {
        let hasAuthorize = method.has("authorize"), hasToken = method.has("token")
        guard hasAuthorize || hasToken else { return nil }
        guard hasAuthorize, hasToken else {
            diagnostics.error(method.at, "declare both `authorize` and `token` (the connect flow and refreshes need both)", code: "missing")
            return nil
        }
        guard let authorize = ObjectReader(method["authorize"], at: method.path("authorize"), section: MappingKeys.oauthAuthorize, &diagnostics),
              let token = ObjectReader(method["token"], at: method.path("token"), section: MappingKeys.oauthToken, &diagnostics) else { return nil }
        authorize.finish(&diagnostics)
        token.finish(&diagnostics)
        let authorizeURL = absoluteURL(authorize, "url", &diagnostics)
        let scopeParameter = authorize.string("scope_param", &diagnostics)
        let separator = authorize.string("scope_separator", &diagnostics) ?? " "
        if ![" ", ","].contains(separator) { diagnostics.error(authorize.path("scope_separator"), "must be \" \" or \",\"", code: "invalid_value") }
        if scopeParameter == nil, authorize["scope_separator"] != nil {
            diagnostics.error(authorize.path("scope_separator"), "only applies with scope_param", code: "unsupported")
        }
        let tokenURL = absoluteURL(token, "url", &diagnostics)
        let encoding = token.choice("encoding", from: OAuthFlow.TokenEndpoint.Encoding.allCases.map { ($0.rawValue, $0) }, noun: "encoding", &diagnostics) ?? .form
        let clientAuth = token.choice("client_auth", from: OAuthFlow.TokenEndpoint.ClientAuthentication.allCases.map { ($0.rawValue, $0) }, noun: "client authentication", &diagnostics) ?? .body
        var contextFields: [(context: [String], response: [String])] = []
        if let map = token["context"] {
            if let object = map.objectValue {
                for (contextPath, responsePath) in object.sorted(by: { $0.key < $1.key }) {
                    guard let text = responsePath.stringValue, !text.isEmpty else {
                        diagnostics.error("\(token.path("context")).\(contextPath)", "must be a token-response path (a string)", code: "invalid_type")
                        continue
                    }
                    if contextPath == "oauth" || contextPath.hasPrefix("oauth.") {
                        diagnostics.error("\(token.path("context")).\(contextPath)", "`oauth.token` is written by the server; copy into other context keys", code: "invalid_value")
                        continue
                    }
                    contextFields.append((MappingPath.split(contextPath), MappingPath.split(text)))
                }
            } else {
                diagnostics.error(token.path("context"), "must be an object of context path → token-response path", code: "invalid_type")
            }
        }
        let invalidGrant = invalidGrantRules(token, &diagnostics)
        guard let authorizeURL, let tokenURL else { return nil }
        return OAuthFlow(
            authorizeURL: authorizeURL, scopeParameter: scopeParameter, scopeSeparator: separator,
            authorizeParameters: constants(authorize, "params", &diagnostics),
            token: OAuthFlow.TokenEndpoint(url: tokenURL, encoding: encoding, clientAuthentication: clientAuth, parameters: constants(token, "params", &diagnostics),
                                           scopeField: token.dottedPath("scope_field", &diagnostics), contextFields: contextFields, invalidGrant: invalidGrant)
        )
    }

    private static func absoluteURL(_ reader: ObjectReader, _ key: String, _ diagnostics: inout DiagnosticCollector) -> String? {
        guard let text = reader.string(key, required: true, &diagnostics) else { return nil }
        guard let url = URLComponents(string: text), url.scheme == "https", url.host?.isEmpty == false else {
            diagnostics.error(reader.path(key), "must be an absolute https URL, got `\(text)`", code: "invalid_value")
            return nil
        }
        return text
    }

    /// Fixed string parameters (`{"response_type": "code"}`); the flow's own names are refused.
    private static func constants(_ reader: ObjectReader, _ key: String, _ diagnostics: inout DiagnosticCollector) -> [(String, String)] {
        guard let value = reader[key] else { return [] }
        guard let object = value.objectValue else { diagnostics.error(reader.path(key), "must be an object of strings", code: "invalid_type"); return [] }
        let owned: Set<String> = ["client_id", "client_secret", "redirect_uri", "state", "code", "grant_type", "refresh_token"]
        var result: [(String, String)] = []
        for (name, element) in object.sorted(by: { $0.key < $1.key }) {
            guard let text = element.stringValue else { diagnostics.error("\(reader.path(key)).\(name)", "must be a string", code: "invalid_type"); continue }
            if owned.contains(name) { diagnostics.error("\(reader.path(key)).\(name)", "`\(name)` is set by the server", code: "invalid_value"); continue }
            result.append((name, text))
        }
        return result
    }

    private static func invalidGrantRules(_ token: ObjectReader, _ diagnostics: inout DiagnosticCollector) -> [OAuthFlow.InvalidGrantRule] {
        guard let value = token["invalid_grant"] else {
            diagnostics.error(token.path("invalid_grant"), "missing (required: which token-endpoint answers mean the grant is revoked)", code: "missing")
            return []
        }
        guard let items = value.arrayValue, !items.isEmpty else {
            diagnostics.error(token.path("invalid_grant"), "must be a non-empty array of rules {status?, path, values | prefixes}", code: "invalid_type")
            return []
        }
        var rules: [OAuthFlow.InvalidGrantRule] = []
        for (index, item) in items.enumerated() {
            guard let rule = ObjectReader(item, at: "\(token.path("invalid_grant"))[\(index)]", section: MappingKeys.invalidGrantRule, &diagnostics) else { continue }
            rule.finish(&diagnostics)
            let status = rule.positiveInteger("status", &diagnostics)
            if let status, !(400..<600).contains(status) { diagnostics.error(rule.path("status"), "must be an HTTP error status (400-599)", code: "invalid_value") }
            guard let path = rule.dottedPath("path", required: true, &diagnostics) else { continue }
            let values = rule.stringList("values", &diagnostics) ?? [], prefixes = rule.stringList("prefixes", &diagnostics) ?? []
            guard !values.isEmpty || !prefixes.isEmpty, !(values + prefixes).contains("") else {
                diagnostics.error(rule.at, "needs non-empty `values` or `prefixes` (strings)", code: "missing")
                continue
            }
            rules.append(OAuthFlow.InvalidGrantRule(status: status, path: path, values: values, prefixes: prefixes))
        }
        return rules
    }
}

/// `auth`: the authentication methods (`api_key`, `oauth`) and `reserved_query`.
struct AuthSection {
    var methods: [String: AuthMethod] = [:]
    /// Query keys callers may never set through `remote_query`.
    var reserved: Set<String> = []

    static let methodNames = ["api_key", "oauth"]

    static func compile(_ root: ObjectReader, _ diagnostics: inout DiagnosticCollector) -> AuthSection {
        var section = AuthSection()
        if let auth = root["auth"]?.objectValue, !auth.isEmpty {
            for (method, spec) in auth.sorted(by: { $0.key < $1.key }) {
                let at = "$.auth.\(method)"
                guard methodNames.contains(method) else {
                    diagnostics.error(at, "unknown authentication method `\(method)`; known: \(methodNames.joined(separator: ", "))", code: "invalid_value")
                    continue
                }
                let keys = method == "oauth" ? MappingKeys.oauthMethod : MappingKeys.authMethod
                guard let reader = ObjectReader(spec, at: at, section: keys, &diagnostics) else { continue }
                reader.finish(&diagnostics)
                let flow = method == "oauth" ? OAuthSection.compile(reader, &diagnostics) : nil
                let strategy = TemplateAuth(
                    headers: reader.templateMap("headers", allowed: ["context"], &diagnostics),
                    query: reader.templateMap("query", allowed: ["context"], &diagnostics)
                )
                section.reserved.formUnion(strategy.queryKeys)
                section.methods[method] = AuthMethod(requires: reader.stringList("requires", &diagnostics) ?? [], strategy: strategy, flow: flow)
            }
        } else {
            diagnostics.error("$.auth", "at least one authentication method (api_key or oauth) is required", code: "missing")
        }
        // Query keys the provider reads credentials from even when this mapping authenticates
        // another way (Pipedrive `api_token`): a caller's remote_query must not set them.
        section.reserved.formUnion(root.stringList("reserved_query", &diagnostics) ?? [])
        return section
    }
}

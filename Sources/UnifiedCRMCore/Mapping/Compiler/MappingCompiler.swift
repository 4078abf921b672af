import Foundation

/// Compiles one mapping file into a `ProviderMapping`, in the stages of swift-openapi-generator's
/// pipeline: decode (each section read into typed values by `ObjectReader`, unknown keys refused),
/// validate (cross-references: lookups, pagination paths, required fields), lower (the runtime plan:
/// templates, strategies, rules). One file per feature (`*Section.swift`); every problem is a
/// diagnostic naming the file, line and JSON path (`$.resources.opportunities.fields.amount.type`).
public struct MappingCompiler {
    public let file: String
    let schemas: UnifiedSchemaSet
    var diagnostics: DiagnosticCollector

    /// `bytes` and `locations` (from `JSONParser(recordLocations:)`) let diagnostics name lines.
    public init(file: String, schemas: UnifiedSchemaSet, bytes: [UInt8] = [], locations: [String: Int] = [:]) {
        self.file = file
        self.schemas = schemas
        self.diagnostics = DiagnosticCollector(file: file, bytes: bytes, locations: locations)
    }

    /// Every diagnostic so far (errors and warnings).
    public var problems: [MappingDiagnostic] { diagnostics.diagnostics }

    /// The compiled mapping, or nil when there were errors.
    public mutating func compile(_ json: JSONValue) -> ProviderMapping? {
        guard let root = ObjectReader(json, at: "$", section: MappingKeys.file, &diagnostics, what: "a JSON object (a mapping file)") else { return nil }
        root.finish(&diagnostics)
        let name = root.string("name", required: true, &diagnostics) ?? ""
        let expected = file.hasSuffix(".json") ? String(file.split(separator: "/").last!.dropLast(5)) : file
        if !name.isEmpty, name != expected { diagnostics.error("$.name", "name `\(name)` must match the file name `\(expected)`", code: "name_mismatch") }
        _ = root.string("display_name", &diagnostics)
        _ = root.string("docs", &diagnostics)
        _ = root.string("$schema", &diagnostics)
        let baseURL = root.string("base_url", required: true, &diagnostics) ?? ""
        if !baseURL.isEmpty, URL(string: baseURL)?.host == nil || !(baseURL.hasPrefix("https://") || baseURL.hasPrefix("http://")) {
            diagnostics.error("$.base_url", "must be an absolute http(s) URL, got `\(baseURL)`", code: "invalid_value")
        }
        let headers = root.templateMap("headers", allowed: ["context"], &diagnostics)
        let auth = AuthSection.compile(root, &diagnostics)
        var routingQuery: [String: Template] = [:]
        var descriptor = IntegrationDescriptor(name: name, authMethods: auth.methods.mapValues(\.requires))
        ContextSection.compile(root, into: &descriptor, &diagnostics)
        ContextSection.compileBaseURL(root, into: &descriptor, &diagnostics)
        let errors = ErrorSection.compile(root, &diagnostics)
        let rateLimit = RateLimitSection.compile(root, &diagnostics)
        var resources: [String: ResourceMapping] = [:]
        if let resourcesJSON = root["resources"]?.objectValue, !resourcesJSON.isEmpty {
            for (resourceName, spec) in resourcesJSON.sorted(by: { $0.key < $1.key }) {
                let at = "$.resources.\(resourceName)"
                guard let schema = schemas[resourceName] else {
                    diagnostics.error(at, "unknown unified resource `\(resourceName)`; known: \(schemas.names.joined(separator: ", "))", code: "unknown_resource")
                    continue
                }
                var section = ResourceSection(schema: schema, at: at)
                if let resource = section.compile(spec, &diagnostics) {
                    routingQuery.merge(section.routingQuery) { first, _ in first }
                    resources[resourceName] = resource
                }
            }
        } else {
            diagnostics.error("$.resources", "at least one resource is required", code: "missing")
        }
        let webhooks = WebhookSection.compile(root, resources: resources, hasOAuth: auth.methods["oauth"]?.flow != nil, &diagnostics)
        guard !diagnostics.hasErrors else { return nil }
        return ProviderMapping(
            name: name, baseURL: baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL, headers: headers,
            authMethods: auth.methods, descriptor: descriptor, resources: resources, errors: errors, rateLimit: rateLimit,
            credentialQueryKeys: auth.reserved, routingQuery: routingQuery, webhooks: webhooks
        )
    }
}

/// `context`: what every account of the integration must hold and which values are secret.
enum ContextSection {
    static func compile(_ root: ObjectReader, into descriptor: inout IntegrationDescriptor, _ diagnostics: inout DiagnosticCollector) {
        guard root["context"] != nil, let context = ObjectReader(root["context"], at: "$.context", section: MappingKeys.context, &diagnostics) else { return }
        context.finish(&diagnostics)
        descriptor.requiredContext = context.stringList("required", &diagnostics) ?? []
        descriptor.secretPaths = Set(context.stringList("secrets", &diagnostics) ?? [])
    }

    /// `account_base_url`: `{"context": "api_domain", "allowed_hosts": ["*.pipedrive.com"]}`.
    static func compileBaseURL(_ root: ObjectReader, into descriptor: inout IntegrationDescriptor, _ diagnostics: inout DiagnosticCollector) {
        guard root["account_base_url"] != nil,
              let reader = ObjectReader(root["account_base_url"], at: "$.account_base_url", section: MappingKeys.accountBaseURL, &diagnostics) else { return }
        reader.finish(&diagnostics)
        guard let path = reader.string("context", required: true, &diagnostics) else { return }
        let hosts = reader.stringList("allowed_hosts", &diagnostics) ?? []
        let valid = hosts.filter { host in
            let bare = host.hasPrefix("*.") ? String(host.dropFirst(2)) : host
            return bare.contains(".") && bare.allSatisfy { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }
        }
        guard !hosts.isEmpty, valid.count == hosts.count else {
            diagnostics.error(reader.path("allowed_hosts"), "must list host names or `*.domain` patterns (at least one)", code: "invalid_value")
            return
        }
        descriptor.accountBaseURL = AccountBaseURL(contextPath: path, allowedHosts: hosts)
    }
}

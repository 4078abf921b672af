import Foundation

/// `webhooks`: the provider's webhook requests into the unified API (see `InboundWebhookSpec`).
///
/// ```json
/// "webhooks": {"endpoint": "integration",
///   "verify": {"scheme": "hmac_sha256", "header": "X-HubSpot-Signature-v3", "encoding": "base64",
///              "message": ["method", "url", "body", "header:X-HubSpot-Request-Timestamp"], "secret": "oauth_app.client_secret",
///              "timestamp": {"header": "X-HubSpot-Request-Timestamp", "unit": "milliseconds", "max_age_seconds": 300}},
///   "identity": [{"context": "hub_id"}, {"method": "GET", "path": "/account-info/v3/details", "value": "portalId"}],
///   "events": {"items": "", "account": "portalId", "type": "subscriptionType", "id": "objectId", "changed_field": "propertyName", "changed_prefix": "properties"},
///   "types": {"deal.creation": {"event": "record:created", "resource": "opportunities"}}}
/// ```
enum WebhookSection {
    static func compile(_ root: ObjectReader, resources: [String: ResourceMapping], hasOAuth: Bool, _ diagnostics: inout DiagnosticCollector) -> InboundWebhookSpec? {
        guard root.has("webhooks"), let section = ObjectReader(root["webhooks"], at: "$.webhooks", section: MappingKeys.webhooks, &diagnostics) else { return nil }
        section.finish(&diagnostics)
        let endpoint = section.choice("endpoint", from: InboundWebhookSpec.Endpoint.allCases.map { ($0.rawValue, $0) }, noun: "endpoint", required: true, &diagnostics)
        let verification = verify(section, hasOAuth: hasOAuth, &diagnostics)
        let identity = identitySources(section, &diagnostics)
        let registration = registrationRule(section, &diagnostics)
        guard let events = ObjectReader(section["events"], at: section.path("events"), section: MappingKeys.webhookEvents, &diagnostics) else { return nil }
        events.finish(&diagnostics)
        let items = events.string("items", &diagnostics).map(MappingPath.split)
        let account = events.dottedPath("account", &diagnostics)
        let typePaths = typeParts(events, &diagnostics)
        let idPath = events.dottedPath("id", required: true, &diagnostics)
        let changedField = events.dottedPath("changed_field", &diagnostics), changedKeys = events.dottedPath("changed_keys", &diagnostics)
        if changedField != nil, changedKeys != nil { diagnostics.error(events.at, "declare `changed_field` or `changed_keys`, not both", code: "invalid_value") }
        let prefix = events.string("changed_prefix", &diagnostics).map(MappingPath.split) ?? []
        let types = eventRules(section, resources: resources, &diagnostics)
        switch (endpoint, verification) {
        case (.integration?, _):
            if account == nil { diagnostics.error(events.path("account"), "missing (required for `endpoint: integration`: which account an event belongs to)", code: "missing") }
            if identity.isEmpty { diagnostics.error(section.path("identity"), "missing (required for `endpoint: integration`: how an account's provider-side id is learned)", code: "missing") }
            if case .basic? = verification { diagnostics.error(section.path("verify.scheme"), "`basic` needs `endpoint: account` (the credentials are per account)", code: "invalid_value") }
        case (.account?, .basic?):
            if registration == nil { diagnostics.error(section.path("registration"), "missing (required for `scheme: basic`: the server registers each account's webhook with the credentials it generates)", code: "missing") }
        default: break
        }
        guard let endpoint, let verification, let idPath, let typePaths else { return nil }
        return InboundWebhookSpec(docs: section.string("docs", &diagnostics), endpoint: endpoint, verification: verification, identity: identity,
                                  itemsPath: items, accountPath: account, typePaths: typePaths, idPath: idPath, changedField: changedField,
                                  changedKeys: changedKeys, changedPrefix: prefix, types: types, registration: registration)
    }

    private static func verify(_ section: ObjectReader, hasOAuth: Bool, _ diagnostics: inout DiagnosticCollector) -> WebhookVerification? {
        guard let reader = ObjectReader(section["verify"], at: section.path("verify"), section: MappingKeys.webhookVerify, &diagnostics) else { return nil }
        reader.finish(&diagnostics)
        guard let scheme = reader.choice("scheme", from: [("hmac_sha256", 0), ("basic", 1), ("ed25519", 2)], noun: "scheme", required: true, &diagnostics) else { return nil }
        if scheme == 1 {
            for key in ["header", "encoding", "message", "secret", "public_key", "timestamp"] where reader.has(key) {
                diagnostics.error(reader.path(key), "does not apply to `scheme: basic`", code: "unsupported")
            }
            return .basic
        }
        let header = reader.string("header", required: true, &diagnostics)
        let encoding = reader.choice("encoding", from: WebhookVerification.Encoding.allCases.map { ($0.rawValue, $0) }, noun: "encoding", &diagnostics) ?? .base64
        let message = messageParts(reader, &diagnostics)
        let timestamp = timestampRule(reader, &diagnostics)
        if scheme == 0 {
            if reader.has("public_key") { diagnostics.error(reader.path("public_key"), "does not apply to `scheme: hmac_sha256`", code: "unsupported") }
            let secret = reader.string("secret", required: true, &diagnostics)
            if let secret, secret != "oauth_app.client_secret" {
                diagnostics.error(reader.path("secret"), "unknown secret `\(secret)`; known: oauth_app.client_secret", code: "invalid_value")
            } else if secret != nil, !hasOAuth {
                diagnostics.error(reader.path("secret"), "`oauth_app.client_secret` needs `auth.oauth` (an OAuth app)", code: "invalid_value")
            }
            guard let header, let message, secret != nil else { return nil }
            return .hmacSHA256(.init(header: header, encoding: encoding, message: message, secret: "oauth_app.client_secret", timestamp: timestamp))
        }
        if reader.has("secret") { diagnostics.error(reader.path("secret"), "does not apply to `scheme: ed25519`", code: "unsupported") }
        let pem = reader.string("public_key", required: true, &diagnostics)
        if let pem, (try? Ed25519PublicKeyPEM.parse(pem)) == nil {
            diagnostics.error(reader.path("public_key"), "must be an Ed25519 public key in PEM (`-----BEGIN PUBLIC KEY-----`)", code: "invalid_value")
        }
        guard let header, let message, let pem else { return nil }
        return .ed25519(.init(header: header, encoding: encoding, message: message, publicKeyPEM: pem, timestamp: timestamp))
    }

    private static func messageParts(_ reader: ObjectReader, _ diagnostics: inout DiagnosticCollector) -> [WebhookVerification.MessagePart]? {
        guard let list = reader.stringList("message", &diagnostics) else {
            diagnostics.error(reader.path("message"), "missing (required: the signed parts in order, of method, url, body, header:<name>, literal:<text>)", code: "missing")
            return nil
        }
        var parts: [WebhookVerification.MessagePart] = []
        for (index, text) in list.enumerated() {
            switch text {
            case "method": parts.append(.method)
            case "url": parts.append(.url)
            case "body": parts.append(.body)
            case _ where text.hasPrefix("header:") && text.count > 7: parts.append(.header(String(text.dropFirst(7))))
            case _ where text.hasPrefix("literal:"): parts.append(.literal(String(text.dropFirst(8))))
            default:
                diagnostics.error("\(reader.path("message"))[\(index)]", "unknown part `\(text)`; known: method, url, body, header:<name>, literal:<text>", code: "invalid_value")
            }
        }
        if !parts.contains(.body) { diagnostics.error(reader.path("message"), "must include `body` (a signature that does not cover the body proves nothing)", code: "invalid_value") }
        return parts
    }

    private static func timestampRule(_ reader: ObjectReader, _ diagnostics: inout DiagnosticCollector) -> WebhookVerification.TimestampRule? {
        guard reader.has("timestamp"), let rule = ObjectReader(reader["timestamp"], at: reader.path("timestamp"), section: MappingKeys.webhookTimestamp, &diagnostics) else { return nil }
        rule.finish(&diagnostics)
        let header = rule.string("header", required: true, &diagnostics)
        let unit = rule.choice("unit", from: WebhookVerification.TimestampRule.Unit.allCases.map { ($0.rawValue, $0) }, noun: "unit", required: true, &diagnostics)
        let maxAge = rule.positiveInteger("max_age_seconds", &diagnostics)
        if maxAge == nil { diagnostics.error(rule.path("max_age_seconds"), "missing (required)", code: "missing") }
        guard let header, let unit, let maxAge else { return nil }
        return .init(header: header, unit: unit, maxAgeSeconds: maxAge)
    }

    private static func identitySources(_ section: ObjectReader, _ diagnostics: inout DiagnosticCollector) -> [InboundWebhookSpec.IdentitySource] {
        guard let value = section["identity"] else { return [] }
        guard let items = value.arrayValue else { diagnostics.error(section.path("identity"), "must be an array of {context} or {method, path, value}", code: "invalid_type"); return [] }
        var sources: [InboundWebhookSpec.IdentitySource] = []
        for (index, item) in items.enumerated() {
            guard let reader = ObjectReader(item, at: "\(section.path("identity"))[\(index)]", section: MappingKeys.webhookIdentity, &diagnostics) else { continue }
            reader.finish(&diagnostics)
            if let context = reader.dottedPath("context", &diagnostics) {
                if reader.has("path") || reader.has("method") || reader.has("value") { diagnostics.error(reader.at, "declare `context` or `method`/`path`/`value`, not both", code: "invalid_value") }
                sources.append(.context(context))
            } else if let path = reader.string("path", required: true, &diagnostics), let valuePath = reader.dottedPath("value", required: true, &diagnostics) {
                let method = reader.choice("method", from: [("GET", "GET")], noun: "method", &diagnostics) ?? "GET"
                guard path.hasPrefix("/") else { diagnostics.error(reader.path("path"), "must start with `/`", code: "invalid_value"); continue }
                sources.append(.request(method: method, path: path, value: valuePath))
            }
        }
        return sources
    }

    private static func typeParts(_ events: ObjectReader, _ diagnostics: inout DiagnosticCollector) -> [[String]]? {
        switch events["type"] {
        case .string(let path)?: return path.isEmpty ? nil : [MappingPath.split(path)]
        case .array(let items)? where !items.isEmpty && items.allSatisfy({ !($0.stringValue ?? "").isEmpty }):
            return items.compactMap(\.stringValue).map(MappingPath.split)
        case nil: diagnostics.error(events.path("type"), "missing (required: the path of the event's type)", code: "missing")
        default: diagnostics.error(events.path("type"), "must be a path or an array of paths (joined by `.`)", code: "invalid_type")
        }
        return nil
    }

    private static func eventRules(_ section: ObjectReader, resources: [String: ResourceMapping], _ diagnostics: inout DiagnosticCollector) -> [String: InboundWebhookSpec.EventRule] {
        guard let object = section["types"]?.objectValue, !object.isEmpty else {
            diagnostics.error(section.path("types"), "must be a non-empty object of provider event type → {event, resource}", code: "missing")
            return [:]
        }
        var rules: [String: InboundWebhookSpec.EventRule] = [:]
        for (name, value) in object.sorted(by: { $0.key < $1.key }) {
            guard let rule = ObjectReader(value, at: "\(section.path("types")).\(name)", section: MappingKeys.webhookEventRule, &diagnostics) else { continue }
            rule.finish(&diagnostics)
            let records: [WebhookEventType] = [.recordCreated, .recordUpdated, .recordDeleted]
            let event = rule.choice("event", from: records.map { ($0.rawValue, $0) }, noun: "event", required: true, &diagnostics)
            guard let resourceName = rule.string("resource", required: true, &diagnostics) else { continue }
            guard let resource = resources[resourceName] else {
                diagnostics.error(rule.path("resource"), "`\(resourceName)` is not a resource of this mapping; known: \(resources.keys.sorted().joined(separator: ", "))", code: "unknown_resource")
                continue
            }
            let changed = rule.stringList("changed_fields", &diagnostics)
            for field in changed ?? [] where resource.field(field) == nil && field != "custom_fields" {
                diagnostics.error(rule.path("changed_fields"), "`\(field)` is not a mapped field of \(resourceName)", code: "unknown_field")
            }
            if changed != nil, event != .recordUpdated { diagnostics.error(rule.path("changed_fields"), "only applies to `record:updated`", code: "unsupported") }
            if let event { rules[name] = .init(event: event, resource: resourceName, changedFields: changed) }
        }
        return rules
    }

    private static func registrationRule(_ section: ObjectReader, _ diagnostics: inout DiagnosticCollector) -> InboundWebhookSpec.Registration? {
        guard section.has("registration"), let reader = ObjectReader(section["registration"], at: section.path("registration"), section: MappingKeys.webhookRegistration, &diagnostics) else { return nil }
        reader.finish(&diagnostics)
        let method = reader.choice("method", from: [("POST", "POST"), ("PUT", "PUT")], noun: "method", &diagnostics) ?? "POST"
        let path = reader.string("path", required: true, &diagnostics)
        let idPath = reader.dottedPath("id", required: true, &diagnostics)
        let deletePath = reader.string("delete", &diagnostics)
        guard let body = reader["body"], body.objectValue != nil else {
            diagnostics.error(reader.path("body"), "must be the JSON object sent (strings may hold {webhook.url}, {webhook.user}, {webhook.password})", code: "invalid_type")
            return nil
        }
        if let deletePath, !deletePath.contains("{id}") { diagnostics.error(reader.path("delete"), "must contain {id} (the registered webhook's id)", code: "invalid_value") }
        guard let path, let idPath else { return nil }
        return .init(method: method, path: path, body: body, idPath: idPath, deletePath: deletePath)
    }
}

/// `GET /unified/crm/{resource}/{integration}/meta/{method}` and `GET /integration/{integration}/capabilities`:
/// what one provider's mapping supports, as JSON Schemas built from the mapping and the unified schema.
public enum ResourceMeta {
    /// The meta document of one operation; a 404 when the mapping does not declare it.
    public static func document(mappings: MappingSet, resource name: String, integration: String, method: String) throws -> JSONValue {
        guard let mapping = mappings[integration] else {
            throw APIError.notFound("No mapping is loaded for the integration `\(integration)`.", details: ["integration": .string(integration)])
        }
        guard let kind = OperationKind(rawValue: method) else {
            throw APIError.notFound("Unknown method `\(method)`; use one of \(OperationKind.allCases.map(\.rawValue).joined(separator: ", ")).", details: ["method": .string(method)])
        }
        guard mappings.schemas[name] != nil else {
            throw APIError.notFound("Unknown unified resource `\(name)`; known: \(mappings.schemas.names.joined(separator: ", ")).", details: ["resource": .string(name)])
        }
        guard let resource = mapping.resources[name], let operation = resource.operations[kind] else {
            throw APIError.notFound("\(integration) does not support \(method) on \(name).", details: ["integration": .string(integration), "resource": .string(name), "method": .string(method)])
        }
        return .object([
            "method": .string(method),
            "request_body_schema": kind == .create || kind == .update ? bodySchema(resource, operation: operation, create: kind == .create) : .null,
            "response_schema": responseSchema(resource, kind: kind),
            "query_schema": querySchema(resource, operation: operation, kind: kind),
        ])
    }

    /// The capabilities of an integration: its auth methods and, per resource, the methods it maps.
    public static func capabilities(mappings: MappingSet, integration: String) throws -> JSONValue {
        guard let mapping = mappings[integration] else {
            throw APIError.notFound("No mapping is loaded for the integration `\(integration)`.", details: ["integration": .string(integration)])
        }
        let resources = mapping.resources.keys.sorted().map { name -> JSONValue in
            let operations = mapping.resources[name]!.operations
            return .object(["resource": .string(name), "methods": .array(OperationKind.allCases.filter { operations[$0] != nil }.map { .string($0.rawValue) })])
        }
        return .object(["integration": .string(integration), "auth": .array(mapping.authMethods.keys.sorted().map(JSONValue.string)), "resources": .array(resources)])
    }

    static func recordSchema(_ resource: ResourceMapping) -> JSONValue {
        var properties: [String: JSONValue] = [:]
        for field in resource.fields where !field.writeOnly {
            properties[field.unifiedName] = resource.schema.field(field.unifiedName)?.jsonSchema ?? .object([:])
        }
        if resource.customFields != nil { properties["custom_fields"] = customFieldsSchema }
        properties["remote_data"] = .object(["type": .string("object"), "description": .string("The provider's native record.")])
        return .object(["type": .string("object"), "properties": .object(properties)])
    }

    static let customFieldsSchema: JSONValue = .object(["type": .string("object"), "description": .string("Keyed by the custom field's name (GET .../fields for the names).")])

    static func responseSchema(_ resource: ResourceMapping, kind: OperationKind) -> JSONValue {
        switch kind {
        case .list:
            return .object(["type": .string("object"), "required": .array(["result", "next_cursor", "result_count"].map(JSONValue.string)), "properties": .object([
                "result": .object(["type": .string("array"), "items": recordSchema(resource)]),
                "next_cursor": .object(["type": .array([.string("string"), .string("null")])]),
                "result_count": .object(["type": .string("integer")]),
            ])])
        case .delete:
            return .object(["type": .string("object"), "required": .array([.string("id")]), "properties": .object(["id": .object(["type": .string("string")])])])
        case .get, .create, .update:
            return recordSchema(resource)
        }
    }

    static func bodySchema(_ resource: ResourceMapping, operation: Operation, create: Bool) -> JSONValue {
        var properties: [String: JSONValue] = [:]
        for field in resource.fields where !field.readOnly {
            // A link appended to a create body cannot be set by an update.
            if !create, case .append? = field.writeOverride { continue }
            if !create, case .call(_, true)? = field.writeOverride { continue }
            var schema = resource.schema.field(field.unifiedName)?.jsonSchema ?? .object([:])
            if let allowed = field.enumWrite?.keys.sorted() { schema.set(.array(allowed.map(JSONValue.string)), at: ["enum"]) }
            schema.remove(at: ["readOnly"])
            properties[field.unifiedName] = schema
        }
        if resource.customFields != nil { properties["custom_fields"] = customFieldsSchema }
        properties["remote_data"] = .object(["type": .string("object"), "description": .string("Merged into the provider's native body as is.")])
        var schema: JSONValue = .object(["type": .string("object"), "additionalProperties": .bool(false), "properties": .object(properties)])
        if create, !operation.required.isEmpty { schema.set(.array(operation.required.map(JSONValue.string)), at: ["required"]) }
        return schema
    }

    static func querySchema(_ resource: ResourceMapping, operation: Operation, kind: OperationKind) -> JSONValue {
        let string: JSONValue = .object(["type": .string("string")]), boolean: JSONValue = .object(["type": .string("string"), "enum": .array([.string("true"), .string("false")])])
        var properties: [String: JSONValue] = [
            "integrated_account_id": .object(["type": .string("string"), "format": .string("uuid")]),
            "truto_response_format": .object(["type": .string("string"), "enum": .array(ResponseFormat.allCases.map { .string($0.rawValue) })]),
            "truto_ignore_remote_data": boolean, "truto_exclude_fields": .object(["type": .string("array"), "items": string]),
            "remote_query": .object(["type": .string("object")]),
        ]
        var required: [JSONValue] = [.string("integrated_account_id")]
        if kind == .list {
            properties["limit"] = .object(["type": .string("integer"), "minimum": .integer(1)])
            properties["next_cursor"] = string
            properties["truto_key_by"] = string
            properties["truto_ignore_limit"] = boolean
            var seen = Set<String>()
            for (route, filter) in ([operation] + operation.search).flatMap({ route in route.filters.map { (route, $0) } }) where seen.insert(filter.name).inserted {
                var schema: JSONValue = filter.unifiedKind == .datetime ? .object(["type": .string("string"), "format": .string("date-time")]) : string
                if let allowed = filter.enumWrite?.keys.sorted() { schema.set(.array(allowed.map(JSONValue.string)), at: ["enum"]) }
                schema.set(.string(route.search.isEmpty && !operation.search.isEmpty ? "Filter, served by the provider's search." : "Filter, served by the provider's list."), at: ["description"])
                properties[filter.name] = schema
                if filter.required { required.append(.string(filter.name)) }
            }
        }
        return .object(["type": .string("object"), "required": .array(required), "properties": .object(properties)])
    }
}

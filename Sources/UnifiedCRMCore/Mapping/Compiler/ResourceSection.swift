/// `resources.<name>`: operations, fields, custom fields and lookups of one unified resource,
/// then the cross-checks between them (validate stage).
struct ResourceSection {
    let schema: UnifiedSchema
    let at: String
    /// Query parameters of this resource's routes filled from the context (routing, e.g. HighLevel
    /// `location_id`): reserved for `remote_query`, and bound to the account's value in the proxy.
    var routingQuery: [String: Template] = [:]

    init(schema: UnifiedSchema, at: String) {
        self.schema = schema
        self.at = at
    }

    mutating func compile(_ spec: JSONValue, _ diagnostics: inout DiagnosticCollector) -> ResourceMapping? {
        guard let reader = ObjectReader(spec, at: at, section: MappingKeys.resource, &diagnostics) else { return nil }
        reader.finish(&diagnostics)
        let lookups = LookupSection.compile(reader["lookups"], at: "\(at).lookups", &diagnostics)
        var operations: [OperationKind: Operation] = [:]
        var search: Operation?
        if let ops = reader["operations"]?.objectValue {
            for (kindName, opSpec) in ops.sorted(by: { $0.key < $1.key }) {
                let opAt = "\(at).operations.\(kindName)"
                if kindName == "search" {
                    search = OperationSection.compile(opSpec, kind: .list, schema: schema, at: opAt, &diagnostics)
                    if let search, search.filters.isEmpty {
                        diagnostics.error("\(opAt).filters", "missing: a search route is used for the filters it serves; declare them", code: "missing")
                    }
                    continue
                }
                guard let kind = OperationKind(rawValue: kindName) else {
                    diagnostics.error(opAt, "unknown operation `\(kindName)`; known: \((OperationKind.allCases.map(\.rawValue) + ["search"]).joined(separator: ", "))", code: "unknown_key")
                    continue
                }
                if let operation = OperationSection.compile(opSpec, kind: kind, schema: schema, at: opAt, &diagnostics) {
                    for (key, template) in operation.query where template.usesContext { routingQuery[key] = template }
                    operations[kind] = operation
                }
            }
            // A get may be missing where the provider cannot address one record (HubSpot's property
            // definitions need their object type, which a field id does not carry): then it is a 405.
            if ops["list"] == nil {
                diagnostics.error("\(at).operations.list", "missing method route: every resource needs `list`", code: "missing")
            }
            if let search { operations[.list]?.search = [search] }
        } else {
            diagnostics.error("\(at).operations", "missing: declare at least one of list, get, create, update, delete", code: "missing")
        }
        var fields: [FieldMapping] = []
        if let fieldsJSON = reader["fields"]?.objectValue {
            for (fieldName, fieldSpec) in fieldsJSON.sorted(by: { $0.key < $1.key }) {
                let fieldAt = "\(at).fields.\(fieldName)"
                guard let unified = schema.field(fieldName), unified.kind != .customFields else {
                    let known = schema.fields.filter { $0.kind != .customFields }.map(\.name)
                    diagnostics.error(fieldAt, "unknown unified field `\(fieldName)`; the unified \(schema.resource) fields are: \(known.joined(separator: ", "))", code: "unknown_field")
                    continue
                }
                if let field = FieldSection.compile(fieldSpec, field: unified, at: fieldAt, &diagnostics) { fields.append(field) }
            }
            if !fields.contains(where: { $0.unifiedName == "id" }), fieldsJSON["id"] == nil {
                diagnostics.error("\(at).fields.id", "missing: every resource must map `id`", code: "missing")
            }
        } else {
            diagnostics.error("\(at).fields", "missing: map at least the `id` field", code: "missing")
        }
        let custom = reader["custom_fields"].flatMap { CustomFieldSection.compile($0, at: "\(at).custom_fields", &diagnostics) }
        if custom != nil, schema.fields.contains(where: { $0.kind == .customFields }) == false {
            diagnostics.error("\(at).custom_fields", "the unified \(schema.resource) schema has no custom_fields", code: "unsupported")
        }
        linkComposite(ids: fields.first { $0.unifiedName == "id" }, into: &operations, &diagnostics)
        if operations[.get]?.fromList == true, operations[.list] == nil {
            diagnostics.error("\(at).operations.get.from_list", "there is no list to serve the get from", code: "unknown_reference")
        }
        validate(operations: operations, fields: fields, lookups: lookups, &diagnostics)
        var resource = ResourceMapping(
            name: schema.resource, schema: schema, operations: operations, fields: fields, customFields: custom,
            lookups: lookups, nativeKeysByObject: Self.nativeKeysByObject(fields)
        )
        resource.deletions = deletions(reader, &diagnostics)
        return resource
    }

    /// `deletions`: how the list shows deleted records (`{"query": {"archived": "true"}, "deleted_at": "archivedAt"}`).
    func deletions(_ resource: ObjectReader, _ diagnostics: inout DiagnosticCollector) -> DeletionListing? {
        guard resource.has("deletions"), let reader = ObjectReader(resource["deletions"], at: resource.path("deletions"), section: MappingKeys.deletions, &diagnostics) else { return nil }
        reader.finish(&diagnostics)
        _ = reader.string("docs", &diagnostics)
        let deletedAt = reader.dottedPath("deleted_at", required: true, &diagnostics)
        var query: [(String, String)] = []
        if let object = reader["query"]?.objectValue, !object.isEmpty {
            for (key, value) in object.sorted(by: { $0.key < $1.key }) {
                guard let text = value.stringValue else { diagnostics.error("\(reader.path("query")).\(key)", "must be a string", code: "invalid_type"); continue }
                query.append((key, text))
            }
        } else {
            diagnostics.error(reader.path("query"), "must be a non-empty object of the list's query parameters that show deleted records", code: "missing")
        }
        guard let deletedAt, !query.isEmpty else { return nil }
        return DeletionListing(query: query, deletedAtPath: deletedAt)
    }

    /// A composite id (`"id": {"concat": [...], "separator": ":"}`): record routes address its parts
    /// as `{id:N}`; a route using `{id:N}` without one, or past its parts, is an error.
    func linkComposite(ids field: FieldMapping?, into operations: inout [OperationKind: Operation], _ diagnostics: inout DiagnosticCollector) {
        var parts = 0, separator: String?
        if case .concat(let paths, let joiner)? = field?.composition { (parts, separator) = (paths.count, joiner) }
        for kind in OperationKind.allCases where kind.addressesRecord {
            guard var operation = operations[kind] else { continue }
            if let highest = operation.path.highestIDPart {
                if separator == nil {
                    diagnostics.error("\(at).operations.\(kind.rawValue).path", "`{id:\(highest)}` needs a composite id: declare `id` as {\"concat\": [...], \"separator\": ...}", code: "invalid_value")
                } else if highest >= parts {
                    diagnostics.error("\(at).operations.\(kind.rawValue).path", "`{id:\(highest)}` is past the id's \(parts) parts", code: "invalid_value")
                }
            } else if separator != nil, !operation.fromList, operation.path.parts.contains(.id) {
                diagnostics.error("\(at).operations.\(kind.rawValue).path", "the id is composite: address its parts as {id:0}, {id:1}, ...", code: "invalid_value")
            }
            operation.idSeparator = separator
            operations[kind] = operation
        }
    }

    /// The validate stage: references between the parts of a resource.
    func validate(operations: [OperationKind: Operation], fields: [FieldMapping], lookups: [String: LookupMapping], _ diagnostics: inout DiagnosticCollector) {
        for field in fields {
            if let lookup = field.nameLookup, lookups[lookup] == nil {
                diagnostics.error("\(at).fields.\(field.unifiedName).name_from", "unknown lookup `\(lookup)`; declare it under \(at).lookups", code: "unknown_reference")
            }
        }
        let used = Set(fields.compactMap(\.nameLookup))
        for name in lookups.keys.sorted() where !used.contains(name) {
            diagnostics.warning("\(at).lookups.\(name)", "lookup `\(name)` is not used by any field's `name_from`", code: "unused")
        }
        for (kind, operation) in operations.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            for (i, name) in operation.required.enumerated() {
                if let field = fields.first(where: { $0.unifiedName == name }), field.readOnly {
                    diagnostics.error("\(at).operations.\(kind.rawValue).required[\(i)]", "`\(name)` is read-only in this mapping and cannot be required", code: "invalid_value")
                } else if !fields.contains(where: { $0.unifiedName == name }), schema.field(name) != nil {
                    diagnostics.error("\(at).operations.\(kind.rawValue).required[\(i)]", "`\(name)` is required but not mapped in `fields`", code: "unknown_reference")
                }
            }
        }
    }

    static func nativeKeysByObject(_ fields: [FieldMapping]) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for field in fields {
            for path in field.readPaths where path.count >= 2 {
                let object = path[0], key = path[1]
                if result[object]?.contains(key) != true { result[object, default: []].append(key) }
            }
        }
        return result
    }
}

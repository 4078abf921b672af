/// `operations.<kind>`, and the route parts of lookups and field definitions: method, path, query,
/// root, body defaults, required fields, limit and pagination.
enum OperationSection {
    static let methods: Set<String> = ["GET", "POST", "PUT", "PATCH", "DELETE"]

    static func compile(_ spec: JSONValue, kind: OperationKind, schema: UnifiedSchema?, at: String, section: MappingKeys.Section = MappingKeys.operation, _ diagnostics: inout DiagnosticCollector) -> Operation? {
        guard let reader = ObjectReader(spec, at: at, section: section, &diagnostics) else { return nil }
        reader.finish(&diagnostics)
        if kind == .get, reader["from_list"] == .bool(true) {
            // Served by the list: nothing else to declare.
            for key in reader.object.keys.sorted() where key != "from_list" {
                diagnostics.error(reader.path(key), "a get served `from_list` declares nothing else", code: "conflict")
            }
            var operation = Operation(method: "GET", path: try! Template("/", allowed: []), query: [], root: [], body: [], required: [], requiredNative: [],
                                      pagination: nil, limitParameter: nil, maxLimit: nil, defaultLimit: nil, fieldNameObjects: [])
            operation.fromList = true
            return operation
        }
        let method = reader.string("method", required: true, &diagnostics) ?? "GET"
        if !methods.contains(method) {
            diagnostics.error("\(at).method", "unknown HTTP method `\(method)`; use one of \(methods.sorted().joined(separator: ", "))", code: "invalid_value")
        }
        var pathVariables: Set<String> = ["context"]
        if kind.addressesRecord { pathVariables.insert("id") }
        if kind == .list { pathVariables.insert("filter") }
        let path = reader.template("path", allowed: pathVariables, required: true, &diagnostics)
        if let path, kind.addressesRecord, !path.parts.contains(where: { $0 == .id || Template.kindName($0) == "id" }) {
            diagnostics.error("\(at).path", "the \(kind.rawValue) route must contain `{id}`", code: "invalid_value")
        }
        if let source = path?.source, !source.hasPrefix("/") { diagnostics.error("\(at).path", "must start with `/`", code: "invalid_value") }
        var queryVariables: Set<String> = ["context", "field_names"]
        if kind == .list { queryVariables.formUnion(["limit", "filter"]) }
        let query = reader.templateMap("query", allowed: queryVariables, &diagnostics)
        // A list sent by POST (a search) has a whole JSON body; writes have defaults merged into theirs.
        var body: [(path: [String], template: Template)] = []
        var requestBody: RequestBodyTemplate?
        if kind == .list, reader["body"] != nil {
            if method != "POST" { diagnostics.error("\(at).body", "only a list sent by POST (a search) has a body", code: "unsupported") }
            if let json = reader["body"], json.objectValue != nil {
                requestBody = BodyTemplateSection.compile(json, allowed: queryVariables.union(["filters"]), at: "\(at).body", &diagnostics)
            } else {
                diagnostics.error("\(at).body", "must be a JSON object (the search request body)", code: "invalid_type")
            }
        } else {
            body = reader.templateMap("body", allowed: ["context"], &diagnostics).map { (path: MappingPath.split($0.0), template: $0.1) }
            if !body.isEmpty, kind != .create, kind != .update {
                diagnostics.error("\(at).body", "only create and update send a body", code: "unsupported")
            }
        }
        let filters = FilterSection.compile(reader["filters"], schema: schema, at: "\(at).filters", &diagnostics)
        if !filters.isEmpty, kind != .list || schema == nil {
            diagnostics.error("\(at).filters", "only the list (or search) of a unified resource takes filters", code: "unsupported")
        }
        let required = reader.stringList("required", &diagnostics) ?? []
        if !required.isEmpty, kind != .create { diagnostics.error("\(at).required", "only a create can require fields", code: "unsupported") }
        for (i, field) in required.enumerated() where schema != nil && schema?.field(field) == nil {
            diagnostics.error("\(at).required[\(i)]", "unknown unified field `\(field)`", code: "unknown_field")
        }
        let requiredNative = (reader.stringList("required_native", &diagnostics) ?? []).map { (key: $0, path: MappingPath.split($0)) }
        let root = reader["root"] == nil ? [] : (reader.dottedPath("root", &diagnostics) ?? [])
        var pagination: (any PaginationStrategy)?
        if reader["pagination"] != nil {
            if kind != .list { diagnostics.error("\(at).pagination", "only a list operation can paginate", code: "unsupported") }
            pagination = PaginationSection.compile(reader["pagination"], root: root, at: "\(at).pagination", &diagnostics)
            if pagination?.inBody == true, requestBody == nil {
                diagnostics.error("\(at).pagination.in", "the route sends no body to carry the page position; declare its `body`", code: "unsupported")
            }
        }
        var limitParameter: String?, maxLimit: Int?, defaultLimit: Int?, limitInBody = false
        if reader["limit"] != nil, let limit = ObjectReader(reader["limit"], at: "\(at).limit", section: MappingKeys.limit, &diagnostics, what: "an object {param, max, default}") {
            limit.finish(&diagnostics)
            if kind != .list { diagnostics.error("\(at).limit", "only a list operation takes a page size", code: "unsupported") }
            limitParameter = limit.string("param", required: true, &diagnostics)
            maxLimit = limit.positiveInteger("max", &diagnostics)
            defaultLimit = limit.positiveInteger("default", &diagnostics)
            limitInBody = ParameterPlace.inBody(limit, &diagnostics)
            if limitInBody, requestBody == nil { diagnostics.error("\(at).limit.in", "the route sends no body to carry the page size; declare its `body`", code: "unsupported") }
            if let maxLimit, let defaultLimit, defaultLimit > maxLimit {
                diagnostics.error("\(at).limit.default", "the default page size \(defaultLimit) is above the maximum \(maxLimit)", code: "invalid_value")
            }
        }
        let scopes = reader.stringList("scopes", &diagnostics) ?? []
        if reader["scopes"]?.arrayValue != nil, scopes.isEmpty || scopes.contains(where: \.isEmpty) {
            diagnostics.error("\(at).scopes", "name at least one scope, none empty (any one of them grants the route)", code: "invalid_value")
        }
        guard let path else { return nil }
        var operation = Operation(
            method: method, path: path, query: query, root: root, body: body, required: required,
            requiredNative: requiredNative, pagination: pagination, limitParameter: limitParameter,
            maxLimit: maxLimit, defaultLimit: defaultLimit,
            fieldNameObjects: query.flatMap { $0.1.fieldNameObjects }
        )
        operation.scopes = scopes
        RecordSelection.compile(reader, kind: kind, into: &operation, &diagnostics)
        operation.filters = filters
        operation.requestBody = requestBody
        operation.limitInBody = limitInBody
        operation.fieldNameObjects += requestBody?.fieldNameObjects ?? []
        if kind == .list { FilterSection.validate(operation, at: at, &diagnostics) }
        return operation
    }
}

/// `pagination`: today the response-path strategy (`next` parameter ← response path, `has_more`).
enum PaginationSection {
    static func compile(_ spec: JSONValue?, root: [String], at: String, _ diagnostics: inout DiagnosticCollector) -> (any PaginationStrategy)? {
        guard let reader = ObjectReader(spec, at: at, section: MappingKeys.pagination, &diagnostics) else { return nil }
        reader.finish(&diagnostics)
        guard let next = reader["next"]?.objectValue, !next.isEmpty else {
            diagnostics.error("\(at).next", "missing: map each request parameter to the response path it is read from", code: "missing")
            return nil
        }
        var pairs: [(parameter: String, path: [String])] = []
        for (parameter, path) in next.sorted(by: { $0.key < $1.key }) {
            guard let text = path.stringValue, !text.isEmpty else {
                diagnostics.error("\(at).next.\(parameter)", "must be a response path string", code: "invalid_type")
                continue
            }
            pairs.append((parameter, MappingPath.split(text)))
        }
        let hasMore = reader.dottedPath("has_more", &diagnostics)
        let strategy = ResponsePathPagination(next: pairs, hasMore: hasMore, inBody: ParameterPlace.inBody(reader, &diagnostics))
        // The position is read beside the records, never from inside the records array.
        for (i, path) in strategy.responsePaths.enumerated() where !root.isEmpty && path.starts(with: root) {
            let key = i < pairs.count ? "next.\(pairs[i].parameter)" : "has_more"
            diagnostics.error("\(at).\(key)", "`\(path.joined(separator: "."))` lies inside the records array `\(root.joined(separator: "."))`; a page position is read beside it", code: "invalid_path")
        }
        return strategy
    }
}

/// `in`: where a page parameter goes, `query` (the default) or `body` (a search's JSON body).
enum ParameterPlace {
    static func inBody(_ reader: ObjectReader, _ diagnostics: inout DiagnosticCollector) -> Bool {
        reader.choice("in", from: [("query", false), ("body", true)], noun: "parameter place", &diagnostics) ?? false
    }
}

/// `keep_when`, `flatten` and `from_list`: which native records a route's answer holds for the resource.
enum RecordSelection {
    static func compile(_ reader: ObjectReader, kind: OperationKind, into operation: inout Operation, _ diagnostics: inout DiagnosticCollector) {
        if let spec = reader["keep_when"] {
            if kind != .list, kind != .get { diagnostics.error(reader.path("keep_when"), "only a list or a get selects records", code: "unsupported") }
            if let object = spec.objectValue, !object.isEmpty {
                for (path, value) in object.sorted(by: { $0.key < $1.key }) {
                    let values = value.arrayValue ?? [value]
                    if values.isEmpty || values.contains(where: { $0.scalarText == nil || $0 == .null }) {
                        diagnostics.error("\(reader.path("keep_when")).\(path)", "must be a value or a list of values (strings, numbers, booleans)", code: "invalid_type")
                        continue
                    }
                    operation.keepWhen.append((MappingPath.split(path), values))
                }
            } else {
                diagnostics.error(reader.path("keep_when"), "must be a non-empty object {native path: value or [values]}", code: "invalid_type")
            }
        }
        if reader["flatten"] != nil, let flatten = ObjectReader(reader["flatten"], at: reader.path("flatten"), section: MappingKeys.flatten, &diagnostics, what: "an object {items, parent}") {
            flatten.finish(&diagnostics)
            if kind != .list { diagnostics.error(reader.path("flatten"), "only a list flattens its records", code: "unsupported") }
            if let items = flatten.dottedPath("items", required: true, &diagnostics) {
                let parent = flatten.string("parent", &diagnostics)
                if let parent, parent.isEmpty || parent.contains(".") { diagnostics.error(flatten.path("parent"), "must be one key (the parent is put under it in each record)", code: "invalid_value") }
                operation.flatten = (items, parent)
            }
        }
        if reader.bool("from_list", &diagnostics) {
            if kind != .get { diagnostics.error(reader.path("from_list"), "only a get can be served from the list", code: "unsupported") }
            operation.fromList = true
        }
    }
}

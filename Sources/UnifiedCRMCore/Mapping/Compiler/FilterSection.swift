/// `operations.list.filters` (and `operations.search.filters`): the list filters a route serves,
/// keyed as the caller writes them (`updated_at[gt]`, `email_addresses`, `pipeline_id`, `entity`).
enum FilterSection {
    static let comparisons: Set<String> = ["gt", "gte", "lt", "lte"]

    /// The unified kind a filter's value has, from its name; nil (with a diagnostic) for a name
    /// that is neither `<date-time field>[gt|gte|lt|lte]`, a field of the schema, nor `<x>_id`.
    static func kind(of name: String, schema: UnifiedSchema?, at: String, _ diagnostics: inout DiagnosticCollector) -> UnifiedKind? {
        if let open = name.firstIndex(of: "["), name.hasSuffix("]") {
            let field = String(name[..<open]), comparison = String(name[name.index(after: open)..<name.index(before: name.endIndex)])
            guard comparisons.contains(comparison) else {
                diagnostics.error(at, "unknown comparison `[\(comparison)]`; use one of \(comparisons.sorted().map { "[\($0)]" }.joined(separator: ", "))", code: "invalid_value")
                return nil
            }
            guard let schema, schema.kind(of: field) == .datetime else {
                diagnostics.error(at, "`\(field)` is not a date-time field of the unified resource; comparisons apply to date-times", code: "unknown_field")
                return nil
            }
            return .datetime
        }
        if name.hasSuffix("_id"), name.count > 3, !name.contains(where: { !$0.isLetter && $0 != "_" }) { return .string }
        guard let schema, let kind = schema.kind(of: name) else {
            diagnostics.error(at, "unknown filter `\(name)`: name a field of the unified resource, `<date-time field>[gt]` or `<resource>_id`", code: "unknown_field")
            return nil
        }
        return kind == .datetime ? .datetime : .string
    }

    static func compile(_ spec: JSONValue?, schema: UnifiedSchema?, at: String, _ diagnostics: inout DiagnosticCollector) -> [ListFilter] {
        guard let spec else { return [] }
        guard let object = spec.objectValue else { diagnostics.error(at, "must be an object {filter name: {query | item, type}}", code: "invalid_type"); return [] }
        var filters: [ListFilter] = []
        for (name, value) in object.sorted(by: { $0.key < $1.key }) {
            let filterAt = "\(at).\(name)"
            guard let kind = kind(of: name, schema: schema, at: filterAt, &diagnostics),
                  let reader = ObjectReader(value, at: filterAt, section: MappingKeys.filter, &diagnostics, what: "an object {query | item, type}") else { continue }
            reader.finish(&diagnostics)
            _ = reader.string("docs", &diagnostics)
            let type = reader.choice("type", from: FieldSection.transforms, noun: "transform", &diagnostics) ?? (kind == .datetime ? .datetime : .string)
            let (_, enumWrite) = FieldSection.enumMaps(reader["enum"], at: "\(filterAt).enum", &diagnostics)
            var destination = ListFilter.Destination.route
            if reader["query"] != nil, reader["item"] != nil { diagnostics.error(filterAt, "declare either `query` or `item`, not both", code: "conflict") }
            if let param = reader.string("query", &diagnostics) {
                destination = .query(param)
            } else if let item = reader["item"] {
                guard item.objectValue != nil, let template = BodyTemplateSection.compile(item, allowed: ["context", "value"], at: "\(filterAt).item", &diagnostics) else { continue }
                destination = .item(template)
            }
            let sets = reader.string("sets", &diagnostics)
            if let sets, schema?.field(sets) == nil { diagnostics.error("\(filterAt).sets", "unknown unified field `\(sets)`", code: "unknown_field") }
            filters.append(ListFilter(name: name, unifiedKind: kind, type: type, enumWrite: enumWrite, destination: destination,
                                      required: reader.bool("required", &diagnostics), sets: sets))
        }
        return filters
    }

    /// The cross-checks of a route's filters with its path and body.
    static func validate(_ operation: Operation, at: String, _ diagnostics: inout DiagnosticCollector) {
        let routeNames = Set(operation.path.filterNames)
        for name in routeNames.sorted() where operation.filter(name) == nil {
            diagnostics.error("\(at).path", "`{filter:\(name)}` names no filter of `filters`", code: "unknown_reference")
        }
        for filter in operation.filters {
            if case .route = filter.destination, !routeNames.contains(filter.name) {
                diagnostics.error("\(at).filters.\(filter.name)", "goes nowhere: give it a `query` parameter or an `item`, or use `{filter:\(filter.name)}` in the path", code: "missing")
            }
            if case .item = filter.destination, operation.requestBody?.hasFiltersSlot != true {
                diagnostics.error("\(at).filters.\(filter.name).item", "the route's `body` has no `{filters}` list for the item", code: "unknown_reference")
            }
        }
    }
}

/// A JSON body template (`RequestBodyTemplate`) from a mapping file.
enum BodyTemplateSection {
    static func compile(_ json: JSONValue, allowed: Set<String>, at: String, depth: Int = 0, _ diagnostics: inout DiagnosticCollector) -> RequestBodyTemplate? {
        guard depth < 16 else { diagnostics.error(at, "nested too deep", code: "invalid_value"); return nil }
        switch json {
        case .string(let text):
            guard let template = ObjectReader.template(text, at: at, allowed: allowed, &diagnostics) else { return nil }
            return template.isLiteral ? .literal(json) : .text(template)
        case .array(let items):
            var result: [RequestBodyTemplate] = []
            for (i, item) in items.enumerated() {
                if let compiled = compile(item, allowed: allowed, at: "\(at)[\(i)]", depth: depth + 1, &diagnostics) { result.append(compiled) }
            }
            return .array(result)
        case .object(let members):
            var result: [(String, RequestBodyTemplate)] = []
            for (key, member) in members.sorted(by: { $0.key < $1.key }) {
                if let compiled = compile(member, allowed: allowed, at: "\(at).\(key)", depth: depth + 1, &diagnostics) { result.append((key, compiled)) }
            }
            return .object(result)
        default:
            return .literal(json)
        }
    }
}

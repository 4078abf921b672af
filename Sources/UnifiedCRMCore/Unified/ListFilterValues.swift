/// A list request's filters resolved against its mapping before anything is sent: the route that
/// serves them all (the list, or its search), and each value checked and converted to native.
struct ListFilterValues: Sendable {
    /// The route to call.
    var operation: Operation
    /// Native values by filter name (for `{filter:<name>}` in the path and body).
    var values: [String: JSONValue] = [:]
    /// Filters that are query parameters.
    var query: [(String, String)] = []
    /// Rendered filter items of the body's `{filters}` list.
    var items: [JSONValue] = []
    /// Unified values each record takes (`sets`).
    var recordValues: [(field: String, value: JSONValue)] = []

    static func none(_ operation: Operation) -> ListFilterValues { ListFilterValues(operation: operation) }

    /// Picks the route and converts the values; a 400 names the first filter that cannot be served
    /// or whose value is bad.
    static func resolve(_ given: [(name: String, value: JSONValue)], list: Operation, resource: String, provider: String, context: JSONValue) throws -> ListFilterValues {
        let routes = [list] + list.search
        let names = given.map(\.name)
        guard let route = routes.first(where: { route in names.allSatisfy { route.filter($0) != nil } && route.filters.allSatisfy { !$0.required || names.contains($0.name) } }) else {
            if let unserved = names.first(where: { name in !routes.contains { $0.filter(name) != nil } }) {
                let served = Set(routes.flatMap { $0.filters.map(\.name) }).sorted()
                let known = served.isEmpty ? "it serves no list filters" : "it serves: \(served.joined(separator: ", "))"
                throw APIError(.unsupportedFilter, "\(provider) cannot filter \(resource) by `\(unserved)`; \(known).",
                               details: ["parameter": .string(unserved), "provider": .string(provider), "allowed": .array(served.map(JSONValue.string))])
            }
            if let missing = routes.lazy.flatMap({ $0.filters }).first(where: { $0.required && !names.contains($0.name) }), routes.count == 1 || names.isEmpty {
                throw APIError.invalidParameter(missing.name, "The filter `\(missing.name)` is required to list \(resource) on \(provider).")
            }
            throw APIError(.unsupportedFilter, "\(provider) cannot filter \(resource) by \(names.map { "`\($0)`" }.joined(separator: " and ")) together.",
                           details: ["parameter": .string(names.joined(separator: ",")), "provider": .string(provider)])
        }
        var resolved = ListFilterValues(operation: route)
        for (name, value) in given {
            let filter = route.filter(name)!
            let native = try nativeValue(value, filter: filter, provider: provider)
            resolved.values[name] = native
            if let field = filter.sets { resolved.recordValues.append((field, value)) }
            switch filter.destination {
            case .query(let param): resolved.query.append((param, native.scalarText ?? ""))
            case .item(let template):
                var values = Template.Values(context: context)
                values.value = native
                if let item = template.render(values, filterItems: []) { resolved.items.append(item) }
            case .route: break
            }
        }
        return resolved
    }

    static func nativeValue(_ value: JSONValue, filter: ListFilter, provider: String) throws -> JSONValue {
        let name = filter.name
        guard let text = value.stringValue, !text.isEmpty else {
            throw APIError.invalidParameter(name, "The filter `\(name)` takes one non-empty value.")
        }
        var unified = text
        if filter.unifiedKind == .datetime {
            guard let date = ISODate.parse(text) else {
                throw APIError.invalidParameter(name, "The filter `\(name)` must be an ISO 8601 date-time (e.g. 2026-11-01T00:00:00Z).")
            }
            unified = date.iso8601Milliseconds
        }
        if let map = filter.enumWrite {
            guard let mapped = map[unified] else {
                let allowed = map.keys.sorted()
                throw APIError(.unsupportedFilter, "The filter `\(name)` must be one of: \(allowed.joined(separator: ", ")) (\(provider)).",
                               details: ["parameter": .string(name), "provider": .string(provider), "allowed": .array(allowed.map(JSONValue.string))])
            }
            unified = mapped
        }
        guard let native = filter.type.write(.string(unified)) else {
            throw APIError.invalidParameter(name, "The filter `\(name)` must be \(filter.type.unifiedDescription) for \(provider).")
        }
        return native
    }
}

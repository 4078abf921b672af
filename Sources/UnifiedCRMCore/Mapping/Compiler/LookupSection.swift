/// `lookups.<name>`: an id → name table read from a provider list route.
enum LookupSection {
    static func compile(_ value: JSONValue?, at: String, _ diagnostics: inout DiagnosticCollector) -> [String: LookupMapping] {
        guard let value else { return [:] }
        guard let specs = value.objectValue else { diagnostics.error(at, "must be an object of named lookups", code: "invalid_type"); return [:] }
        var lookups: [String: LookupMapping] = [:]
        for (name, spec) in specs.sorted(by: { $0.key < $1.key }) {
            let lookupAt = "\(at).\(name)"
            // The route keys are read (and unknown keys reported) by the operation stage.
            guard let operation = OperationSection.compile(spec, kind: .list, schema: nil, at: lookupAt, section: MappingKeys.lookup, &diagnostics),
                  let reader = ObjectReader(spec, at: lookupAt, section: MappingKeys.lookup, &diagnostics),
                  let key = reader.dottedPath("key", required: true, &diagnostics),
                  let valuePath = reader.dottedPath("value", required: true, &diagnostics) else { continue }
            lookups[name] = LookupMapping(
                operation: operation, itemsPath: reader["items"] == nil ? nil : reader.dottedPath("items", &diagnostics),
                keyPath: key, valuePath: valuePath, ttlSeconds: reader.positiveInteger("ttl_seconds", &diagnostics) ?? 300
            )
        }
        return lookups
    }
}

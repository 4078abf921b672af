/// JSON Schemas of what `validate(context:)` and `IntegrationCatalog.descriptor(named:)` accept, for
/// the served OpenAPI document: a schema-valid `POST /integrated-account` body is one the server
/// accepts, and the other way round.
extension IntegrationDescriptor {
    /// The `context` values `validate(context:)` accepts, as a JSON Schema; nil when none (the
    /// mapping declares neither an `api_key` nor an `oauth` method).
    ///
    /// Mirrors `validate(context:)`: a context with an `oauth` key uses the `oauth` method when the
    /// mapping has one, anything else the `api_key` method; the method's paths and the integration's
    /// required paths must each hold a value that is not null (and a non-empty string when a string).
    public var contextSchema: JSONValue? {
        var branches: [JSONValue] = []
        if let oauth = authMethods["oauth"] {
            var branch = Self.schema(requiring: oauth + requiredContext)
            branch.append(required: "oauth")
            branches.append(branch)
        }
        if let apiKey = authMethods["api_key"] {
            var branch = Self.schema(requiring: apiKey + requiredContext)
            // With an `oauth` key the oauth method is chosen instead (when the mapping has one), so
            // `oauth` must be absent: `not: {}` matches no value (OpenAPIKit reads no `false` schema).
            if authMethods["oauth"] != nil { branch.set(.object(["not": .object([:])]), at: ["properties", "oauth"]) }
            branches.append(branch)
        }
        // The account base URL (Pipedrive `api_domain`), wherever present, is an allowed https origin.
        if let base = accountBaseURL {
            let path = base.contextPath.split(separator: ".").flatMap { ["properties", String($0)] }
            for index in branches.indices {
                branches[index].set(.object(["type": .string("string"), "pattern": .string(base.originPattern)]), at: path)
            }
        }
        switch branches.count {
        case 0: return nil
        case 1: return branches[0]
        default: return .object(["anyOf": .array(branches)])
        }
    }

    /// A present value: not null; a string is not empty.
    static let presentValue: JSONValue = .object([
        "type": .array(["string", "number", "boolean", "object", "array"].map { .string($0) }),
        "minLength": .integer(1),
    ])

    /// An object schema with a present value at each dotted path (objects all the way down).
    static func schema(requiring paths: [String]) -> JSONValue {
        var schema: JSONValue = .object(["type": .string("object")])
        for path in paths {
            let keys = path.split(separator: ".").map(String.init)
            guard !keys.isEmpty else { continue }
            var location: [String] = []
            for (index, key) in keys.enumerated() {
                let property = location + ["properties", key]
                if index == keys.count - 1 {
                    // A present leaf wins over an object required at the same path by another one.
                    if schema.value(at: property) == nil { schema.set(presentValue, at: property) }
                } else if schema.value(at: property)?["type"] != .string("object") {
                    schema.set(.object(["type": .string("object")]), at: property)
                }
                schema.append(required: key, at: location)
                location = property
            }
        }
        return schema
    }
}

extension IntegrationCatalog {
    /// Names of the integrations whose mapping has OAuth authentication.
    public var oauthNames: [String] { names.filter { descriptors[$0]?.authMethods["oauth"] != nil } }

    /// The `POST /integrated-account` bodies `AccountService.create` accepts: `integration` one of
    /// `names`, a non-empty `tenant_id`, and the `context` that integration requires.
    public var accountCreateSchema: JSONValue {
        let branches: [JSONValue] = names.compactMap { name in
            guard let context = descriptors[name]?.contextSchema else { return nil }
            return .object([
                "properties": .object(["integration": .object(["const": .string(name)]), "context": context]),
            ])
        }
        return .object([
            "type": .string("object"),
            "required": .array(["integration", "tenant_id", "context"].map { .string($0) }),
            "properties": .object([
                "integration": .object(["type": .string("string"), "enum": .array(names.map { .string($0) }),
                                        "description": .string("A loaded mapping file's `name`; unknown → 400.")]),
                "tenant_id": .object(["type": .string("string"), "minLength": .integer(1)]),
                "context": .object(["type": .string("object"),
                                    "description": .string("Credentials and provider settings, as the integration's mapping file declares.")]),
            ]),
            "oneOf": .array(branches),
        ])
    }
}

extension JSONValue {
    /// Adds `name` to the `required` list of the object schema at `path` (once).
    mutating func append(required name: String, at path: [String] = []) {
        var list = value(at: path + ["required"])?.arrayValue ?? []
        if !list.contains(.string(name)) { list.append(.string(name)) }
        set(.array(list), at: path + ["required"])
    }
}

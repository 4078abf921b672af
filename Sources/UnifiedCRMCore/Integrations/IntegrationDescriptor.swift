/// What the account store needs to know about one integration: its name, the context it requires,
/// and which context values are secrets. Built from the integration's mapping file.
public struct IntegrationDescriptor: Sendable, Equatable {
    /// Context paths every account of this integration must have (e.g. HighLevel `location_id`).
    public var requiredContext: [String]
    /// Authentication methods by name (`api_key`, `oauth`) and the context paths each requires.
    public var authMethods: [String: [String]]
    public var name: String
    /// Context paths that hold secrets beyond the well-known credential names.
    public var secretPaths: Set<String>
    /// The context value that, when present, is the account's base URL (Pipedrive `api_domain`).
    public var accountBaseURL: AccountBaseURL?

    public init(name: String, requiredContext: [String] = [], authMethods: [String: [String]], secretPaths: Set<String> = [], accountBaseURL: AccountBaseURL? = nil) {
        self.accountBaseURL = accountBaseURL
        self.name = name
        self.requiredContext = requiredContext
        self.authMethods = authMethods
        self.secretPaths = secretPaths
    }

    /// Picks the authentication method from the context's shape and checks required values.
    /// Throws a 400 naming the first missing field (as `context.<path>`).
    public func validate(context: JSONValue) throws -> String {
        guard context.objectValue != nil else {
            throw APIError.invalidField("context", "The field `context` must be a JSON object.")
        }
        let method = context["oauth"] != nil && authMethods["oauth"] != nil ? "oauth" : "api_key"
        guard let methodPaths = authMethods[method] else {
            let allowed = authMethods.keys.sorted().joined(separator: ", ")
            throw APIError.invalidField("context", "The integration `\(name)` supports these authentication methods: \(allowed).")
        }
        for path in methodPaths + requiredContext {
            let value = context.value(atPath: path)
            let present: Bool
            switch value {
            case .none, .null?: present = false
            case .string(let s)?: present = !s.isEmpty
            default: present = true
            }
            if !present {
                throw APIError.invalidField(
                    "context.\(path)",
                    "The field `context.\(path)` is required for \(name) accounts (\(method == "oauth" ? "OAuth" : "API key") authentication).",
                    code: .missingField
                )
            }
        }
        try accountBaseURL?.validate(context: context)
        return method
    }
}

/// The integrations this server knows, by name (one per loaded mapping file).
public struct IntegrationCatalog: Sendable {
    public private(set) var descriptors: [String: IntegrationDescriptor]

    public init(_ descriptors: [IntegrationDescriptor]) {
        self.descriptors = Dictionary(descriptors.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
    }

    public var names: [String] { descriptors.keys.sorted() }

    public subscript(name: String) -> IntegrationDescriptor? { descriptors[name] }

    /// The descriptor for `name`, or a 400 naming the `integration` field and listing the known ones.
    public func descriptor(named name: String) throws -> IntegrationDescriptor {
        guard let descriptor = descriptors[name] else {
            throw APIError.invalidField(
                "integration",
                "Unknown integration `\(name)`. Known integrations: \(names.joined(separator: ", ")).",
                code: .unknownIntegration,
                extra: ["allowed": .array(names.map { .string($0) })]
            )
        }
        return descriptor
    }
}

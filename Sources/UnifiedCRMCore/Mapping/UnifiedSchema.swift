/// What a unified field is on the unified side, read from its JSON Schema.
public enum UnifiedKind: String, Sendable, CaseIterable {
    /// A JSON string.
    case string
    /// A JSON number.
    case number
    /// `true` or `false`.
    case boolean
    /// An ISO 8601 date-time string in UTC (`format: date-time`).
    case datetime
    /// `{"id": "..."}`, plus `name` where the schema has it.
    case reference
    /// `[{"id": "..."}]`.
    case referenceList = "reference_list"
    /// A list of objects without an id, e.g. `email_addresses [{email, type}]`, `urls [{url, type}]`.
    case objectList = "object_list"
    /// A nested object with its own properties.
    case object
    /// Object keyed by custom field name (`x-unified-kind: custom_fields`).
    case customFields = "custom_fields"
}

/// The shape of a unified value, used to check write bodies before any provider call.
public indirect enum UnifiedShape: Sendable, Equatable {
    case string
    case number
    case boolean
    case datetime
    /// An object with these properties (unknown keys refused); `required` must be present.
    case object(properties: [String: UnifiedShape], required: [String])
    case list(UnifiedShape)
    /// Any JSON object (custom fields: checked against the provider's definitions instead).
    case anyObject
}

/// One field of a unified resource.
public struct UnifiedField: Sendable {
    public var name: String
    public var kind: UnifiedKind
    public var shape: UnifiedShape
    /// Set by the provider only (`readOnly: true` in the schema), e.g. `created_at`.
    public var readOnly: Bool
    /// The field's JSON Schema, `$ref`s resolved (what the OpenAPI and meta schemas are built from).
    public var jsonSchema: JSONValue
}

/// A unified resource's model, loaded from `schema/<resource>.json` (see `UnifiedSchemaSet`).
public struct UnifiedSchema: Sendable {
    public var resource: String
    /// Name of the OpenAPI component (`Opportunity`).
    public var component: String
    public var description: String?
    /// Fields in the schema file's order.
    public var fields: [UnifiedField]
    /// Examples from the schema file (`examples`).
    public var examples: [JSONValue]
    private var index: [String: Int]

    public init(resource: String, component: String, description: String? = nil, fields: [UnifiedField], examples: [JSONValue] = []) {
        self.resource = resource
        self.component = component
        self.description = description
        self.fields = fields
        self.examples = examples
        self.index = Dictionary(fields.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func field(_ name: String) -> UnifiedField? { index[name].map { fields[$0] } }
    public func kind(of field: String) -> UnifiedKind? { self.field(field)?.kind }
    public var fieldNames: [String] { fields.map(\.name) }
}

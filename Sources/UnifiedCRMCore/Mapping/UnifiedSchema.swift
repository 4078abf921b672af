/// The unified model of each resource: field names and the shape each has on the unified side.
public enum UnifiedKind: String, Sendable {
    /// A JSON string.
    case string
    /// A JSON number.
    case number
    /// An ISO 8601 date-time string in UTC.
    case datetime
    /// `{"id": "..."}` (plus `name` for stage).
    case reference
    /// `[{"id": "..."}]`.
    case referenceList
    /// `[{"type": ..., "url": ...}]`.
    case urlList
    /// Object keyed by custom field name.
    case customFields
}

public struct UnifiedSchema: Sendable {
    public var resource: String
    public var fields: [(name: String, kind: UnifiedKind)]

    public func kind(of field: String) -> UnifiedKind? { fields.first { $0.name == field }?.kind }
    public var fieldNames: [String] { fields.map(\.name) }

    /// Unified opportunity (CONTRACT.md "Unified opportunity").
    public static let opportunities = UnifiedSchema(resource: "opportunities", fields: [
        ("id", .string), ("name", .string), ("description", .string), ("amount", .number), ("currency", .string),
        ("close_date", .datetime), ("close_time", .datetime), ("stage", .reference), ("status", .string),
        ("owner", .reference), ("account", .reference), ("contact", .referenceList), ("tags", .referenceList),
        ("urls", .urlList), ("custom_fields", .customFields), ("created_at", .datetime), ("updated_at", .datetime),
        ("last_activity_at", .datetime),
    ])

    public static let all: [String: UnifiedSchema] = ["opportunities": .opportunities]
}

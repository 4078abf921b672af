/// One list filter a mapping serves natively (`updated_at[gt]`, `email_addresses`, `pipeline_id`,
/// `entity`): how the caller's value is checked and converted, and where it goes in the call.
public struct ListFilter: Sendable {
    public enum Destination: Sendable {
        /// A query parameter of the call (Pipedrive `updated_since`).
        case query(String)
        /// An element of the body's `{filters}` list (HubSpot search `{propertyName, operator, value}`).
        case item(RequestBodyTemplate)
        /// Only the route uses it, through `{filter:<name>}` (HighLevel `/contacts/{contactId}/notes`).
        case route
    }

    /// As the caller writes it in the query (`updated_at[gt]`).
    public var name: String
    /// What the caller's value must be: a date-time for `<date field>[op]`, else text.
    public var unifiedKind: UnifiedKind
    /// Unified value → native value.
    public var type: ValueType
    /// Unified value → native value for a closed set (`entity=opportunities` → `deals`).
    public var enumWrite: [String: String]?
    public var destination: Destination
    /// A list that cannot be served without it (a route that contains it).
    public var required: Bool
    /// A unified field each listed record takes the filter's value in (`fields.entity`).
    public var sets: String?
}

/// A list route's JSON request body (POST searches), compiled at load: JSON whose strings are
/// templates. A string that is one variable is a typed slot: `{limit}` a number,
/// `{field_names:<object>}` an array of names, `{filters}` the array of filter items, `{value}` the
/// filter's native value; other strings render as text. A value that cannot render leaves its key out.
public indirect enum RequestBodyTemplate: Sendable {
    case literal(JSONValue)
    case text(Template)
    case array([RequestBodyTemplate])
    case object([(String, RequestBodyTemplate)])

    /// The objects named by `{field_names:<object>}` anywhere in the body.
    public var fieldNameObjects: [String] {
        switch self {
        case .literal: []
        case .text(let template): template.fieldNameObjects
        case .array(let items): items.flatMap(\.fieldNameObjects)
        case .object(let members): members.flatMap { $0.1.fieldNameObjects }
        }
    }

    /// True when a `{filters}` slot is somewhere in the body.
    public var hasFiltersSlot: Bool {
        switch self {
        case .literal: false
        case .text(let template): template.soleVariable == .filters
        case .array(let items): items.contains(where: \.hasFiltersSlot)
        case .object(let members): members.contains { $0.1.hasFiltersSlot }
        }
    }

    public func render(_ values: Template.Values, filterItems: [JSONValue]) -> JSONValue? {
        switch self {
        case .literal(let value):
            return value
        case .text(let template):
            switch template.soleVariable {
            case .limit?: return values.limit.map { .integer($0) }
            case .fieldNames(let object)?:
                let names = (values.fieldNames[object] ?? "").split(separator: ",").map { JSONValue.string(String($0)) }
                return .array(names)
            case .filters?: return .array(filterItems)
            case .value?: return values.value
            case .filter(let name)?: return values.filters[name]
            default: return template.render(values).map(JSONValue.string)
            }
        case .array(let items):
            return .array(items.compactMap { $0.render(values, filterItems: filterItems) })
        case .object(let members):
            var object: [String: JSONValue] = [:]
            for (key, member) in members {
                if let value = member.render(values, filterItems: filterItems) { object[key] = value }
            }
            return .object(object)
        }
    }
}

/// One unified field, declared once and used both ways: read (native → unified) and write
/// (unified → native).
public struct FieldMapping: Sendable {
    public enum Wrap: String, Sendable {
        /// Unified `{"id": x}` ↔ native scalar `x`.
        case id
        /// Unified `[{"id": x}, ...]` ↔ native scalar, array of scalars, or array of objects (see `itemPath`).
        case idList = "id_list"
    }

    /// How the native side of an `id_list` looks.
    public enum NativeList: String, Sendable {
        /// One scalar (e.g. Pipedrive `person_id`): reads as a one-element list, writes the single element.
        case single
        /// An array of scalars (e.g. Pipedrive `label_ids`).
        case scalars
        /// An array of objects holding the id at `item_path` (e.g. HubSpot association results).
        case objects
    }

    public var unifiedName: String
    public var unifiedKind: UnifiedKind
    /// The unified value's shape from the schema (write bodies are checked against it).
    public var shape: UnifiedShape
    public var nativePath: [String]
    public var type: ValueType
    public var wrap: Wrap?
    public var nativeList: NativeList
    public var itemPath: [String]
    /// Native value → unified value.
    public var enumRead: [String: String]?
    /// Unified value → native value (the inverse of `enumRead`).
    public var enumWrite: [String: String]?
    /// A fixed unified value (no native path): read gives it, writes are refused.
    public var constant: JSONValue?
    /// For `wrap: id`: a lookup whose table gives the reference's `name` on read.
    public var nameLookup: String?
    public var readOnly: Bool
    public var writeOnly: Bool
    /// Lists (or text) built from several native values (`items`, `entries`, `concat`).
    public var composition: FieldComposition? = nil
    /// Where a link field is written instead of its `path` (`write`).
    public var writeOverride: FieldWrite? = nil
}

/// Where custom fields live in a native record and how their names are learned.
public struct CustomFieldsMapping: Sendable {
    public enum Style: String, Sendable {
        /// An object keyed by the field key (HubSpot `properties`, Pipedrive `custom_fields`).
        case object
        /// An array of `{id, value}` objects (HighLevel `customFields`).
        case array
    }

    public var style: Style
    public var path: [String]
    /// Array style: key of the field id in each element, and of the value on read and write.
    public var idKey: String
    /// Keys tried in order for the value on read (HighLevel documents `fieldValue`; live answers
    /// use typed keys such as `fieldValueString`).
    public var readValueKeys: [String]
    public var writeValueKey: String
    /// Write path when it differs from the read path.
    public var writePath: [String]
    public var definitions: Operation
    /// In each definition: the key used in records, the display name, the native type.
    public var keyPath: [String]
    public var namePath: [String]
    public var typePath: [String]?
    /// Definitions with one of these values at a path are built-in, not custom (HubSpot `hubspotDefined: true`).
    public var excludeWhen: [(path: [String], value: JSONValue)]
    /// Only keys matching this regular expression are custom (Pipedrive 40-char hashes).
    public var keyPattern: String?
    /// Native type name → value type used for the value (default passthrough).
    public var types: [String: ValueType]
    /// Definition path of enum options and, in each option, its id and label
    /// (values are shown by label, written by id).
    public var optionsPath: [String]?
    public var optionIdPath: [String]
    public var optionLabelPath: [String]
    public var ttlSeconds: Int
}

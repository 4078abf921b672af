/// One key of a unified sub-object (an email's `email`, a stage's `position`): read from a native
/// path, or fixed (`{"constant": "mobile"}`, which a write must match or leave out).
public struct SubFieldMapping: Sendable {
    public var key: String
    /// Inside each native element (`items`) or from the native record (`entries`); empty for a constant.
    public var path: [String]
    public var constant: JSONValue?
    public var type: ValueType
    public var enumRead: [String: String]?
    public var enumWrite: [String: String]?
}

/// A unified list (or text) built from several native values instead of one path.
public enum FieldComposition: Sendable {
    /// Each element of the native array at the field's `path` is one unified element, its keys
    /// renamed (Pipedrive `emails [{value, label}]` → `email_addresses [{email, type}]`).
    case items([SubFieldMapping])
    /// Fixed unified elements, each built from native paths of the record (HubSpot `phone` and
    /// `mobilephone` → `phone_numbers`). An entry whose native values are all empty is left out.
    case entries([[SubFieldMapping]])
    /// Read-only text: the non-empty native values joined by `separator` (a name from first and last).
    case concat([[String]], separator: String)
}

extension FieldMapping {
    /// Every native path the field reads (for `{field_names:<object>}` and webhook change matching).
    public var readPaths: [[String]] {
        switch composition {
        case .entries(let entries)?: entries.flatMap { $0.map(\.path) }.filter { !$0.isEmpty }
        case .concat(let paths, _)?: paths
        case .items?, nil: nativePath.isEmpty ? [] : [nativePath]
        }
    }
}

/// How a link field (a reference or a list of them) is written when the provider does not take it
/// in the record's own body (`write`).
public enum FieldWrite: Sendable {
    /// Create bodies only: per linked id, `item` (a JSON template with `{value}`) appended to the
    /// array at `path` (HubSpot's inline `associations` of a new note).
    case append(path: [String], item: RequestBodyTemplate)
    /// After the record is written: one call per linked id, `{id}` the record's id and `{value}` the
    /// linked id (HubSpot's associations v4 `PUT`). `createOnly`: an update setting the field is a
    /// 400 (a call adds a link, and a single reference's old link would stay beside the new one).
    case call(Operation, createOnly: Bool)
}

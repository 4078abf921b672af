/// Field values written as a list of entries that name their field by id or key (HighLevel's
/// `customFields: [{"id" | "key": ..., "field_value": ...}]`): which members hold the id, the key
/// and the value. Entries without the value member are skipped (they change nothing).
public struct FieldEntries: Sendable {
    /// Why the list cannot be read.
    public enum Problem: Error, Equatable {
        case notAnObject(index: Int)
        /// Neither the id nor the key member is a string.
        case noReference(index: Int)
        /// The id or key names no field (the id when both are given).
        case unknownField(String)

        /// The provider's named error for the problem (`fieldEntryNotAnObject` or
        /// `fieldEntryNoReference` with the entry's `index`, `unknownField` with the `field` named),
        /// worded in its `answers.json`.
        public var error: FakeError {
            switch self {
            case .notAnObject(let index): .named("fieldEntryNotAnObject", ["index": .string(String(index))])
            case .noReference(let index): .named("fieldEntryNoReference", ["index": .string(String(index))])
            case .unknownField(let field): .named("unknownField", ["field": .string(field)])
            }
        }
    }

    /// One entry: its position, field and value as written.
    public struct Entry {
        public let index: Int
        public let field: FieldDefinitions.Field
        public let value: Any
    }

    public let id: String
    public let key: String
    public let value: String

    public init(id: String, key: String, value: String) { (self.id, self.key, self.value) = (id, key, value) }

    /// `each` of the entries of `list`, in order; `find` looks a field up by id or key. An entry's
    /// problem (a thrown `Problem`) or `each`'s error stops the reading where it happens.
    public func read<T>(_ list: [Any], find: (_ id: String?, _ key: String?) -> FieldDefinitions.Field?,
                        _ each: (Entry) throws -> T) throws -> [T] {
        var results: [T] = []
        for (index, item) in list.enumerated() {
            guard let object = item as? [String: Any] else { throw Problem.notAnObject(index: index) }
            let id = object[id] as? String, key = object[key] as? String
            guard id != nil || key != nil else { throw Problem.noReference(index: index) }
            guard let field = find(id, key) else { throw Problem.unknownField(id ?? key ?? "") }
            if let raw = object[value] { results.append(try each(Entry(index: index, field: field, value: raw))) }
        }
        return results
    }
}

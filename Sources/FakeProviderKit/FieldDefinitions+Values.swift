/// A record's custom field values as the definitions list them: read when written, rendered when
/// answered (every custom field, null when unset).
extension FieldDefinitions {
    /// Every custom field's stored value in `stored` (keyed by field key), JSON null when unset,
    /// only the keys in `only` when given.
    public func customValues(_ stored: [String: RecordValue], only: Set<String>? = nil) -> [String: Any] {
        var values: [String: Any] = [:]
        for field in custom where only?.contains(field.key) ?? true { values[field.key] = (stored[field.key] ?? .null).foundation }
        return values
    }

    /// The values to store for written custom fields (`.null` clears), checked by `checks` (a
    /// failure is a 400 with its message); a key that is not a custom field answers 400 with
    /// `unknown` (its `{key}` filled).
    public func checkedCustomValues(_ written: [String: RecordValue], checks: FieldValueChecks, unknown: String) throws(FakeError) -> [String: RecordValue] {
        var values: [String: RecordValue] = [:]
        for (key, value) in written {
            guard let field = custom(key: key) else { throw .badRequest(unknown.replacingOccurrences(of: "{key}", with: key)) }
            values[key] = try checks.value(value, for: field).mapError { FakeError.badRequest($0.message) }.get()
        }
        return values
    }
}

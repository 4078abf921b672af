/// Link fields written outside the record's own fields (`FieldWrite`): appended to a create body,
/// or sent as calls after the write.
extension RecordMapper {
    /// A call to make after the record is written: `operation` once per linked id.
    public struct LinkCall: Sendable {
        public var field: String
        public var operation: Operation
        public var ids: [String]
    }

    /// The native ids of a link field's value, each checked as the field's type.
    func linkedIDs(_ value: JSONValue, field: FieldMapping) throws -> [JSONValue] {
        let name = field.unifiedName
        if value == .null { return [] }
        if field.wrap == .id {
            guard let id = value["id"], id != .null else { throw APIError.invalidField(name, "The field `\(name)` must be an object {\"id\": ...}.") }
            return [try linkID(id, field: field, name: "\(name).id")]
        }
        guard let items = value.arrayValue else { throw APIError.invalidField(name, "The field `\(name)` must be a list [{\"id\": ...}].") }
        return try items.enumerated().map { i, item in
            guard let id = item["id"], id != .null else { throw APIError.invalidField("\(name)[\(i)].id", "Each element of `\(name)` must be an object {\"id\": ...}.") }
            return try linkID(id, field: field, name: "\(name)[\(i)].id")
        }
    }

    private func linkID(_ id: JSONValue, field: FieldMapping, name: String) throws -> JSONValue {
        guard let native = field.type.write(id) else { throw APIError.invalidField(name, "The field `\(name)` must be \(field.type.unifiedDescription).") }
        return native
    }

    func writeLinks(_ value: JSONValue, _ route: FieldWrite, field: FieldMapping, isCreate: Bool, into native: inout JSONValue) throws {
        let ids = try linkedIDs(value, field: field)
        let createOnly: Bool
        switch route {
        case .append: createOnly = true
        case .call(_, let only): createOnly = only
        }
        guard isCreate || !createOnly else {
            throw APIError.invalidField(field.unifiedName, "The field `\(field.unifiedName)` can only be set when creating \(resource.name) on \(provider).",
                                        code: .fieldNotWritable, extra: ["provider": .string(provider)])
        }
        guard case .append(let path, let item) = route else { return }  // calls are made after the write (`linkCalls`)
        var array = native.value(at: path)?.arrayValue ?? []
        for id in ids {
            var values = Template.Values(context: .null)
            values.value = id
            if let element = item.render(values, filterItems: []) { array.append(element) }
        }
        native.set(.array(array), at: path)
    }

    /// The calls a write body needs after the record is written, one entry per link field with a
    /// `call` route. Values are checked by `write` first.
    public func linkCalls(_ body: JSONValue) throws -> [LinkCall] {
        var calls: [LinkCall] = []
        for field in resource.fields {
            guard case .call(let operation, _)? = field.writeOverride, let value = body[field.unifiedName] else { continue }
            let ids = try linkedIDs(value, field: field).compactMap(\.scalarText)
            if !ids.isEmpty { calls.append(LinkCall(field: field.unifiedName, operation: operation, ids: ids)) }
        }
        return calls
    }
}

/// Field values stored as an object by field id and written as a list of objects, one a value, in
/// the definitions' order (HighLevel's `customFields: [{"id": ..., "fieldValue": ...}]`): the member
/// holding the id, and the member holding the value by the value's kind (`string`, `number`,
/// `bool`, `array`, `object`), else `any`.
public struct FieldValueList: Sendable, Decodable, Equatable {
    public let id: String
    public let members: [String: String]

    public init(id: String = "id", members: [String: String]) {
        self.id = id
        self.members = members
    }

    /// The list for `values` (by field id); fields without a value and ids no field has are left out.
    public func render(_ values: [String: RecordValue], fields: FieldDefinitions) -> [[String: Any]] {
        fields.all.compactMap { field in
            guard let value = values[field.id], let member = members[Self.kind(value)] ?? members["any"] else { return nil }
            return [id: field.id, member: value.foundation]
        }
    }

    static func kind(_ value: RecordValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "bool"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

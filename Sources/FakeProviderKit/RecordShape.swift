import Foundation

/// A provider record declared as data, read from a fixture (`records.json`): each native field with
/// its JSON type, nullability, default on create, whether clients may write it, the constraints a
/// write must meet and the message templates a failed check answers with. See `ShapeCheck` for
/// the checks and `ShapedRecord` for storage and rendering.
///
/// ```json
/// {"messages": {"type.string": "Validation failed: {field}: must be a string", "required": "..."},
///  "fields": [{"name": "title", "type": "string", "required": true, "nonEmpty": "trimmed"},
///             {"name": "visible_to", "type": "integer", "enum": [1, 3, 5, 7], "default": 3},
///             {"name": "add_time", "type": "integer", "format": "time", "write": "never"}]}
/// ```
public struct RecordShape: Sendable, Decodable {
    /// Who may set a field.
    public enum Write: String, Sendable, Decodable {
        /// Creates and updates (the default).
        case always
        /// Creates only; an update ignores it.
        case create
        /// Only the server: a write naming it is an unknown field.
        case never
    }

    /// When an empty string is refused.
    public enum NonEmpty: String, Sendable, Decodable {
        /// `""` is refused.
        case always
        /// `""` and whitespace-only strings are refused.
        case trimmed
        /// `""` is refused when the field is required (on create).
        case whenRequired
    }

    /// What an explicit JSON null in a write means for a field that is not `nullable`.
    public enum NullWrite: String, Sendable, Decodable {
        /// A violation (`null` rule).
        case refuse
        /// As if the member were absent.
        case absent
    }

    public struct Field: Sendable, Decodable {
        public let name: String
        /// `string`, `integer`, `number`, `boolean`, `array`, `object` or `any`.
        public let type: String
        /// Element type of an array (`integer`, `string`, ...).
        public let items: String?
        public let nullable: Bool
        /// Stored on create when the write leaves the field out (null when absent and nullable).
        public let `default`: RecordValue?
        public let write: Write
        /// Required on create.
        public let required: Bool
        public let nonEmpty: NonEmpty?
        public let null: NullWrite
        public let minimum: Double?
        public let maximum: Double?
        public let maxLength: Int?
        /// Allowed values (of the field, or of each element of an array).
        public let `enum`: [RecordValue]?
        /// A named value format (`ShapeFormats`): checks and converts a written string, renders the stored value.
        public let format: String?
        /// A named lookup (`ShapeFormats.references`) the written value must pass.
        public let reference: String?
        /// Read-only fields computed on render: the value of `derivedFrom` through `format`.
        public let derivedFrom: String?
        /// Rendering leaves the member out when the value is null.
        public let omitNull: Bool
        /// Messages for this field by rule, over the shape's.
        public let messages: [String: MessageTemplate]

        enum CodingKeys: String, CodingKey {
            case name, type, items, nullable, `default`, write, required, nonEmpty, null, minimum, maximum, maxLength
            case `enum`, format, reference, derivedFrom, omitNull, messages
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            type = try c.decodeIfPresent(String.self, forKey: .type) ?? "any"
            items = try c.decodeIfPresent(String.self, forKey: .items)
            nullable = try c.decodeIfPresent(Bool.self, forKey: .nullable) ?? false
            `default` = try c.decodeIfPresent(RecordValue.self, forKey: .default)
            derivedFrom = try c.decodeIfPresent(String.self, forKey: .derivedFrom)
            write = try c.decodeIfPresent(Write.self, forKey: .write) ?? (derivedFrom == nil ? .always : .never)
            required = try c.decodeIfPresent(Bool.self, forKey: .required) ?? false
            nonEmpty = try c.decodeIfPresent(NonEmpty.self, forKey: .nonEmpty)
            null = try c.decodeIfPresent(NullWrite.self, forKey: .null) ?? .refuse
            minimum = try c.decodeIfPresent(Double.self, forKey: .minimum)
            maximum = try c.decodeIfPresent(Double.self, forKey: .maximum)
            maxLength = try c.decodeIfPresent(Int.self, forKey: .maxLength)
            `enum` = try c.decodeIfPresent([RecordValue].self, forKey: .enum)
            format = try c.decodeIfPresent(String.self, forKey: .format)
            reference = try c.decodeIfPresent(String.self, forKey: .reference)
            omitNull = try c.decodeIfPresent(Bool.self, forKey: .omitNull) ?? false
            messages = try c.decodeIfPresent([String: MessageTemplate].self, forKey: .messages) ?? [:]
        }

        /// The value a create stores when the write leaves the field out.
        var initial: RecordValue { `default` ?? .null }
    }

    /// One message or several (class-validator style providers answer a rule with more than one).
    public struct MessageTemplate: Sendable, Decodable {
        public let lines: [String]
        public init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let many = try? c.decode([String].self) { lines = many } else { lines = [try c.decode(String.self)] }
        }
    }

    /// Every field in rendering order.
    public let fields: [Field]
    /// Messages by rule (`required`, `null`, `type`, `type.<type>`, `nonEmpty`, `enum`, `range`,
    /// `maxLength`, `format`, `reference`, `unknown`), used when a field has none of its own.
    /// Placeholders: `{field}`, `{value}`, `{enum}`, `{minimum}`, `{maximum}`, `{maxLength}`, `{fields}`.
    public let messages: [String: MessageTemplate]
    /// Timestamp formats by the name fields give as `format` (`TimeFormat`).
    public let times: [String: TimeFormat]
    /// How the records are stored (`CollectionRules`), when the shape is kept in a `RecordCollection`.
    public let collection: CollectionRules?

    enum CodingKeys: String, CodingKey { case fields, messages, times, collection }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        fields = try c.decode([Field].self, forKey: .fields)
        messages = try c.decodeIfPresent([String: MessageTemplate].self, forKey: .messages) ?? [:]
        times = try c.decodeIfPresent([String: TimeFormat].self, forKey: .times) ?? [:]
        collection = try c.decodeIfPresent(CollectionRules.self, forKey: .collection)
    }

    public func field(_ name: String) -> Field? { fields.first { $0.name == name } }

    /// Names a write may carry.
    public var writableNames: Set<String> { Set(fields.filter { $0.write != .never }.map(\.name)) }
}

extension ProviderFixtures {
    /// The shape named `name` in `file` (`records.json`: `{"deal": {"fields": [...]}}`; members
    /// starting with `_` are comments).
    public func shape(_ name: String, file: String = "records.json") throws(FixtureError) -> RecordShape {
        let path = directory.appendingPathComponent(file).path
        let shapes = try object(file)
        guard let member = shapes[name], let data = FakeJSON.sortedData(member) else {
            throw FixtureError("\(path): no shape \"\(name)\"")
        }
        do { return try JSONDecoder().decode(RecordShape.self, from: data) } catch {
            throw FixtureError("\(path): \(name): \(error)")
        }
    }
}

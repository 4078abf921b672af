import Foundation

/// One list of field definitions a provider answers with (deal properties, deal fields, custom
/// fields), read as `catalog.json`'s `fields.<name>` lays it out: which members hold a field's key,
/// id, display name, type and options, and which mark it custom. The stored list is kept as
/// `answer`, served verbatim.
public struct FieldDefinitions: Sendable {
    /// One definition: the members every provider has, and every member as stored.
    public struct Field: Sendable, Equatable, StoredMembers {
        /// What a record is written with (HubSpot's `name`, Pipedrive's `key`, HighLevel's `fieldKey`).
        public let key: String
        /// The definition's own id (text), its key when the list has none.
        public let id: String
        /// The display name.
        public let name: String
        public let type: String
        public let options: [Option]
        public let isCustom: Bool
        public let members: [String: RecordValue]
    }

    /// An option of an enumeration: its value (an id, or the text itself), label and order.
    public struct Option: Sendable, Equatable {
        public let value: RecordValue
        public let label: String
        public let order: Int?

        public init(value: RecordValue, label: String, order: Int?) {
            self.value = value
            self.label = label
            self.order = order
        }
    }

    /// `catalog.json`'s `fields.<name>`.
    struct Layout: Decodable {
        let file: String, list: String
        let key: String, name: String, type: String
        let id: String?
        let options: String?
        /// The members of an option object; absent: options are plain strings.
        let option: OptionLayout?
        /// A field is custom when all these members have these values; built-in when `builtIn`'s
        /// do; custom when neither is declared.
        let custom: [String: RecordValue]?
        let builtIn: [String: RecordValue]?
    }

    struct OptionLayout: Decodable { let value: String, label: String, order: String? }

    /// Every definition, in stored order.
    public let all: [Field]
    public let answer: FixtureList

    /// The list `catalog.json` names `name` under `fields`.
    public init(fixtures: ProviderFixtures, name: String) throws(FixtureError) {
        guard let layout = try fixtures.decode(Catalog.self, "catalog.json").fields[name] else {
            throw FixtureError("\(fixtures.directory.path)/catalog.json: no fields \"\(name)\"")
        }
        answer = try fixtures.list(layout.file, member: layout.list)
        var fields: [Field] = []
        for item in answer.items { fields.append(try Self.field(item, layout: layout, file: answer.file)) }
        all = fields
    }

    /// The custom definitions, in stored order.
    public var custom: [Field] { all.filter(\.isCustom) }

    public func field(key: String) -> Field? { all.first { $0.key == key } }

    public func custom(key: String) -> Field? { custom.first { $0.key == key } }

    public func field(id: String) -> Field? { all.first { $0.id == id } }

    /// A custom definition by display name, case-insensitive.
    public func custom(named name: String) -> Field? {
        custom.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }

    private static func field(_ item: [String: Any], layout: Layout, file: String) throws(FixtureError) -> Field {
        guard case .object(let members)? = RecordValue(foundation: item), let key = members[layout.key]?.string,
              let name = members[layout.name]?.string, let type = members[layout.type]?.string else {
            throw FixtureError("\(file): a field without \(layout.key), \(layout.name) or \(layout.type)")
        }
        var options: [Option] = []
        for raw in layout.options.flatMap({ members[$0]?.array }) ?? [] {
            guard let option = Self.option(raw, layout: layout.option) else { throw FixtureError("\(file): \(key): an option without its members") }
            options.append(option)
        }
        let matches = { (wanted: [String: RecordValue]) in wanted.allSatisfy { members[$0.key] == $0.value } }
        let isCustom = layout.custom.map(matches) ?? layout.builtIn.map { !matches($0) } ?? true
        return Field(key: key, id: layout.id.flatMap { members[$0]?.string } ?? key, name: name, type: type, options: options,
                     isCustom: isCustom, members: members)
    }

    private static func option(_ raw: RecordValue, layout: OptionLayout?) -> Option? {
        guard let layout else { return raw.string.map { Option(value: raw, label: $0, order: nil) } }
        guard let object = raw.object, let value = object[layout.value], let label = object[layout.label]?.string else { return nil }
        return Option(value: value, label: label, order: layout.order.flatMap { object[$0]?.int })
    }

    private struct Catalog: Decodable { let fields: [String: Layout] }
}

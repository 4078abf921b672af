import Foundation

/// One custom field as the provider's field-definition API describes it.
public struct CustomFieldDefinition: Sendable, Equatable {
    /// The key in native records (HubSpot property name, Pipedrive 40-char hash, HighLevel field id).
    public var key: String
    /// The name callers use in `custom_fields`.
    public var name: String
    public var type: ValueType
    /// Enum option id (as text) → label. Values read as labels and are written as ids.
    public var options: [String: String]

    public init(key: String, name: String, type: ValueType, options: [String: String]) {
        self.key = key
        self.name = name
        self.type = type
        self.options = options
    }
}

/// The custom fields of one account and resource, indexed both ways.
public struct CustomFieldCatalog: Sendable {
    public var definitions: [CustomFieldDefinition]
    public let byKey: [String: CustomFieldDefinition]
    public let byName: [String: CustomFieldDefinition]

    public init(_ definitions: [CustomFieldDefinition]) {
        self.definitions = definitions
        self.byKey = Dictionary(definitions.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        self.byName = Dictionary(definitions.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public static let empty = CustomFieldCatalog([])

    /// Builds the catalog from the definition records a provider returned.
    public init(records: [JSONValue], mapping: CustomFieldsMapping) {
        let regex = mapping.keyPattern.flatMap { try? NSRegularExpression(pattern: $0) }
        var definitions: [CustomFieldDefinition] = []
        for record in records {
            guard let key = record.value(at: mapping.keyPath)?.scalarText,
                  let name = record.value(at: mapping.namePath)?.scalarText else { continue }
            if mapping.excludeWhen.contains(where: { record.value(at: $0.path) == $0.value }) { continue }
            if let regex, regex.firstMatch(in: key, range: NSRange(key.startIndex..., in: key)) == nil { continue }
            let typeName = mapping.typePath.flatMap { record.value(at: $0)?.scalarText } ?? ""
            var options: [String: String] = [:]
            if let optionsPath = mapping.optionsPath {
                for option in record.value(at: optionsPath)?.arrayValue ?? [] {
                    if let id = option.value(at: mapping.optionIdPath)?.scalarText, let label = option.value(at: mapping.optionLabelPath)?.scalarText {
                        options[id] = label
                    }
                }
            }
            definitions.append(CustomFieldDefinition(key: key, name: name, type: mapping.types[typeName] ?? .passthrough, options: options))
        }
        self.init(definitions)
    }
}

extension JSONValue {
    /// Value at a pre-split path.
    @inline(__always)
    public func value(at path: [String]) -> JSONValue? {
        var current = self
        for key in path {
            switch current {
            case .object(let object):
                guard let next = object[key] else { return nil }
                current = next
            case .array(let array):
                // A numeric segment indexes an array (`associations.companies.results.0.id`).
                guard let index = Int(key), array.indices.contains(index) else { return nil }
                current = array[index]
            default:
                return nil
            }
        }
        return current
    }

    /// Sets `value` at a pre-split path, creating objects on the way.
    public mutating func set(_ value: JSONValue, at path: [String]) {
        guard let first = path.first else { self = value; return }
        var object = objectValue ?? [:]
        var child = object[first] ?? .object([:])
        if path.count == 1 {
            child = value
        } else {
            child.set(value, at: Array(path.dropFirst()))
        }
        object[first] = child
        self = .object(object)
    }

    /// Deep-merges `other` into `self` (objects key by key; anything else replaces).
    public func deepMerging(_ other: JSONValue) -> JSONValue {
        guard case .object(var base) = self, case .object(let changes) = other else { return other }
        for (key, value) in changes {
            base[key] = base[key].map { $0.deepMerging(value) } ?? value
        }
        return .object(base)
    }
}

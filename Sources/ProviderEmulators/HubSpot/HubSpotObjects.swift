import FakeProviderKit
import Foundation

/// `objects.json`: the CRM objects served besides deals (companies, contacts, notes, tasks, leads) and how a bad
/// create or search is worded.
struct HubSpotObjectsFile: Decodable, Sendable {
    struct Object: Decodable, Sendable {
        let names: [String], definitions: String, seed: String, created: String, modified: String
        let `default`: [String], always: [String], required: [String]
        let oneOf: [String]?, requiredAssociations: [String]?
        let unique: Unique?
        let associations: [String: AssociationTypes.Kind]
    }
    struct Unique: Decodable, Sendable { let property: String, message: String }
    struct Messages: Decodable, Sendable {
        let required: String, oneOf: String, association: String, unknownObjectType: String, propertyNotFound: String
        let search: [String: String]
    }
    let objects: [String: Object]
    let messages: Messages
}

/// One served object type: its stored records (the deal record shape), properties and association kinds.
public final class HubSpotObjectType: Sendable {
    public let name: String
    let config: HubSpotObjectsFile.Object
    public let store: RecordStore<Int>
    public let properties: HubSpotDealProperties
    let associations: AssociationTypes
    let shape: RecordShape

    init(name: String, config: HubSpotObjectsFile.Object, records: [ShapedRecord], catalog: HubSpotCatalog, fixtures: ProviderFixtures) throws {
        (self.name, self.config) = (name, config)
        (store, shape) = (try RecordStore(records, shape: catalog.dealShape), catalog.dealShape)
        properties = try HubSpotDealProperties(try FieldDefinitions(fixtures: fixtures, name: config.definitions), pipelines: catalog.pipelines,
                                               ownerIDs: catalog.account.ownerIds, fixtures: fixtures, placesStages: false)
        // The deals' association layout and messages, with this object's kinds.
        var layout = try fixtures.object("associations.json")
        layout["kinds"] = config.associations.mapValues { ["names": $0.names, "typeIds": $0.typeIds, "label": $0.label] }
        if var messages = layout["messages"] as? [String: Any], let bad = messages["badType"] as? String {
            messages["badType"] = bad.replacingOccurrences(of: "between deals", with: "between \(name)")
            layout["messages"] = messages
        }
        associations = try JSONDecoder().decode(AssociationTypes.self, from: JSONSerialization.data(withJSONObject: layout))
    }

    /// The `SimplePublicObject(WithAssociations)` JSON of `record`.
    func json(_ record: ShapedRecord, _ selection: HubSpotSelection, associations kinds: [String], catalog: HubSpotCatalog) -> [String: Any] {
        let stored = record.propertyValues
        let names: [String]? = switch selection {
        case .defaults: config.default
        case .named(let names): names + config.always
        case .stored: nil
        }
        let selected = names.map { names in Dictionary(names.map { ($0, stored[$0] as Any? ?? NSNull()) }) { a, _ in a } }
        var object = catalog.dealShape.render(record, formats: catalog.dealFormats, extra: ["properties": selected ?? stored])
        let members = associations.json(record.associatedIDs, kinds: kinds)
        object["associated"] = nil
        if !members.isEmpty { object["associations"] = members }
        return object
    }

    /// Creates a record from validated values; ids grow from the highest by small gaps.
    func create(values: [String: String?], associated: [String: [String]]) async -> ShapedRecord {
        await store.create(after: "id") { [config, shape] count, last in
            let id = (last?.int("id") ?? 1) + 1 + count % 3, now = Int64(FakeClock.nowMilliseconds())
            var props = values.compactMapValues { $0 }
            props[config.created] = props[config.created] ?? HubSpotTime.iso(now)
            (props["hs_object_id"], props[config.modified]) = (String(id), HubSpotTime.iso(now))
            return ShapedRecord(shape: shape, [
                "id": .int(id), "createdAt": .int64(now), "updatedAt": .int64(now), "properties": .object(props.mapValues(RecordValue.string)),
                "associated": .object(associated.mapValues { .array($0.map(RecordValue.string)) })])
        }
    }
}

extension HubSpotObjectType {
    /// Validates and applies an update to a live record (its time strictly after the record's last): the record after.
    func update(_ id: Int, input: [(key: String, value: RecordValue)]) async throws -> ShapedRecord {
        let clock = FakeClock.nowMilliseconds()
        let changed = try await store.update(id, now: clock) { [properties, config] (record: inout ShapedRecord) throws(HubSpotPropertyFailures) in
            var props = record.propertyValues
            for (name, value) in try properties.validate(input, existing: props).get() { props[name] = value }
            let now = max(clock, (record.int64("updatedAt") ?? 0) + 1)
            props[config.modified] = HubSpotTime.iso(now)
            (record["properties"], record["updatedAt"]) = (.object(props.mapValues(RecordValue.string)), .int64(now))
        }
        guard let changed else { throw HubSpotErrors.objectNotFound(id: String(id)) }
        return changed.new
    }

    /// The live record whose `property` equals `value` (any case), if any.
    func record(where property: String, equals value: String) async -> ShapedRecord? {
        let wanted = value.lowercased()
        return await store.page("id", limit: 1) { !($0.bool("archived") ?? false) && $0.propertyValues[property]?.lowercased() == wanted }.items.first
    }
}

/// A search request (`PublicObjectSearchRequest`): filter groups (ORed; filters in a group ANDed), the properties to
/// return, `limit` (1 to 200, 10 by default) and `after` (an offset, as text or a number). `sorts` and `query` are
/// accepted; results come in creation (id) order.
struct HubSpotSearch {
    struct Filter {
        let property: String, op: String, value: String?, values: [String], high: String?
    }
    static let operators: Set<String> = ["BETWEEN", "CONTAINS_TOKEN", "EQ", "GT", "GTE", "HAS_PROPERTY", "IN", "LT", "LTE", "NEQ",
                                         "NOT_CONTAINS_TOKEN", "NOT_HAS_PROPERTY", "NOT_IN"]
    let groups: [[Filter]], properties: [String], limit: Int, after: Int

    init(_ body: [String: Any], texts: [String: String], known: (String) -> Bool) throws {
        func fail(_ key: String, _ value: String = "") -> FakeError {
            HubSpotErrors.validation(TextTemplate.fill(texts[key] ?? key, ["value": value]))
        }
        func text(_ raw: Any?) -> String? {
            switch raw.flatMap(RecordValue.init(foundation:)) {
            case .string(let text)?: text
            case .bool(let flag)?: flag ? "true" : "false"
            case let value? where value.double != nil: value.int64.map(String.init) ?? value.messageText
            default: nil
            }
        }
        let limitValue = body["limit"].flatMap(text) ?? "10"
        guard let limit = Int(limitValue), (1...200).contains(limit) else { throw fail("limit", limitValue) }
        let afterValue = body["after"].flatMap(text) ?? "0"
        guard let after = Int(afterValue), after >= 0 else { throw fail("after", afterValue) }
        var groups: [[Filter]] = []
        for group in body["filterGroups"] as? [Any] ?? [] {
            var filters: [Filter] = []
            for raw in (group as? [String: Any])?["filters"] as? [Any] ?? [] {
                guard let item = raw as? [String: Any], let property = item["propertyName"] as? String, let op = item["operator"] as? String else {
                    throw fail("filter")
                }
                guard Self.operators.contains(op) else { throw fail("operator", op) }
                guard property.hasPrefix("associations.") || known(property) else { throw fail("property", property) }
                filters.append(Filter(property: property, op: op, value: text(item["value"]),
                                      values: (item["values"] as? [Any] ?? []).compactMap(text), high: text(item["highValue"])))
            }
            groups.append(filters)
        }
        guard groups.count <= 5, groups.allSatisfy({ $0.count <= 6 }), groups.map(\.count).reduce(0, +) <= 18 else { throw fail("groups") }
        self.groups = groups.filter { !$0.isEmpty }
        properties = (body["properties"] as? [Any] ?? []).compactMap { $0 as? String }
        (self.limit, self.after) = (limit, after)
    }

    /// Whether `record` matches: any group whose filters all hold (no groups: every record).
    func matches(_ record: ShapedRecord, type: HubSpotObjectType) -> Bool {
        groups.isEmpty || groups.contains { $0.allSatisfy { holds($0, record, type) } }
    }

    private func holds(_ filter: Filter, _ record: ShapedRecord, _ type: HubSpotObjectType) -> Bool {
        if filter.property.hasPrefix("associations.") {
            let kind = type.associations.kinds(named: [String(filter.property.dropFirst("associations.".count))]).first ?? ""
            let ids = Set(record.associatedIDs[kind] ?? [])
            switch filter.op {
            case "EQ": return filter.value.map(ids.contains) ?? false
            case "IN": return filter.values.contains(where: ids.contains)
            case "NEQ": return !(filter.value.map(ids.contains) ?? false)
            case "NOT_IN": return !filter.values.contains(where: ids.contains)
            case "HAS_PROPERTY": return !ids.isEmpty
            case "NOT_HAS_PROPERTY": return ids.isEmpty
            default: return false
            }
        }
        let stored = filter.property == "hs_object_id" ? record.int("id").map(String.init) : record.propertyValues[filter.property]
        switch filter.op {
        case "HAS_PROPERTY": return stored != nil
        case "NOT_HAS_PROPERTY": return stored == nil
        default: break
        }
        guard let stored else { return filter.op == "NEQ" || filter.op == "NOT_IN" || filter.op == "NOT_CONTAINS_TOKEN" }
        let kind = type.properties.definition(filter.property)?.type ?? "string"
        func compare(_ raw: String?) -> Int? {
            guard let raw else { return nil }
            switch kind {
            case "datetime", "date":
                guard let a = HubSpotTime.parse(stored), let b = HubSpotTime.parse(raw) else { return nil }
                return a < b ? -1 : a > b ? 1 : 0
            case "number":
                guard let a = Double(stored), let b = Double(raw) else { return nil }
                return a < b ? -1 : a > b ? 1 : 0
            case "enumeration", "bool":
                return stored == raw ? 0 : (stored < raw ? -1 : 1)
            default:
                let (a, b) = (stored.lowercased(), raw.lowercased())
                return a < b ? -1 : a > b ? 1 : 0
            }
        }
        switch filter.op {
        case "EQ": return compare(filter.value) == 0
        case "NEQ": return compare(filter.value) != 0
        case "GT": return (compare(filter.value) ?? 0) > 0
        case "GTE": return (compare(filter.value) ?? -1) >= 0
        case "LT": return (compare(filter.value) ?? 0) < 0
        case "LTE": return (compare(filter.value) ?? 1) <= 0
        case "BETWEEN": return (compare(filter.value) ?? -1) >= 0 && (compare(filter.high) ?? 1) <= 0
        case "IN": return filter.values.contains { compare($0) == 0 }
        case "NOT_IN": return !filter.values.contains { compare($0) == 0 }
        case "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN":
            let pattern = (filter.value ?? "").lowercased()
            let found = pattern.contains("*") ? Self.wildcard(pattern, stored.lowercased())
                : stored.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).contains { $0 == pattern[...] }
            return filter.op == "CONTAINS_TOKEN" ? found : !found
        default: return false
        }
    }

    /// `*` matches any run of characters; the whole text must match.
    static func wildcard(_ pattern: String, _ text: String) -> Bool {
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        var rest = text[...]
        for (index, part) in parts.enumerated() {
            if index == 0 { guard rest.hasPrefix(part) else { return false }; rest = rest.dropFirst(part.count); continue }
            if index == parts.count - 1 { return part.isEmpty || rest.hasSuffix(part) }
            guard let range = rest.range(of: part) else { return false }
            rest = rest[range.upperBound...]
        }
        return rest.isEmpty
    }
}

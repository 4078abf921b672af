import FakeProviderKit
import Foundation

/// The object types a deal is associated with and how requests name them (`associations.json`).
public struct HubSpotAssociations: Sendable, Decodable {
    struct Kind: Sendable, Decodable {
        let names: [String]
        let typeIds: [Int]
        let label: String
    }

    let category: String
    let kinds: [String: Kind]

    /// `associations=companies,contact,0-1`: the kinds asked for, in order, each once; others ignored.
    func kinds(named names: [String]) -> [String] {
        var found: [String] = []
        for name in names {
            if let kind = kinds.first(where: { $0.value.names.contains(name.lowercased()) })?.key, !found.contains(kind) { found.append(kind) }
        }
        return found
    }

    /// `associations` of a create body (`[{"to":{"id":..},"types":[{"associationCategory":..,"associationTypeId":N}]}]`):
    /// the associated ids by kind.
    func input(_ raw: Any?) throws -> [String: [String]] {
        guard let raw, !(raw is NSNull) else { return [:] }
        guard let list = raw as? [Any] else { throw HubSpotErrors.validation("Invalid input JSON: associations must be an array") }
        var ids: [String: [String]] = [:]
        for item in list {
            guard let object = item as? [String: Any], let to = object["to"] as? [String: Any],
                  let types = object["types"] as? [[String: Any]], !types.isEmpty else {
                throw HubSpotErrors.validation("Invalid input JSON: each association needs \"to\".\"id\" and a non-empty \"types\" list")
            }
            let target = to["id"].flatMap { RecordValue(foundation: $0) }
            guard let id = target?.string.flatMap({ Int64($0) != nil ? $0 : nil }) ?? target?.int64.map(String.init) else {
                throw HubSpotErrors.validation("Invalid input JSON: association target id must be a record id")
            }
            for type in types {
                let category = type["associationCategory"] as? String
                let typeID = (type["associationTypeId"] as? NSNumber)?.intValue
                guard category == self.category, let typeID, let kind = kinds.first(where: { $0.value.typeIds.contains(typeID) })?.key else {
                    throw HubSpotErrors.validation(
                        "\(category ?? "null") \(typeID.map(String.init) ?? "null") is not a valid association type between deals and the target object")
                }
                if !(ids[kind] ?? []).contains(id) { ids[kind, default: []].append(id) }
            }
        }
        return ids
    }

    /// A record's `associations` member for the kinds asked for (kinds without ids left out).
    func json(_ associated: [String: [String]], kinds asked: [String]) -> [String: Any] {
        var members: [String: Any] = [:]
        for kind in asked {
            guard let ids = associated[kind], !ids.isEmpty, let label = kinds[kind]?.label else { continue }
            members[kind] = ["results": ids.map { ["id": $0, "type": label] }]
        }
        return members
    }
}

import FakeProviderKit
import Foundation

/// A stored deal (`records.json`, shape `deal`): `id`, `properties` (text values, never empty:
/// clearing removes the key; the system ones `hs_object_id`, `createdate`, `hs_lastmodifieddate`
/// included), `createdAt` / `updatedAt` / `archivedAt` in epoch milliseconds, `archived`, and
/// `associated` ids by object type.
public typealias HubSpotDeal = ShapedRecord

extension ShapedRecord {
    /// A HubSpot deal's stored property values.
    var propertyValues: [String: String] { self["properties"].object?.compactMapValues(\.string) ?? [:] }

    /// A HubSpot deal's associated record ids by object type (`companies`, `contacts`).
    var associatedIDs: [String: [String]] { self["associated"].object?.compactMapValues { $0.array?.compactMap(\.string) } ?? [:] }
}

/// Which properties a deal's JSON carries.
enum HubSpotSelection {
    /// The default deal properties (no `properties` parameter).
    case defaults
    /// The named properties (unknown names already dropped) plus those always returned.
    case named([String])
    /// Every property with a value (create response).
    case stored
}

extension HubSpotCatalog {
    /// The `SimplePublicObject(WithAssociations)` JSON of `deal`, with the associations of `kinds`.
    func json(_ deal: HubSpotDeal, _ selection: HubSpotSelection, associations kinds: [String] = []) -> [String: Any] {
        let stored = deal.propertyValues
        var props: [String: Any] = [:]
        func put(_ name: String) {
            props[name] = stored[name] ?? properties.calculated(name, stored: stored, contactCount: deal.associatedIDs["contacts"]?.count ?? 0) ?? NSNull()
        }
        switch selection {
        case .defaults: properties.returned.default.forEach(put)
        case .named(let names): (names + properties.returned.always).forEach(put)
        case .stored: props = stored
        }
        var object: [String: Any] = [
            "id": String(deal.int64("id") ?? 0), "properties": props, "archived": deal.bool("archived") ?? false,
            "createdAt": HubSpotTime.iso(deal.int64("createdAt") ?? 0), "updatedAt": HubSpotTime.iso(deal.int64("updatedAt") ?? 0),
        ]
        if let archivedAt = deal.int64("archivedAt") { object["archivedAt"] = HubSpotTime.iso(archivedAt) }
        let members = associations.json(deal.associatedIDs, kinds: kinds)
        if !members.isEmpty { object["associations"] = members }
        return object
    }
}

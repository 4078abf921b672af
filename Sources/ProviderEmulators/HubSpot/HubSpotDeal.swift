import FakeProviderKit
import Foundation

/// A stored deal (`records.json`, shape `deal`): `id`, `properties` (text values, never empty:
/// clearing removes the key; the system ones `hs_object_id`, `createdate`, `hs_lastmodifieddate`
/// included), epoch-millisecond times, `archived`, and `associated` ids by object type.
public typealias HubSpotDeal = ShapedRecord

extension ShapedRecord {
    /// A HubSpot deal's stored property values.
    var propertyValues: [String: String] { self["properties"].object?.compactMapValues(\.string) ?? [:] }

    /// A HubSpot deal's associated record ids by object type (`companies`, `contacts`).
    var associatedIDs: [String: [String]] { self["associated"].object?.compactMapValues { $0.array?.compactMap(\.string) } ?? [:] }
}

/// Which properties a deal's JSON carries: the defaults (no `properties` parameter), the named ones
/// (unknown names dropped) plus those always returned, or every stored one (create answer).
enum HubSpotSelection {
    case defaults, named([String]), stored
}

extension HubSpotCatalog {
    /// The `SimplePublicObject(WithAssociations)` JSON of `deal`, with the associations of `kinds`.
    func json(_ deal: HubSpotDeal, _ selection: HubSpotSelection, associations kinds: [String] = []) -> [String: Any] {
        let stored = deal.propertyValues, contacts = deal.associatedIDs["contacts"]?.count ?? 0
        let names: [String]? = switch selection {
        case .defaults: properties.returned.default
        case .named(let names): names + properties.returned.always
        case .stored: nil
        }
        let selected = names.map { names in
            Dictionary(names.map { ($0, stored[$0] ?? properties.calculated($0, stored: stored, contactCount: contacts) as Any? ?? NSNull()) }) { a, _ in a }
        }
        var object = dealShape.render(deal, formats: dealFormats, extra: ["properties": selected ?? stored])
        let members = associations.json(deal.associatedIDs, kinds: kinds)
        object["associated"] = nil
        if !members.isEmpty { object["associations"] = members }
        return object
    }
}

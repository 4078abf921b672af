import FakeProviderKit
import Foundation

/// One stored deal. Property values are kept exactly as HubSpot stores them: strings.
public struct HubSpotDeal: Sendable, Equatable {
    /// Numeric record id; the API shows it as a string (`id`, `hs_object_id`).
    public let id: Int64
    /// Stored property values (never empty strings: clearing removes the key), including the
    /// system ones `hs_object_id`, `createdate`, `hs_lastmodifieddate`.
    public var properties: [String: String]
    public var createdAt: Int64
    public var updatedAt: Int64
    public var archived: Bool
    public var archivedAt: Int64?
    /// Associated record ids by object type (`associations.json`'s kinds: `companies`, `contacts`).
    public var associated: [String: [String]]

    public var idString: String { String(id) }

    /// Which properties a response carries.
    enum Selection {
        /// The default deal properties (no `properties` parameter).
        case defaults
        /// The named properties (unknown names already dropped) plus those always returned.
        case named([String])
        /// Every property with a value (create response).
        case stored
        /// The written properties plus those always returned (update response).
        case written([String])
    }

    /// The `SimplePublicObject(WithAssociations)` JSON.
    func json(_ selection: Selection, associations: [String] = [], catalog: HubSpotCatalog) -> [String: Any] {
        let definitions = catalog.properties
        var props: [String: Any] = [:]
        func put(_ name: String) {
            if let value = value(of: name, definitions) { props[name] = value } else { props[name] = NSNull() }
        }
        switch selection {
        case .defaults:
            for name in definitions.returned.default { put(name) }
        case .named(let names):
            for name in names { put(name) }
            for name in definitions.returned.always { put(name) }
        case .stored:
            for (name, value) in properties { props[name] = value }
        case .written(let names):
            for name in names { put(name) }
            for name in definitions.returned.always { put(name) }
        }
        var object: [String: Any] = [
            "id": idString,
            "properties": props,
            "createdAt": HubSpotTime.iso(createdAt),
            "updatedAt": HubSpotTime.iso(updatedAt),
            "archived": archived,
        ]
        if let archivedAt { object["archivedAt"] = HubSpotTime.iso(archivedAt) }
        let members = catalog.associations.json(associated, kinds: associations)
        if !members.isEmpty { object["associations"] = members }
        return object
    }

    /// A property's value: stored, or calculated for HubSpot's calculated properties.
    func value(of name: String, _ definitions: HubSpotDealProperties) -> String? {
        if let stored = properties[name] { return stored }
        return definitions.calculated(name, stored: properties, contactCount: associated["contacts"]?.count ?? 0)
    }
}

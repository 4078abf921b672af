import Foundation

/// One provider event read from a webhook request, in unified terms.
public struct InboundEvent: Sendable, Equatable {
    /// The provider's type (`deal.propertyChange`).
    public var providerType: String
    /// What it is in the unified API; nil when the mapping does not list the type.
    public var rule: InboundWebhookSpec.EventRule?
    /// The provider-side account id the event names (app-level webhooks).
    public var accountKey: String?
    public var recordID: String
    /// Unified fields changed (nil = not known).
    public var changedFields: [String]?
    /// Changed native fields the mapping does not map: custom fields if the account's catalog
    /// knows them (see `InboundWebhookService`), else fields the unified API does not show.
    public var unmappedNativeFields: [String] = []
}

/// Reads a provider's webhook body into events, as its mapping's `webhooks.events` says, and
/// merges the events of one record in one request (HubSpot sends one per changed property).
public struct InboundEventReader: Sendable {
    public static let limits = JSONLimits(maxDepth: 64, maxBytes: 1024 * 1024)
    /// At most this many events per request (HubSpot sends up to 100).
    public static let maxEvents = 1000

    public let spec: InboundWebhookSpec
    public let resources: [String: ResourceMapping]

    public init(spec: InboundWebhookSpec, resources: [String: ResourceMapping]) {
        self.spec = spec
        self.resources = resources
    }

    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public func read(_ body: [UInt8]) throws -> [InboundEvent] {
        let json: JSONValue
        do { json = try JSONParser.parse(body, limits: Self.limits) } catch { throw Invalid(description: "the body is not JSON within the limits (\(error))") }
        let container = spec.itemsPath.map { $0.isEmpty ? json : json.value(at: $0) } ?? json
        let items: [JSONValue] = container?.arrayValue ?? (container?.objectValue != nil ? [container!] : [])
        guard !items.isEmpty else { throw Invalid(description: "no events in the body") }
        guard items.count <= Self.maxEvents else { throw Invalid(description: "more than \(Self.maxEvents) events in one request") }
        var events: [InboundEvent] = []
        for (index, item) in items.enumerated() {
            let parts = spec.typePaths.map { item.value(at: $0)?.scalarText }
            guard parts.allSatisfy({ $0 != nil }) else { throw Invalid(description: "event \(index) has no type at \(spec.typePaths.map { $0.joined(separator: ".") }.joined(separator: " + "))") }
            let type = parts.compactMap { $0 }.joined(separator: ".")
            guard let id = item.value(at: spec.idPath)?.scalarText, !id.isEmpty else {
                throw Invalid(description: "event \(index) (\(type)) has no record id at \(spec.idPath.joined(separator: "."))")
            }
            let rule = spec.types[type]
            let changed = rule.flatMap { changedFields(item, rule: $0) }
            events.append(InboundEvent(providerType: type, rule: rule, accountKey: spec.accountPath.flatMap { item.value(at: $0)?.scalarText },
                                       recordID: id, changedFields: changed?.unified, unmappedNativeFields: changed?.unmapped ?? []))
        }
        return Self.merged(events)
    }

    /// The unified fields an event says changed: the rule's fixed list, else the native names in
    /// the event mapped back through the resource's fields (custom fields as `custom_fields`).
    func changedFields(_ item: JSONValue, rule: InboundWebhookSpec.EventRule) -> (unified: [String], unmapped: [String])? {
        guard rule.event == .recordUpdated else { return nil }
        if let fixed = rule.changedFields { return (fixed, []) }
        let names: [String]
        if let path = spec.changedField {
            guard let name = item.value(at: path)?.scalarText else { return nil }
            names = [name]
        } else if let path = spec.changedKeys {
            guard let object = item.value(at: path)?.objectValue else { return nil }
            names = object.keys.sorted()
        } else {
            return nil
        }
        guard let resource = resources[rule.resource] else { return nil }
        var unified: [String] = [], unmapped: [String] = []
        for name in names {
            let native = spec.changedPrefix + [name]
            let matches = resource.fields.filter { $0.readPaths.contains { $0 == native || ($0.count > native.count && Array($0.prefix(native.count)) == native) } }
            if !matches.isEmpty {
                unified += matches.map(\.unifiedName)
            } else if let custom = resource.customFields, native == custom.path {
                unified.append("custom_fields")
            } else if let custom = resource.customFields, Array(native.dropLast()) == custom.path {
                unmapped.append(name)
            }
        }
        var seen = Set<String>()
        return (unified.filter { seen.insert($0).inserted }, unmapped)
    }

    /// One event per (account, record, unified event) in request order, changed fields united.
    static func merged(_ events: [InboundEvent]) -> [InboundEvent] {
        var result: [InboundEvent] = []
        for event in events {
            if let rule = event.rule, let index = result.firstIndex(where: { $0.rule?.event == rule.event && $0.rule?.resource == rule.resource && $0.recordID == event.recordID && $0.accountKey == event.accountKey }) {
                switch (result[index].changedFields, event.changedFields) {
                case (let a?, let b?): result[index].changedFields = a + b.filter { !a.contains($0) }
                default: result[index].changedFields = nil
                }
                result[index].unmappedNativeFields += event.unmappedNativeFields
            } else {
                result.append(event)
            }
        }
        return result
    }
}

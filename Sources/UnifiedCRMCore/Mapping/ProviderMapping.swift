import Foundation

/// A mapping file compiled into a plan: everything resolved and checked at load time, so a request
/// does no parsing of the mapping.
public struct ProviderMapping: Sendable {
    public var name: String
    public var baseURL: String
    /// Headers sent on every call (e.g. HighLevel `Version`).
    public var headers: [(String, Template)]
    public var authMethods: [String: AuthMethod]
    public var descriptor: IntegrationDescriptor
    public var resources: [String: ResourceMapping]
    /// Turns provider failures into our errors.
    public var errors: ErrorRules
    /// The provider's rate-limit headers, when the mapping declares them.
    public var rateLimit: RateLimitHeaders?
    /// Query keys that carry credentials (auth query parameters and `reserved_query`): a caller
    /// may never set them.
    public var credentialQueryKeys: Set<String>
    /// Query parameters the routes fill from the account's context (HighLevel `location_id`).
    public var routingQuery: [String: Template]
    /// The provider's webhooks into the unified API (`webhooks`), when the mapping declares them.
    public var webhooks: InboundWebhookSpec? = nil

    /// Query keys a caller may not set through `remote_query` (auth and routing).
    public var reservedQueryKeys: Set<String> { credentialQueryKeys.union(routingQuery.keys) }
}

/// The routes and field mappings of one unified resource for one provider.
public struct ResourceMapping: Sendable {
    public var name: String
    /// The unified resource's schema (from `schema/<name>.json`).
    public var schema: UnifiedSchema
    public var operations: [OperationKind: Operation]
    public var fields: [FieldMapping]
    public var customFields: CustomFieldsMapping?
    /// Id → name tables fetched from the provider (e.g. stage names from the pipelines API).
    public var lookups: [String: LookupMapping]
    /// Native keys the mapping reads under each top-level native object (`properties` → dealname,
    /// amount, ...), for `{field_names:<object>}`; custom field keys are added per account.
    public var nativeKeysByObject: [String: [String]]
    /// How the provider's list shows deleted records (pollers emit `record:deleted` from it).
    public var deletions: DeletionListing? = nil

    /// The field mapping for a unified field name.
    public func field(_ name: String) -> FieldMapping? { fields.first { $0.unifiedName == name } }

    /// `{field_names:<object>}` values for the objects `operation` names, with the catalog's keys.
    public func fieldNames(for operation: Operation, catalog: CustomFieldCatalog) -> [String: String] {
        var result: [String: String] = [:]
        for object in operation.fieldNameObjects {
            var names = nativeKeysByObject[object] ?? []
            if let custom = customFields, custom.path == [object] { names += catalog.definitions.map(\.key) }
            result[object] = names.joined(separator: ",")
        }
        return result
    }
}

/// The list call that shows deleted records: the list operation with `query` added, each record's
/// deletion time at `deletedAtPath` in the native record (HubSpot `archived=true`, `archivedAt`).
public struct DeletionListing: Sendable {
    public var query: [(String, String)]
    public var deletedAtPath: [String]
}

public enum OperationKind: String, Sendable, CaseIterable {
    case list, get, create, update, delete

    /// Operations addressing one record by `{id}`.
    public var addressesRecord: Bool { self == .get || self == .update || self == .delete }
}

/// One native call: method, path and query templates, where the record(s) sit in the response.
public struct Operation: Sendable {
    public var method: String
    public var path: Template
    public var query: [(String, Template)]
    /// Path of the record (get/create/update) or the records array (list) in the response; empty = the body.
    public var root: [String]
    /// Constant or context-derived values merged into a write body (e.g. HighLevel `locationId`).
    public var body: [(path: [String], template: Template)]
    /// Unified fields a create must carry.
    public var required: [String]
    /// Native body paths that must be present after mapping (e.g. HighLevel `pipelineId`).
    public var requiredNative: [(key: String, path: [String])]
    public var pagination: (any PaginationStrategy)?
    /// Query parameter carrying the page size, with the provider's maximum.
    public var limitParameter: String?
    public var maxLimit: Int?
    public var defaultLimit: Int?
    /// Objects named by `{field_names:<object>}` in the query (precomputed at load).
    public var fieldNameObjects: [String]
    /// OAuth scopes of which the account must hold at least one (empty: no check).
    public var scopes: [String] = []
    /// List filters this route serves natively (list operations only).
    public var filters: [ListFilter] = []
    /// The whole JSON body of a list sent by POST (searches).
    public var requestBody: RequestBodyTemplate? = nil
    /// The page size goes in the body at `limitParameter` (a number) instead of the query.
    public var limitInBody = false
    /// The provider's search route, used instead of this list when a filter only it serves is
    /// given (HubSpot `POST /crm/v3/objects/<type>/search`). At most one element.
    public var search: [Operation] = []

    /// Only native records with one of these values at the path are the resource's (Pipedrive
    /// activities of type task or deadline are `tasks`); on a get, another record is a 404.
    public var keepWhen: [(path: [String], values: [JSONValue])] = []
    /// The list's records are nested in each root element (stages inside pipelines); the parent
    /// element is reachable in each record under `parentKey`.
    public var flatten: (items: [String], parentKey: String?)? = nil
    /// A get served by walking the list and picking the record by its unified id (a provider with no
    /// single-record route, e.g. HighLevel stages).
    public var fromList = false
    /// The unified id joins several native values with this separator (`{id:0}`, `{id:1}` in paths).
    public var idSeparator: String? = nil

    /// Whether a native record belongs to the resource (`keep_when`).
    public func keeps(_ native: JSONValue) -> Bool {
        keepWhen.allSatisfy { rule in native.value(at: rule.path).map { value in rule.values.contains { $0.scalarText == value.scalarText } } ?? false }
    }

    /// The native records of a list answer: the root array, flattened and kept as the route says.
    public func records(in body: JSONValue) -> [JSONValue] {
        var records = body.value(at: root)?.arrayValue ?? []
        if let flatten {
            records = records.flatMap { parent -> [JSONValue] in
                (parent.value(at: flatten.items)?.arrayValue ?? []).map { entry in
                    guard let key = flatten.parentKey, case .object(var object) = entry else { return entry }
                    object[key] = parent
                    return .object(object)
                }
            }
        }
        return keepWhen.isEmpty ? records : records.filter(keeps)
    }

    /// The filter named `name`, if this route serves it.
    public func filter(_ name: String) -> ListFilter? { filters.first { $0.name == name } }
}

/// A table of id → name read from a provider route, e.g. deal stages:
/// `{"method": "GET", "path": "/crm/v3/pipelines/deals", "root": "results", "items": "stages", "key": "id", "value": "label"}`.
public struct LookupMapping: Sendable {
    public var operation: Operation
    /// Inside each element of the root array, the array that holds the entries (nested stages); nil = the elements themselves.
    public var itemsPath: [String]?
    public var keyPath: [String]
    public var valuePath: [String]
    public var ttlSeconds: Int

    /// The id → name table from the records the route returned.
    public func table(from records: [JSONValue]) -> [String: String] {
        var table: [String: String] = [:]
        let entries = itemsPath.map { path in records.flatMap { $0.value(at: path)?.arrayValue ?? [] } } ?? records
        for entry in entries {
            if let key = entry.value(at: keyPath)?.scalarText, let value = entry.value(at: valuePath)?.scalarText { table[key] = value }
        }
        return table
    }
}

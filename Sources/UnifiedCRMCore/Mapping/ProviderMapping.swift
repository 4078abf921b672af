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
    /// Path of the human message in the provider's error bodies.
    public var errorMessagePath: [String]?
    /// Providers that answer a missing record with another status (HighLevel: 400 "Opportunity
    /// not found"): that status with a message matching the pattern is reported as 404.
    public var notFoundStatus: Int?
    public var notFoundPattern: String?
    /// Query keys a caller may not set through `remote_query` (auth and routing).
    public var reservedQueryKeys: Set<String>
}

public struct AuthMethod: Sendable {
    public var requires: [String]
    public var headers: [(String, Template)]
    public var query: [(String, Template)]
}

/// The routes and field mappings of one unified resource for one provider.
public struct ResourceMapping: Sendable {
    public var name: String
    public var operations: [OperationKind: Operation]
    public var fields: [FieldMapping]
    public var customFields: CustomFieldsMapping?
    /// Id → name tables fetched from the provider (e.g. stage names from the pipelines API).
    public var lookups: [String: LookupMapping]

    /// The field mapping for a unified field name.
    public func field(_ name: String) -> FieldMapping? { fields.first { $0.unifiedName == name } }
}

public enum OperationKind: String, Sendable, CaseIterable {
    case list, get, create, update, delete
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
    /// Native body keys that must be present after mapping (e.g. HighLevel `pipelineId`).
    public var requiredNative: [String]
    public var pagination: Pagination?
    /// Query parameter carrying the page size, with the provider's maximum.
    public var limitParameter: String?
    public var maxLimit: Int?
    public var defaultLimit: Int?
}

/// Pagination as data: each request parameter is read from a path of the previous response.
public struct Pagination: Sendable {
    /// Request query parameter → response path.
    public var next: [(parameter: String, path: [String])]
    /// When set, the walk ends when this response value is null, false or absent.
    public var hasMore: [String]?
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

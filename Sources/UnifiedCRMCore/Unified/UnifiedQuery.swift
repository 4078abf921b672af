import Foundation

/// How a unified response is shaped (`truto_response_format`).
public enum ResponseFormat: String, Sendable, CaseIterable {
    case unified, normalized, raw, stream
}

/// The query parameters of a unified request, parsed and validated (qs-style encoding).
public struct UnifiedQuery: Sendable {
    public var accountID: UUID

    /// The defaults for one account (what a request with only `integrated_account_id` asks).
    public init(accountID: UUID) { self.accountID = accountID }
    public var format: ResponseFormat = .unified
    public var ignoreRemoteData = false
    /// Dotted paths to drop from each record.
    public var excludeFields: [[String]] = []
    /// Passed to the provider's query string as is (nested keys keep qs encoding).
    public var remoteQuery: [String: JSONValue] = [:]
    public var limit: Int?
    public var cursor: String?
    public var keyBy: String?
    public var ignoreLimit = false
    /// Every other parameter: list filters (`updated_at[gt]`, `pipeline_id`, ...), in name order,
    /// nested qs keys flattened back to their bracket names. Checked against the route's filters.
    public var filters: [(name: String, value: JSONValue)] = []

    /// The parameters this parser reads itself; anything else is a filter.
    static let parameters: Set<String> = ["integrated_account_id", "truto_response_format", "truto_ignore_remote_data", "truto_ignore_limit",
                                          "truto_exclude_fields", "remote_query", "limit", "next_cursor", "truto_key_by"]

    /// Parses a raw query string; a 400 names the first bad parameter.
    public static func parse(_ raw: String) throws -> UnifiedQuery {
        let params = QueryString.parse(raw)
        guard let idValue = params["integrated_account_id"] else {
            throw APIError.invalidParameter("integrated_account_id", "The query parameter `integrated_account_id` is required.")
        }
        guard let idText = idValue.stringValue, let id = UUID(uuidString: idText) else {
            throw APIError.invalidParameter("integrated_account_id", "The query parameter `integrated_account_id` must be a UUID.")
        }
        var query = UnifiedQuery(accountID: id)
        if let value = params["truto_response_format"] {
            guard let text = value.stringValue, let format = ResponseFormat(rawValue: text) else {
                throw APIError.invalidParameter("truto_response_format", "The query parameter `truto_response_format` must be one of: \(ResponseFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            query.format = format
        }
        query.ignoreRemoteData = try boolean(params, "truto_ignore_remote_data")
        query.ignoreLimit = try boolean(params, "truto_ignore_limit")
        if let value = params["truto_exclude_fields"] {
            let items = value.arrayValue ?? [value]
            query.excludeFields = try items.map { item in
                guard let text = item.stringValue, !text.isEmpty else {
                    throw APIError.invalidParameter("truto_exclude_fields", "Each `truto_exclude_fields[]` value must be a field name or dotted path.")
                }
                return text.split(separator: ".").map(String.init)
            }
        }
        if let value = params["remote_query"] {
            guard let object = value.objectValue else {
                throw APIError.invalidParameter("remote_query", "The query parameter `remote_query` must be an object: `remote_query[key]=value`.")
            }
            query.remoteQuery = object
        }
        if let value = params["limit"] {
            guard let text = value.stringValue, let limit = Int(text), limit >= 1 else {
                throw APIError.invalidParameter("limit", "The query parameter `limit` must be a positive integer.")
            }
            query.limit = limit
        }
        if let value = params["next_cursor"] {
            guard let text = value.stringValue else { throw APIError.invalidParameter("next_cursor", "The query parameter `next_cursor` must be a string.") }
            query.cursor = text.isEmpty ? nil : text
        }
        if let value = params["truto_key_by"] {
            guard let text = value.stringValue, !text.isEmpty else { throw APIError.invalidParameter("truto_key_by", "The query parameter `truto_key_by` must be a field name.") }
            query.keyBy = text
        }
        for (name, value) in params.sorted(by: { $0.key < $1.key }) where !parameters.contains(name) {
            if case .object(let members) = value {
                for (key, member) in members.sorted(by: { $0.key < $1.key }) { query.filters.append(("\(name)[\(key)]", member)) }
            } else {
                query.filters.append((name, value))
            }
        }
        return query
    }

    private static func boolean(_ params: [String: JSONValue], _ name: String) throws -> Bool {
        guard let value = params[name] else { return false }
        switch value.stringValue {
        case "true": return true
        case "false": return false
        default: throw APIError.invalidParameter(name, "The query parameter `\(name)` must be `true` or `false`.")
        }
    }
}

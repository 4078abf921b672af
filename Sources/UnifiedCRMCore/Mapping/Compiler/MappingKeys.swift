/// Every key each section of a mapping file may hold: the one list the decoder reads by, and the
/// one a test compares with `mappings/schema.json`, so the two cannot drift apart.
public enum MappingKeys {
    public struct Section: Sendable {
        /// The definition in `mappings/schema.json` describing this section (`$` = the top level).
        public let schemaDefinition: String
        public let keys: Set<String>
    }

    public static let file = Section(schemaDefinition: "$", keys: ["$schema", "name", "display_name", "docs", "base_url", "headers", "context", "auth", "errors", "rate_limit", "reserved_query", "account_base_url", "resources", "webhooks"])
    public static let context = Section(schemaDefinition: "context", keys: ["required", "secrets"])
    public static let authMethod = Section(schemaDefinition: "authMethod", keys: ["requires", "headers", "query"])
    public static let oauthMethod = Section(schemaDefinition: "oauthMethod", keys: authMethod.keys.union(["authorize", "token"]))
    public static let oauthAuthorize = Section(schemaDefinition: "oauthAuthorize", keys: ["url", "scope_param", "scope_separator", "params"])
    public static let oauthToken = Section(schemaDefinition: "oauthToken", keys: ["url", "encoding", "client_auth", "params", "scope_field", "context", "invalid_grant"])
    public static let invalidGrantRule = Section(schemaDefinition: "invalidGrantRule", keys: ["status", "path", "values", "prefixes"])
    public static let accountBaseURL = Section(schemaDefinition: "accountBaseURL", keys: ["context", "allowed_hosts"])
    public static let errors = Section(schemaDefinition: "errors", keys: ["message", "rules"])
    public static let errorRule = Section(schemaDefinition: "errorRule", keys: ["status", "message_pattern", "code"])
    public static let rateLimit = Section(schemaDefinition: "rateLimit", keys: ["limit_header", "remaining_header", "reset_header", "reset_unit", "budget", "docs"])
    public static let budget = Section(schemaDefinition: "budget", keys: ["requests", "seconds"])
    public static let resource = Section(schemaDefinition: "resource", keys: ["operations", "fields", "custom_fields", "lookups", "deletions"])
    public static let deletions = Section(schemaDefinition: "deletions", keys: ["query", "deleted_at", "docs"])
    public static let operation = Section(schemaDefinition: "operation", keys: ["method", "path", "query", "root", "body", "required", "required_native", "pagination", "limit", "scopes", "filters", "keep_when", "flatten", "from_list"])
    public static let flatten = Section(schemaDefinition: "flatten", keys: ["items", "parent"])
    public static let filter = Section(schemaDefinition: "filter", keys: ["query", "item", "type", "enum", "required", "sets", "docs"])
    public static let limit = Section(schemaDefinition: "limit", keys: ["param", "max", "default", "in"])
    public static let pagination = Section(schemaDefinition: "pagination", keys: ["next", "has_more", "in", "offset", "page", "first"])
    public static let field = Section(schemaDefinition: "field", keys: ["path", "constant", "name_from", "type", "wrap", "list", "item_path", "enum", "read_only", "write_only", "docs", "items", "entries", "concat", "separator", "write"])
    public static let fieldWrite = Section(schemaDefinition: "fieldWrite", keys: ["append", "item", "call"])
    public static let fieldWriteCall = Section(schemaDefinition: "fieldWriteCall", keys: ["method", "path", "scopes", "on"])
    public static let subField = Section(schemaDefinition: "subFieldObject", keys: ["path", "constant", "type", "enum"])
    public static let lookup = Section(schemaDefinition: "lookup", keys: operation.keys.subtracting(["pagination", "filters", "keep_when", "flatten", "from_list"]).union(["pagination", "items", "key", "value", "ttl_seconds"]))
    public static let customFields = Section(schemaDefinition: "customFields", keys: ["style", "path", "write_path", "id_key", "value_key", "write_value_key", "definitions", "key", "name", "type", "exclude_when", "key_pattern", "types", "options", "option_id", "option_label", "ttl_seconds"])

    public static let webhooks = Section(schemaDefinition: "webhooks", keys: ["docs", "endpoint", "verify", "identity", "events", "types", "registration"])
    public static let webhookVerify = Section(schemaDefinition: "webhookVerify", keys: ["scheme", "header", "encoding", "message", "secret", "public_key", "timestamp"])
    public static let webhookTimestamp = Section(schemaDefinition: "webhookTimestamp", keys: ["header", "unit", "max_age_seconds"])
    public static let webhookIdentity = Section(schemaDefinition: "webhookIdentity", keys: ["context", "method", "path", "value"])
    public static let webhookEvents = Section(schemaDefinition: "webhookEvents", keys: ["items", "account", "type", "id", "changed_field", "changed_keys", "changed_prefix"])
    public static let webhookEventRule = Section(schemaDefinition: "webhookEventRule", keys: ["event", "resource", "changed_fields"])
    public static let webhookRegistration = Section(schemaDefinition: "webhookRegistration", keys: ["method", "path", "body", "id", "delete"])

    public static let all: [Section] = [file, context, authMethod, oauthMethod, oauthAuthorize, oauthToken, invalidGrantRule, accountBaseURL, errors, errorRule, rateLimit, budget, resource, operation, limit, pagination, filter, flatten, field, fieldWrite, fieldWriteCall, subField, lookup, customFields,
                                        deletions, webhooks, webhookVerify, webhookTimestamp, webhookIdentity, webhookEvents, webhookEventRule, webhookRegistration]
}

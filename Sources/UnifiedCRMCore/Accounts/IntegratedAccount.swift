import Foundation

/// A connection of one tenant to one provider, with the credentials and settings in `context`.
public struct IntegratedAccount: Sendable, Equatable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        case active
        case needsReauth = "needs_reauth"
        case disabled
    }

    public var id: UUID
    public var tenantId: String
    public var integration: String
    public var status: Status
    /// `api_key` or `oauth`, derived from the shape of `context`.
    public var authenticationMethod: String
    /// Decrypted context; contains secrets. Never serialize it directly: use `redactedContext`.
    public var context: JSONValue
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: UUID, tenantId: String, integration: String, status: Status, authenticationMethod: String, context: JSONValue, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.tenantId = tenantId
        self.integration = integration
        self.status = status
        self.authenticationMethod = authenticationMethod
        self.context = context
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

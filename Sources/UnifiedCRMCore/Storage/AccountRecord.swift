import Foundation
import GRDB

/// A row of `integrated_account` exactly as stored: the context sealed, dates in epoch milliseconds.
/// `account(opening:)` turns it into an `IntegratedAccount`, or says what is wrong with it.
struct AccountRecord: Codable, Equatable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "integrated_account"

    /// Keyset position (creation order); nil until inserted.
    var seq: Int64?
    /// The public uuid, lowercased.
    var id: String
    var tenantId: String
    var integration: String
    var status: String
    var authenticationMethod: String
    /// AES-GCM sealed JSON of the whole context.
    var context: Data
    var createdAt: Int64
    var updatedAt: Int64

    enum CodingKeys: String, CodingKey {
        case seq, id, integration, status, context
        case tenantId = "tenant_id"
        case authenticationMethod = "authentication_method"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    enum Columns {
        static let seq = Column(CodingKeys.seq)
        static let id = Column(CodingKeys.id)
        static let tenantId = Column(CodingKeys.tenantId)
        static let integration = Column(CodingKeys.integration)
    }

    /// The row for `account`, its context sealed by `box`.
    init(_ account: IntegratedAccount, seq: Int64? = nil, sealing box: SecretBox) throws {
        self.seq = seq
        self.id = Self.key(account.id)
        self.tenantId = account.tenantId
        self.integration = account.integration
        self.status = account.status.rawValue
        self.authenticationMethod = account.authenticationMethod
        self.context = try box.seal(account.context.encoded())
        self.createdAt = account.createdAt.epochMilliseconds
        self.updatedAt = account.updatedAt.epochMilliseconds
    }

    /// How an account id is stored.
    static func key(_ id: UUID) -> String { id.uuidString.lowercased() }

    mutating func didInsert(_ inserted: InsertionSuccess) { seq = inserted.rowID }

    /// The account this row holds; `AccountStoreError.corruptRow` when the row does not decode.
    func account(opening box: SecretBox) throws -> IntegratedAccount {
        func corrupt(_ problem: AccountStoreError.CorruptRowProblem) -> AccountStoreError { .corruptRow(row: id, problem: problem) }
        guard let uuid = UUID(uuidString: id) else { throw corrupt(.invalidID) }
        guard let status = IntegratedAccount.Status(rawValue: status) else { throw corrupt(.unknownStatus(status)) }
        guard let plain = try? box.open(context) else { throw corrupt(.undecryptableContext) }
        guard let context = try? JSONValue.parse(plain) else { throw corrupt(.contextNotJSON) }
        return IntegratedAccount(
            id: uuid, tenantId: tenantId, integration: integration, status: status,
            authenticationMethod: authenticationMethod, context: context,
            createdAt: Date(epochMilliseconds: createdAt), updatedAt: Date(epochMilliseconds: updatedAt)
        )
    }
}

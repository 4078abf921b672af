import Foundation

/// Why an account store refused a write or could not read an account.
public enum AccountStoreError: Error, Equatable, CustomStringConvertible, Sendable {
    case duplicateID(UUID)
    case idChanged(from: UUID, to: UUID)
    /// A stored row that does not decode to an account; `row` names it as stored (its id column).
    case corruptRow(row: String, problem: CorruptRowProblem)
    /// A stored account event that does not decode (its id column).
    case corruptEvent(String)

    public enum CorruptRowProblem: Equatable, Sendable {
        case invalidID
        case unknownStatus(String)
        /// The sealed context does not open with this server's key (another key, or damaged bytes).
        case undecryptableContext
        case contextNotJSON
    }

    public var description: String {
        switch self {
        case .duplicateID(let id):
            return "An integrated account with id `\(id.uuidString.lowercased())` already exists."
        case .idChanged(let from, let to):
            return "An account update may not change its id (`\(from.uuidString.lowercased())` to `\(to.uuidString.lowercased())`)."
        case .corruptRow(let row, let problem):
            let what: String
            switch problem {
            case .invalidID: what = "its id is not a UUID"
            case .unknownStatus(let status):
                what = "its status `\(status)` is not one of \(IntegratedAccount.Status.allCases.map(\.rawValue).joined(separator: ", "))"
            case .undecryptableContext: what = "its context does not decrypt: UNIFIED_CRM_ENCRYPTION_KEY differs from the key it was stored with, or the bytes are damaged"
            case .contextNotJSON: what = "its decrypted context is not JSON"
            }
            return "The stored integrated account `\(row.prefix(64))` is corrupt: \(what)."
        case .corruptEvent(let id):
            return "The stored account event `\(id.prefix(64))` is corrupt."
        }
    }
}

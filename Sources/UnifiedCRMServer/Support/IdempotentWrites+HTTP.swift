import Foundation
import HTTPTypes
import Hummingbird
import UnifiedCRMCore

extension IdempotentWrites {
    /// Runs a write under the request's `Idempotency-Key`, if it has one; `accountID` (which
    /// scopes the key) is only asked for then.
    func respond(to request: Request, route: String, body: [UInt8], accountID: () throws -> UUID,
                 _ work: () async throws -> UnifiedResponse) async throws -> Response {
        guard let key = request.headers[HTTPField.Name(Self.headerName)!] else { return try await work().response() }
        let scope = IdempotencyScope(accountID: try accountID(), key: key, route: route)
        let (unified, replayed) = try await perform(key: key, scope: scope, body: body, work)
        return unified.response(replayed: replayed)
    }
}

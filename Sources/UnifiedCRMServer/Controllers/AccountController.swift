import Foundation
import Hummingbird
import UnifiedCRMCore

/// The integrated-account admin API (`/integrated-account...`).
struct AccountController<Context: RequestContext> {
    let service: AccountService
    /// Refreshes OAuth tokens (`refresh-credentials`); nil when the unified API is not served.
    let unified: UnifiedService?

    static var defaultLimit: Int { 100 }
    static var maxLimit: Int { 1000 }

    func addRoutes(to router: Router<Context>, table: RouteTable) {
        router.on(.post, "/integrated-account", table: table) { request, _ in
            let account = try await service.create(body: JSONResponse.body(of: request))
            return JSONResponse.make(render(account), status: .created)
        }
        router.on(.get, "/integrated-account", table: table) { request, _ in
            try await list(request)
        }
        router.on(.post, "/integrated-account/refresh-credentials", table: table) { request, _ -> Response in
            let body = try await JSONResponse.body(of: request)
            guard let id = body["id"], id != .null else { throw APIError.missingField("id") }
            guard let idString = id.stringValue else { throw APIError.invalidField("id", "The field `id` must be a UUID string.") }
            let account = try await service.account(idString: idString)
            guard account.authenticationMethod == "oauth" else {
                throw APIError(.notOAuthAccount,
                               "The account `\(idString)` authenticates with an API key, not OAuth; there are no credentials to refresh.",
                               details: ["id": .string(idString)])
            }
            guard let unified, let mapping = unified.mappings[account.integration] else {
                throw APIError(.unknownIntegration, "No mapping file is loaded for `\(account.integration)`.")
            }
            return render(try await unified.refresher.refreshNow(account, mapping: mapping)).response(status: .ok)
        }
        router.on(.get, "/integrated-account/{id}", table: table) { _, context in
            render(try await service.account(idString: context.parameters.get("id") ?? ""))
                .response(status: .ok)
        }
        router.on(.patch, "/integrated-account/{id}", table: table) { request, context in
            let body = try await JSONResponse.body(of: request)
            return render(try await service.update(idString: context.parameters.get("id") ?? "", body: body)).response(status: .ok)
        }
        router.on(.get, "/integrated-account/{id}/events", table: table) { request, context in
            let (limit, after) = try Self.page(request, cursorKind: "e")
            let page = try await service.events(idString: context.parameters.get("id") ?? "", limit: limit, after: after)
            return JSONResponse.page(page.events.map(\.json), nextAfter: page.nextAfter, cursorKind: "e")
        }
        router.on(.delete, "/integrated-account/{id}", table: table) { _, context in
            render(try await service.delete(idString: context.parameters.get("id") ?? "")).response(status: .ok)
        }
    }

    /// `limit` and `next_cursor` of an admin list (a 400 names the bad one).
    static func page(_ request: Request, cursorKind: String) throws -> (limit: Int, after: Int64?) {
        let query = request.uri.queryParameters
        var limit = Self.defaultLimit
        if let raw = query["limit"] {
            guard let parsed = Int(String(raw)), parsed >= 1, parsed <= Self.maxLimit else {
                throw APIError.invalidParameter("limit", "The parameter `limit` must be an integer from 1 to \(Self.maxLimit).")
            }
            limit = parsed
        }
        let after = try query["next_cursor"].flatMap { $0.isEmpty ? nil : try AccountCursor.decode(String($0), kind: cursorKind) }
        return (limit, after)
    }

    private func list(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        let (limit, after) = try Self.page(request, cursorKind: "a")
        var filter = AccountFilter()
        filter.tenantId = query["tenant_id"].map(String.init)
        if let integration = query["integration"].map(String.init) {
            _ = try service.catalog.descriptor(named: integration)
            filter.integration = integration
        }
        let page = try await service.database.listAccounts(filter: filter, limit: limit, after: after)
        return JSONResponse.page(page.accounts.map(render), nextAfter: page.nextAfter, cursorKind: "a")
    }

    /// The account as callers see it: every secret replaced by `"[redacted]"`.
    func render(_ account: IntegratedAccount) -> JSONValue {
        .object([
            "id": .string(account.id.uuidString.lowercased()),
            "tenant_id": .string(account.tenantId),
            "integration": .string(account.integration),
            "status": .string(account.status.rawValue),
            "authentication_method": .string(account.authenticationMethod),
            "context": service.redactor(for: account.integration).redact(account.context),
            "created_at": .string(account.createdAt.iso8601Milliseconds),
            "updated_at": .string(account.updatedAt.iso8601Milliseconds),
        ])
    }
}

extension JSONValue {
    func response(status: HTTPResponse.Status) -> Response { JSONResponse.make(self, status: status) }
}

import Foundation
import Hummingbird
import UnifiedCRMCore

/// Provider webhooks in: `POST /webhooks/{integration}` (app-level) and
/// `POST /integrated-account-webhook/{id}` (per account). No bearer token: the provider's own
/// signature or credentials authenticate the request. Answered as soon as it is verified and kept.
struct InboundWebhookController<Context: RequestContext> {
    let service: InboundWebhookService
    /// The origin providers call (`--public-url`); else the request's `Host` over http.
    let origin: PublicOrigin
    /// Largest webhook body accepted (HubSpot batches up to 100 events).
    static var maxBodySize: Int { InboundEventReader.limits.maxBytes }

    func addRoutes(to router: Router<Context>, table: RouteTable) {
        router.on(.post, "/webhooks/{integration}", table: table) { request, context in
            try await receive(request, integration: context.parameters.get("integration") ?? "", accountID: nil)
        }
        router.on(.post, "/integrated-account-webhook/{id}", table: table) { request, context in
            let idText = context.parameters.get("id") ?? ""
            guard let id = UUID(uuidString: idText), let account = try await service.unified.database.account(id: id) else {
                throw APIError.notFound("No integrated account `\(idText.prefix(64))`.")
            }
            return try await receive(request, integration: account.integration, accountID: id)
        }
    }

    private func receive(_ request: Request, integration: String, accountID: UUID?) async throws -> Response {
        let body = try await JSONResponse.bytes(of: request, upTo: Self.maxBodySize)
        let origin = self.origin.url ?? "http://\(request.head.authority ?? "localhost")"
        let verified = WebhookVerifier.Request(
            method: request.method.rawValue, url: origin + request.uri.description,
            headers: request.headers.map { ($0.name.canonicalName, $0.value) }, body: body
        )
        let count = try await service.receive(integration: integration, accountID: accountID, request: verified)
        return try JSONValue.object(["received": .integer(count)]).response(status: .ok)
    }
}

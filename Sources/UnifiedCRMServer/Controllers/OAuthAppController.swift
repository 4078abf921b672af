import Hummingbird
import UnifiedCRMCore

/// `PUT|GET /integration/{integration}/oauth-app`: an integration's OAuth app, secret redacted.
struct OAuthAppController<Context: RequestContext> {
    let service: OAuthAppService

    func addRoutes(to router: Router<Context>, table: RouteTable) {
        router.on(.put, "/integration/{integration}/oauth-app", table: table) { request, context in
            let body = try await JSONResponse.body(of: request)
            return try await service.put(integration: context.parameters.get("integration") ?? "", body: body).json.response(status: .ok)
        }
        router.on(.get, "/integration/{integration}/oauth-app", table: table) { _, context in
            try await service.get(integration: context.parameters.get("integration") ?? "").json.response(status: .ok)
        }
    }
}

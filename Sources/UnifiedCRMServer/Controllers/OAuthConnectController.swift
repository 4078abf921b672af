import Hummingbird
import UnifiedCRMCore

/// The OAuth connect flow: `GET /integrated-account/connect/{integration}` (bearer token) answers
/// `{"authorize_url"}`; `GET /oauth/callback` (no token: a browser arrives, its signed `state`
/// authenticates it) answers 302 to the connect request's `return_url`.
struct OAuthConnectController<Context: RequestContext> {
    let service: OAuthConnectService

    func addRoutes(to router: Router<Context>, table: RouteTable) {
        router.on(.get, "/integrated-account/connect/{integration}", table: table) { request, context in
            let query = request.uri.queryParameters
            let url = try await service.authorizeURL(integration: context.parameters.get("integration") ?? "",
                                                     tenantID: query["tenant_id"].map(String.init), returnURL: query["return_url"].map(String.init))
            return JSONValue.object(["authorize_url": .string(url)]).response(status: .ok)
        }
        router.on(.get, "/oauth/callback", table: table) { request, _ in
            var query: [String: String] = [:]
            for (key, value) in request.uri.queryParameters where query[String(key)] == nil { query[String(key)] = String(value) }
            let location = try await service.callback(query: query)
            return Response(status: .found, headers: [.location: location, .cacheControl: "no-store"])
        }
    }
}

import Hummingbird
import HummingbirdAuth
import UnifiedCRMCore

/// Requires `Authorization: Bearer <token>` on every route except the public ones.
/// The token comparison takes the same time wherever the first difference is.
struct BearerAuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String
    /// Paths that need no token: `/ping`, `/health`, `/oauth/callback` (its signed `state` authenticates it),
    /// and the OpenAPI document (`/openapi.json`, `/openapi.yaml`: it describes the API, holds no tenant data).
    static var publicPaths: Set<String> { ["/ping", "/health", "/oauth/callback", "/openapi.json", "/openapi.yaml"] }
    /// Provider webhooks: the provider's signature or credentials authenticate them.
    static var publicPrefixes: [String] { ["/webhooks/", "/integrated-account-webhook/"] }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if Self.publicPaths.contains(path) || (request.method == .post && Self.publicPrefixes.contains { path.hasPrefix($0) }) {
            return try await next(request, context)
        }
        guard let bearer = request.headers.bearer, ConstantTime.equal(bearer.token, token) else {
            throw APIError.unauthorized
        }
        return try await next(request, context)
    }
}

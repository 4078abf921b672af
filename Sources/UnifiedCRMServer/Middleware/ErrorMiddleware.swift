import Hummingbird
import Logging
import UnifiedCRMCore

/// Turns every error into the contract's error body. Unknown paths → 404 `route_not_found`; a known
/// path with another method → 405 `method_not_allowed` with `Allow`; anything unexpected → 500
/// with a generic message (the detail goes to the log, never to the caller).
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return error.response()
        } catch let error as HTTPError where error.status == .notFound {
            let methods = routes.methods(matching: request.uri.path)
            if methods.isEmpty {
                return APIError(.routeNotFound, "No route matches \(request.method.rawValue) \(request.uri.path).")
                    .response()
            }
            let allowed = Array(Set(methods)).sorted()
            return APIError(
                .methodNotAllowed,
                "\(request.method.rawValue) is not allowed on \(request.uri.path); allowed: \(allowed.joined(separator: ", ")).",
                details: ["allowed": .array(allowed.map { .string($0) })],
                headers: ["Allow": allowed.joined(separator: ", ")]
            ).response()
        } catch let error as HTTPError {
            let status = Int(error.status.code)
            let code: APIError.Code = status == 413 ? .bodyTooLarge : (status < 500 ? .badRequest : .internalError)
            return APIError(status: status, code: code, message: error.body ?? error.status.reasonPhrase)
                .response()
        } catch {
            context.logger.error("unhandled error", metadata: ["error.type": .string(String(reflecting: type(of: error)))])
            return APIError(.internalError, "An unexpected error occurred; see the server log for request \(context.id).")
                .response()
        }
    }
}

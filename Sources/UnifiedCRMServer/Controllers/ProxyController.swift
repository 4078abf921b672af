import HTTPTypes
import Hummingbird
import NIOCore
import UnifiedCRMCore

/// `/proxy/{path}`: the provider's own API through an account's credentials, answered unmapped.
struct ProxyController<Context: RequestContext> {
    let service: UnifiedService
    let idempotency: IdempotentWrites

    static var methods: [HTTPRequest.Method] { [.get, .post, .put, .patch, .delete] }

    func addRoutes(to router: Router<Context>, table: RouteTable) {
        for method in Self.methods {
            router.on(method, "/proxy/{path}", table: table, catchAll: true) { request, _ in
                try await proxy(request)
            }
        }
    }

    private func proxy(_ request: Request) async throws -> Response {
        var request = request
        let path = String(request.uri.path.dropFirst("/proxy".count))
        let query = request.uri.query ?? ""
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: JSONResponse.maxBodySize)
        } catch {
            throw APIError(.bodyTooLarge, "The request body is larger than \(JSONResponse.maxBodySize) bytes.")
        }
        let body = buffer.readableBytes > 0 ? Array(buffer.readableBytesView) : nil
        let proxied = ProxyRequest(method: request.method.rawValue, path: path, query: query, body: body, contentType: request.headers[.contentType])
        guard request.method == .post || request.method == .patch else { return try await service.proxy(proxied).response() }
        // The account scopes the key; the proxy checks the rest of the query itself.
        return try await idempotency.respond(to: request, route: "\(request.method.rawValue) /proxy\(path)", body: body ?? [],
                                             accountID: { try UnifiedQuery.parse(query).accountID }) { try await service.proxy(proxied) }
    }
}

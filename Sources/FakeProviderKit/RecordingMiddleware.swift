import Foundation
import Hummingbird

/// Records each request (method, path, query, headers, body) in a `RequestRecorder`, admin calls excluded.
struct RecordingMiddleware: RouterMiddleware {
    let recorder: RequestRecorder

    func handle(_ request: Request, context: BasicRequestContext, next: (Request, BasicRequestContext) async throws -> Response) async throws -> Response {
        guard !FakeAdmin.isAdmin(request) else { return try await next(request, context) }
        var request = request
        let buffer = try await request.collectBody(upTo: FakeJSON.maxBody)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        await recorder.record(RecordedRequest(
            method: request.method.rawValue,
            path: request.uri.path,
            query: request.uri.query ?? "",
            headers: headers,
            body: Data(buffer.readableBytesView)
        ))
        return try await next(request, context)
    }
}

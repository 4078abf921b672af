import HTTPTypes
import Hummingbird
import NIOCore
import UnifiedCRMCore

/// `/unified/crm/{resource}` and `/unified/crm/{resource}/{id}`.
struct UnifiedController<Context: RequestContext> {
    let service: UnifiedService
    let idempotency: IdempotentWrites

    func addRoutes(to router: Router<Context>, table: RouteTable) {
        router.on(.get, "/unified/crm/{resource}", table: table) { request, context in
            let query = try UnifiedQuery.parse(request.uri.query ?? "")
            let resource = try context.parameters.require("resource")
            if query.format == .stream {
                let initial = try await service.stream(resource: resource, query: query)
                return Response(
                    status: .ok,
                    headers: [.contentType: "application/x-ndjson"],
                    body: ResponseBody { writer in
                        var stream = initial
                        while let chunk = try await stream.next() {
                            if !chunk.isEmpty { try await writer.write(ByteBuffer(bytes: chunk)) }
                        }
                        try await writer.finish(nil)
                    }
                )
            }
            return response(try await service.list(resource: resource, query: query))
        }
        router.on(.post, "/unified/crm/{resource}", table: table) { request, context in
            let query = try UnifiedQuery.parse(request.uri.query ?? "")
            let resource = try context.parameters.require("resource")
            let body = try await JSONResponse.bodyAndBytes(of: request)
            return try await idempotent(request, query: query, route: "POST /unified/crm/\(resource)", body: body.bytes) {
                try await service.create(resource: resource, body: body.json, query: query)
            }
        }
        router.on(.get, "/unified/crm/{resource}/{id}", table: table) { request, context in
            let query = try UnifiedQuery.parse(request.uri.query ?? "")
            return response(try await service.get(resource: try context.parameters.require("resource"), id: try context.parameters.require("id"), query: query))
        }
        router.on(.patch, "/unified/crm/{resource}/{id}", table: table) { request, context in
            let query = try UnifiedQuery.parse(request.uri.query ?? "")
            let resource = try context.parameters.require("resource"), id = try context.parameters.require("id")
            let body = try await JSONResponse.bodyAndBytes(of: request)
            return try await idempotent(request, query: query, route: "PATCH /unified/crm/\(resource)/\(id)", body: body.bytes) {
                try await service.update(resource: resource, id: id, body: body.json, query: query)
            }
        }
        router.on(.delete, "/unified/crm/{resource}/{id}", table: table) { request, context in
            let query = try UnifiedQuery.parse(request.uri.query ?? "")
            return response(try await service.delete(resource: try context.parameters.require("resource"), id: try context.parameters.require("id"), query: query))
        }
    }

    /// A write under the request's `Idempotency-Key`, if it has one.
    private func idempotent(_ request: Request, query: UnifiedQuery, route: String, body: [UInt8], _ work: () async throws -> UnifiedResponse) async throws -> Response {
        let key = request.headers[HTTPField.Name(IdempotentWrites.headerName)!]
        let scope = IdempotencyScope(accountID: query.accountID, key: key ?? "", route: route)
        let (unified, replayed) = try await idempotency.perform(key: key, scope: scope, body: body, work)
        return unified.response(replayed: replayed)
    }

    private func response(_ unified: UnifiedResponse) -> Response { unified.response() }
}

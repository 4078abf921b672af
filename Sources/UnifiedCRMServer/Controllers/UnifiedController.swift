import Foundation
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
            return try await service.list(resource: resource, query: query).response()
        }
        router.on(.post, "/unified/crm/{resource}", table: table) { request, context in
            let query = try UnifiedQuery.parse(request.uri.query ?? "")
            let resource = try context.parameters.require("resource")
            let body = try await JSONResponse.bodyAndBytes(of: request)
            return try await idempotency.respond(to: request, route: "POST /unified/crm/\(resource)", body: body.bytes, accountID: { query.accountID }) {
                try await service.create(resource: resource, body: body.json, query: query)
            }
        }
        router.on(.get, "/unified/crm/{resource}/{id}", table: table) { request, context in
            let query = try UnifiedQuery.parse(request.uri.query ?? "")
            return try await service.get(resource: try context.parameters.require("resource"), id: try recordID(context), query: query).response()
        }
        router.on(.patch, "/unified/crm/{resource}/{id}", table: table) { request, context in
            let query = try UnifiedQuery.parse(request.uri.query ?? "")
            let resource = try context.parameters.require("resource"), id = try recordID(context)
            let body = try await JSONResponse.bodyAndBytes(of: request)
            return try await idempotency.respond(to: request, route: "PATCH /unified/crm/\(resource)/\(id)", body: body.bytes, accountID: { query.accountID }) {
                try await service.update(resource: resource, id: id, body: body.json, query: query)
            }
        }
        router.on(.delete, "/unified/crm/{resource}/{id}", table: table) { request, context in
            let query = try UnifiedQuery.parse(request.uri.query ?? "")
            return try await service.delete(resource: try context.parameters.require("resource"), id: try recordID(context), query: query).response()
        }
    }

    /// The `{id}` segment, percent-decoded (composite ids such as HighLevel's `contact:note` arrive as `contact%3Anote`).
    func recordID(_ context: Context) throws -> String {
        let raw = try context.parameters.require("id")
        return raw.removingPercentEncoding ?? raw
    }
}

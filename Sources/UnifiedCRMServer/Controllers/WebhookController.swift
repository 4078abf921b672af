import Foundation
import Hummingbird
import UnifiedCRMCore

/// Webhook subscriptions and their delivery log (`/webhook...`).
struct WebhookController<Context: RequestContext> {
    let service: WebhookService

    func addRoutes(to router: Router<Context>, table: RouteTable) {
        router.on(.post, "/webhook", table: table) { request, _ in
            // The secret is shown here, once.
            try await service.create(body: JSONResponse.body(of: request)).json(revealSecret: true).response(status: .created)
        }
        router.on(.get, "/webhook", table: table) { request, _ in
            let (limit, after) = try AccountController<Context>.page(request, cursorKind: "w")
            let page = try await service.store.listWebhooks(limit: limit, after: after)
            return JSONResponse.page(page.webhooks.map { $0.json() }, nextAfter: page.nextAfter, cursorKind: "w")
        }
        router.on(.get, "/webhook/{id}", table: table) { _, context in
            try await service.get(idString: context.parameters.get("id") ?? "").json().response(status: .ok)
        }
        router.on(.patch, "/webhook/{id}", table: table) { request, context in
            let body = try await JSONResponse.body(of: request)
            return try await service.update(idString: context.parameters.get("id") ?? "", body: body).json().response(status: .ok)
        }
        router.on(.delete, "/webhook/{id}", table: table) { _, context in
            try await service.delete(idString: context.parameters.get("id") ?? "").json().response(status: .ok)
        }
        router.on(.post, "/webhook/{id}/test", table: table) { _, context in
            let event = try await service.test(idString: context.parameters.get("id") ?? "")
            return JSONValue.object(["event_id": .string(event.id.uuidString.lowercased()), "event": .string(event.type.rawValue), "queued": .bool(true)])
                .response(status: .accepted)
        }
        router.on(.get, "/webhook/{id}/deliveries", table: table) { request, context in
            let (limit, after) = try AccountController<Context>.page(request, cursorKind: "d")
            let page = try await service.deliveries(idString: context.parameters.get("id") ?? "", limit: limit, after: after)
            return JSONResponse.page(page.deliveries.map(\.json), nextAfter: page.nextAfter, cursorKind: "d")
        }
        router.on(.post, "/webhook/{id}/deliveries/{delivery_id}/retry", table: table) { _, context in
            try await service.retry(idString: context.parameters.get("id") ?? "", deliveryIDString: context.parameters.get("delivery_id") ?? "").json
                .response(status: .accepted)
        }
    }
}

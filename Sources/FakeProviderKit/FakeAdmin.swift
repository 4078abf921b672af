import Foundation
import Hummingbird

/// The admin hook of every fake provider, under `/__admin` (never recorded, never faulted):
///
/// - `POST /__admin/faults` with a `Fault` body (`{"kind":"status","status":429,"retry_after":2,"count":3}`,
///   `{"kind":"slow","delay_ms":500}`, `{"kind":"reset"}`, `{"kind":"gather","count":24}`) queues a fault;
/// - `DELETE /__admin/faults` clears the queue; `GET /__admin/faults` lists it;
/// - `GET /__admin/requests` lists the recorded requests (method, path, query), `DELETE` clears them.
enum FakeAdmin {
    static let prefix = "/__admin"

    static func isAdmin(_ request: Request) -> Bool { request.uri.path.hasPrefix(prefix) }

    static func addRoutes(to router: Router<BasicRequestContext>, faults: FaultQueue, recorder: RequestRecorder) {
        router.post("\(prefix)/faults") { request, context -> Response in
            guard let fault = try? await request.decode(as: Fault.self, context: context) else {
                return FakeJSON.response(.badRequest, ["error": "body must be a fault: {\"kind\":\"status|slow|reset|gather\", ...}"])
            }
            await faults.add(fault)
            return FakeJSON.response(.created, ["queued": await faults.queued.count])
        }
        router.get("\(prefix)/faults") { _, _ -> Response in
            let queued = await faults.queued
            return FakeJSON.response(.ok, ["faults": queued.map { ["kind": $0.kind.rawValue, "count": $0.count] }])
        }
        router.delete("\(prefix)/faults") { _, _ -> Response in
            await faults.clear()
            return Response(status: .noContent)
        }
        router.get("\(prefix)/requests") { _, _ -> Response in
            let requests = await recorder.requests
            return FakeJSON.response(.ok, ["requests": requests.map { ["method": $0.method, "path": $0.path, "query": $0.query] }])
        }
        router.delete("\(prefix)/requests") { _, _ -> Response in
            await recorder.reset()
            return Response(status: .noContent)
        }
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Plays queued faults before a request reaches the provider's routes (admin calls excluded).
struct FaultMiddleware: RouterMiddleware {
    let faults: FaultQueue

    struct ConnectionReset: Error {}

    func handle(_ request: Request, context: BasicRequestContext, next: (Request, BasicRequestContext) async throws -> Response) async throws -> Response {
        guard !FakeAdmin.isAdmin(request), let fault = await faults.next() else { return try await next(request, context) }
        switch fault.kind {
        case .slow:
            try await Task.sleep(for: .milliseconds(fault.delayMilliseconds ?? 1000))
            return try await next(request, context)
        case .gather:
            await faults.arriveAtGathering()
            // Bounded wait (a deadlock guard, not a measurement): polls of 10 ms up to `delay_ms`.
            let deadline = ContinuousClock.now + .milliseconds(fault.delayMilliseconds ?? 5000)
            while true {
                let state = await faults.gathered
                if state.done { return try await next(request, context) }
                if ContinuousClock.now > deadline {
                    return FakeJSON.response(.serviceUnavailable, ["error": "only \(state.arrived) of \(state.total) requests arrived together"])
                }
                try await Task.sleep(for: .milliseconds(10))
            }
        case .reset:
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: "{\"partial\":"))
                throw ConnectionReset()
            })
        case .status:
            var headers = HTTPFields()
            if let retryAfter = fault.retryAfter { headers[.retryAfter] = String(retryAfter) }
            let status = HTTPResponse.Status(code: fault.status ?? 500)
            return FakeJSON.response(status, ["error": "injected fault", "status": status.code], headers: headers)
        }
    }
}

import Hummingbird
import Metrics
import Prometheus

/// Counts requests and records their latency by route pattern, method and status, into the
/// server's own Prometheus registry (no process-global metrics state, so tests can run apps side by side).
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let factory: PrometheusMetricsFactory

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        // The error middleware sits inside this one, so errors arrive here as responses.
        let route = context.endpointPath ?? "unmatched"
        let dimensions = [("route", route), ("method", request.method.rawValue), ("status", String(response.status.code))]
        Counter(label: "unified_crm_http_requests_total", dimensions: dimensions, factory: factory).increment()
        Metrics.Timer(label: "unified_crm_http_request_duration_seconds", dimensions: dimensions, factory: factory)
            .recordInterval(since: start)
        return response
    }
}

extension Metrics.Timer {
    func recordInterval(since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
    }
}

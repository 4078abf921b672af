import Hummingbird
import Metrics
import Prometheus
import Synchronization

/// Counts requests and records their latency by route pattern, method and status, into the
/// server's own Prometheus registry (no process-global metrics state, so tests can run apps side by side).
/// The counter and timer of each (route, method, status) are made once and then reused: making
/// them validates names and takes the registry's lock, which cost every request before.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let factory: PrometheusMetricsFactory
    private let handles = HandleCache()

    init(factory: PrometheusMetricsFactory) { self.factory = factory }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        // The error middleware sits inside this one, so errors arrive here as responses.
        let key = HandleKey(route: context.endpointPath ?? "unmatched", method: request.method.rawValue, status: response.status.code)
        let (counter, timer) = handles.handles(key, factory: factory)
        counter.increment()
        timer.recordInterval(since: start)
        return response
    }
}

private struct HandleKey: Hashable, Sendable {
    let route: String
    let method: String
    let status: Int
}

/// The metric handles made so far, by key (bounded by the routes, methods and statuses served).
private final class HandleCache: Sendable {
    private let made = Mutex<[HandleKey: (Metrics.Counter, Metrics.Timer)]>([:])

    func handles(_ key: HandleKey, factory: PrometheusMetricsFactory) -> (Metrics.Counter, Metrics.Timer) {
        if let found = made.withLock({ $0[key] }) { return found }
        let dimensions = [("route", key.route), ("method", key.method), ("status", String(key.status))]
        let created = (Metrics.Counter(label: "unified_crm_http_requests_total", dimensions: dimensions, factory: factory),
                       Metrics.Timer(label: "unified_crm_http_request_duration_seconds", dimensions: dimensions, factory: factory))
        return made.withLock { cache in
            if let found = cache[key] { return found }
            cache[key] = created
            return created
        }
    }
}

extension Metrics.Timer {
    func recordInterval(since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
    }
}

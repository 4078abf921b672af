import Hummingbird

/// Every route the server registers, as (method, path pattern), so that an unknown method on a known
/// path answers 405 rather than 404, and so the OpenAPI test can compare routes with the spec.
public final class RouteTable: Sendable {
    public struct Route: Hashable, Sendable {
        public var method: String
        /// Pattern with `{name}` placeholders, e.g. `/integrated-account/{id}`.
        public var path: String
    }

    private let storage: Mutex<[Route]> = Mutex([])

    public init() {}

    public var routes: [Route] { storage.withLock { $0 } }

    func register(_ method: HTTPRequest.Method, _ path: String) {
        storage.withLock { $0.append(Route(method: method.rawValue, path: path)) }
    }

    /// Methods registered for a concrete request path (empty when no pattern matches).
    func methods(matching path: String) -> [String] {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        return routes.filter { route in
            let pattern = route.path.split(separator: "/", omittingEmptySubsequences: true)
            guard pattern.count == parts.count else { return false }
            return zip(pattern, parts).allSatisfy { p, s in p.hasPrefix("{") || p == s }
        }.map(\.method)
    }
}

import Synchronization

extension Router {
    /// Registers a route in both the router and the route table.
    @discardableResult
    func on(_ method: HTTPRequest.Method, _ path: String, table: RouteTable,
            use handler: @Sendable @escaping (Request, Context) async throws -> some ResponseGenerator) -> Self {
        table.register(method, path)
        let routerPath = RouterPath(path.replacingOccurrences(of: "{", with: ":").replacingOccurrences(of: "}", with: ""))
        return self.on(routerPath, method: method, use: handler)
    }
}

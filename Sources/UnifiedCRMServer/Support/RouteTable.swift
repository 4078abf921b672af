import Hummingbird

/// Every route the server registers, as (method, path pattern), so that an unknown method on a known
/// path answers 405 rather than 404, and so the OpenAPI test can compare routes with the spec.
public final class RouteTable: Sendable {
    public struct Route: Hashable, Sendable {
        public var method: String
        /// Pattern with `{name}` placeholders, e.g. `/integrated-account/{id}`.
        public var path: String

        public init(method: String, path: String) {
            self.method = method
            self.path = path
        }
    }

    private let storage: Mutex<[Route]> = Mutex([])
    /// Patterns whose last `{placeholder}` takes every remaining segment (`/proxy/{path}`).
    private let catchAllPaths: Mutex<Set<String>> = Mutex([])

    public init() {}

    public var routes: [Route] { storage.withLock { $0 } }

    func register(_ method: HTTPRequest.Method, _ path: String, catchAll: Bool = false) {
        storage.withLock { $0.append(Route(method: method.rawValue, path: path)) }
        if catchAll { _ = catchAllPaths.withLock { $0.insert(path) } }
    }

    /// Methods registered for a concrete request path (empty when no pattern matches).
    /// Like the router, a literal segment wins over a `{parameter}` at the same position:
    /// `/integrated-account/refresh-credentials` is answered by its own routes only, never by
    /// `/integrated-account/{id}`'s.
    func methods(matching path: String) -> [String] {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        let catchAll = catchAllPaths.withLock { $0 }
        var candidates = routes.map { ($0, $0.path.split(separator: "/", omittingEmptySubsequences: true)) }.filter { route, pattern in
            if catchAll.contains(route.path) {
                guard parts.count >= pattern.count else { return false }
            } else {
                guard pattern.count == parts.count else { return false }
            }
            return zip(pattern, parts).allSatisfy { p, s in p.hasPrefix("{") || p == s }
        }
        for index in parts.indices where candidates.contains(where: { !$0.1[index].hasPrefix("{") }) {
            candidates.removeAll { $0.1[index].hasPrefix("{") }
        }
        return candidates.map(\.0.method)
    }
}

import Synchronization

extension Router {
    /// Registers a route in both the router and the route table.
    /// With `catchAll`, the last `{placeholder}` takes every remaining segment (`/proxy/{path}`).
    @discardableResult
    func on(_ method: HTTPRequest.Method, _ path: String, table: RouteTable, catchAll: Bool = false,
            use handler: @Sendable @escaping (Request, Context) async throws -> some ResponseGenerator) -> Self {
        table.register(method, path, catchAll: catchAll)
        var pattern = path
        if catchAll, let open = pattern.lastIndex(of: "{") { pattern = String(pattern[..<open]) + "**" }
        let routerPath = RouterPath(pattern.replacingOccurrences(of: "{", with: ":").replacingOccurrences(of: "}", with: ""))
        return self.on(routerPath, method: method, use: handler)
    }
}

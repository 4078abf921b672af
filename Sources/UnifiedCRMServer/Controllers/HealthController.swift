import Hummingbird
import UnifiedCRMCore

/// `GET /ping` (process alive) and `GET /health` (database answers). No auth.
struct HealthController<Context: RequestContext> {
    let database: any AccountStore

    func addRoutes(to router: Router<Context>, table: RouteTable) {
        router.on(.get, "/ping", table: table) { _, _ in
            JSONResponse.make(.object(["status": .string("ok")]))
        }
        router.on(.get, "/health", table: table) { _, _ in
            do {
                try await database.healthCheck()
            } catch {
                throw APIError(.unhealthy, "The database does not answer.", details: ["database": .string("down")])
            }
            return JSONResponse.make(.object(["status": .string("ok"), "database": .string("ok")]))
        }
    }
}

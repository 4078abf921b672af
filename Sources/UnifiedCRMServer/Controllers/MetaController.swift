import Hummingbird
import UnifiedCRMCore

/// `GET /unified/crm/{resource}/{integration}/meta/{method}` and `GET /integration/{integration}/capabilities`:
/// what a provider's mapping supports (no account needed).
struct MetaController<Context: RequestContext> {
    let mappings: MappingSet

    func addRoutes(to router: Router<Context>, table: RouteTable) {
        // `{id}` is the integration: the router's tree shares the segment with `/unified/crm/{resource}/{id}`.
        router.on(.get, "/unified/crm/{resource}/{id}/meta/{method}", table: table) { _, context in
            try ResourceMeta.document(mappings: mappings, resource: try context.parameters.require("resource"),
                                      integration: try context.parameters.require("id"), method: try context.parameters.require("method")).response(status: .ok)
        }
        router.on(.get, "/integration/{integration}/capabilities", table: table) { _, context in
            try ResourceMeta.capabilities(mappings: mappings, integration: try context.parameters.require("integration")).response(status: .ok)
        }
    }
}

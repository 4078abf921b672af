import Hummingbird
import NIOCore
import UnifiedCRMCore

/// `GET /openapi.json` and `GET /openapi.yaml`: the document loaded at start (`--openapi`). Public,
/// like `/ping`: the document holds no tenant data. 404 when the server runs without a document.
struct OpenAPIController<Context: RequestContext> {
    let document: OpenAPIDocument?

    func addRoutes(to router: Router<Context>, table: RouteTable) {
        router.on(.get, "/openapi.json", table: table) { _, _ in
            try Self.response(document?.json, contentType: "application/json")
        }
        router.on(.get, "/openapi.yaml", table: table) { _, _ in
            try Self.response(document.map { Array($0.yaml.utf8) }, contentType: "application/yaml")
        }
    }

    static func response(_ bytes: [UInt8]?, contentType: String) throws -> Response {
        guard let bytes else {
            throw APIError.notFound("This server was started without an OpenAPI document (see `serve --openapi`).")
        }
        return Response(status: .ok, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

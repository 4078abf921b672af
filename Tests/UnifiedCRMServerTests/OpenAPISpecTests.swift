import Foundation
import Hummingbird
import HummingbirdTesting
import OpenAPIKit
import Testing
import UnifiedCRMCore
import UnifiedCRMServer

/// The repository's OpenAPI document (`openapi/unified-crm.yaml`), the source of truth.
let repositoryOpenAPIPath = URL(fileURLWithPath: repositoryMappings)
    .deletingLastPathComponent().appendingPathComponent("openapi/unified-crm.yaml").path

/// Routes of the router versus operations of the spec.
struct RouteSpecDifference: Equatable, CustomStringConvertible {
    /// Registered by the router, absent from the spec.
    var notInSpec: [RouteTable.Route]
    /// In the spec, not registered by the router.
    var notInRouter: [RouteTable.Route]

    var isEmpty: Bool { notInSpec.isEmpty && notInRouter.isEmpty }

    var description: String {
        func list(_ routes: [RouteTable.Route]) -> String {
            routes.isEmpty ? "  (none)" : routes.map { "  \($0.method) \($0.path)" }.joined(separator: "\n")
        }
        return "routes without an operation in openapi/unified-crm.yaml:\n\(list(notInSpec))\n"
            + "operations in openapi/unified-crm.yaml that the router does not register:\n\(list(notInRouter))"
    }

    /// Compares `routes` with every (method, path) operation of `document`.
    static func compare(routes: [RouteTable.Route], document: OpenAPI.Document) -> RouteSpecDifference {
        let router = Set(routes)
        let spec = specRoutes(document)
        let order: (RouteTable.Route, RouteTable.Route) -> Bool = { ($0.path, $0.method) < ($1.path, $1.method) }
        return RouteSpecDifference(notInSpec: router.subtracting(spec).sorted(by: order), notInRouter: spec.subtracting(router).sorted(by: order))
    }

    static func specRoutes(_ document: OpenAPI.Document) -> Set<RouteTable.Route> {
        var result: Set<RouteTable.Route> = []
        for (path, item) in document.paths {
            guard let item = item.pathItemValue else { continue }
            for endpoint in item.endpoints {
                result.insert(RouteTable.Route(method: endpoint.method.rawValue.uppercased(), path: path.rawValue))
            }
        }
        return result
    }
}

@Suite("OpenAPI spec")
struct OpenAPISpecTests {
    static func loadSpec() throws -> (OpenAPIDocument, OpenAPI.Document) {
        let served = try OpenAPIDocument.load(path: repositoryOpenAPIPath)
        // Decode what the server serves at /openapi.json, so the YAML → JSON conversion is checked too.
        let document = try JSONDecoder().decode(OpenAPI.Document.self, from: Data(served.json))
        return (served, document)
    }

    /// The routes `buildRouter` registers with every optional part (unified API, OpenAPI) configured.
    static func routerRoutes(openAPI: OpenAPIDocument?) throws -> [RouteTable.Route] {
        let database = try AppDatabase(path: temporaryDatabasePath(), encryptionKey: .random())
        let mappings = try MappingDirectory.load(repositoryMappings)
        let dependencies = AppDependencies(
            database: database, mappings: mappings, apiToken: testToken,
            caller: ProviderCaller(transport: HTTPClientTransport()), openAPI: openAPI
        )
        let table = RouteTable()
        _ = buildRouter(dependencies, routes: table)
        return table.routes
    }

    @Test("the spec is a valid OpenAPI 3.1 document")
    func specValidates() throws {
        let (_, document) = try Self.loadSpec()
        #expect(document.openAPIVersion.rawValue.hasPrefix("3.1"))
        _ = try document.validate()
    }

    @Test("every route the router registers is in the spec, and nothing else")
    func routesMatchSpec() throws {
        let (served, document) = try Self.loadSpec()
        let routes = try Self.routerRoutes(openAPI: served)
        #expect(routes.contains(RouteTable.Route(method: "GET", path: "/unified/crm/{resource}")))
        #expect(routes.contains(RouteTable.Route(method: "GET", path: "/openapi.json")))
        let difference = RouteSpecDifference.compare(routes: routes, document: document)
        #expect(difference.isEmpty, "\(difference)")
    }

    @Test("a route added without a spec entry fails the comparison")
    func extraRouteIsReported() throws {
        let (served, document) = try Self.loadSpec()
        let extra = RouteTable.Route(method: "POST", path: "/unified/crm/{resource}/{id}/undelete")
        let difference = RouteSpecDifference.compare(routes: try Self.routerRoutes(openAPI: served) + [extra], document: document)
        #expect(difference.notInSpec == [extra])
        #expect(difference.notInRouter.isEmpty)
        #expect(difference.description.contains("POST /unified/crm/{resource}/{id}/undelete"))
        // And the other way round: an operation the router lacks.
        let missing = try Self.routerRoutes(openAPI: served).filter { $0.path != "/metrics" }
        #expect(RouteSpecDifference.compare(routes: missing, document: document).notInRouter == [RouteTable.Route(method: "GET", path: "/metrics")])
    }

    @Test("the resource parameter is an enum of the unified resources")
    func resourceEnum() throws {
        let served = try OpenAPIDocument.load(path: repositoryOpenAPIPath)
        let json = try JSONValue.parse(Data(served.json))
        let values = json["components"]?["parameters"]?["Resource"]?["schema"]?["enum"]?.arrayValue?.compactMap(\.stringValue)
        #expect(Set(values ?? []) == Set(try MappingDirectory.load(repositoryMappings).schemas.names))
    }

    @Test("GET /openapi.yaml and /openapi.json serve the loaded document without a token")
    func servesDocument() async throws {
        let served = try OpenAPIDocument.load(path: repositoryOpenAPIPath)
        var dependencies = try TestServer().dependencies
        dependencies.openAPI = served
        try await Application(router: buildRouter(dependencies)).test(.router) { client in
            let yaml = try await client.send(.get, "/openapi.yaml", headers: [:])
            #expect(yaml.status == .ok)
            #expect(yaml.headers[.contentType] == "application/yaml")
            #expect(yaml.text == served.yaml)
            let json = try await client.send(.get, "/openapi.json", headers: [:])
            #expect(json.status == .ok)
            #expect(json.headers[.contentType] == "application/json")
            #expect(json.json["openapi"]?.stringValue == "3.1.0")
            // Response codes stay strings; integers stay exact.
            #expect(json.json["paths"]?["/ping"]?["get"]?["responses"]?["200"] != nil)
        }
    }

    @Test("without a document the OpenAPI routes answer 404 in the error shape")
    func noDocument() async throws {
        try await TestServer().test { client in
            let response = try await client.send(.get, "/openapi.json", headers: [:])
            #expect(response.status == .notFound)
            #expect(response.json["error"]?["code"]?.stringValue == "not_found")
        }
    }

    @Test("YAML to JSON keeps mapping keys as strings and rejects what is not a mapping")
    func conversion() throws {
        let document = try OpenAPIDocument(yaml: "a:\n  200: {x: 1, y: true, z: null, w: 1.5, t: 2026-01-01}\n")
        let json = try JSONValue.parse(Data(document.json))
        #expect(json == .object(["a": .object(["200": .object([
            "x": .number(1), "y": .bool(true), "z": .null, "w": .number(1.5), "t": .string("2026-01-01"),
        ])])]))
        #expect(throws: OpenAPIDocumentError.self) { try OpenAPIDocument(yaml: "- just\n- a list\n") }
        #expect(throws: OpenAPIDocumentError.self) { try OpenAPIDocument(yaml: "a: [unclosed\n") }
    }
}

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
    /// The document as `serve` serves it: the repository file with the loaded integrations written in.
    static func servedDocument() throws -> OpenAPIDocument {
        try OpenAPIDocument.load(path: repositoryOpenAPIPath, serving: try MappingDirectory.load(repositoryMappings).catalog)
    }

    static func loadSpec() throws -> (OpenAPIDocument, OpenAPI.Document) {
        let served = try servedDocument()
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
            caller: ProviderCaller(transport: PooledProviderTransport.shared), openAPI: openAPI
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

    @Test("`integration` in admin bodies, filters and paths is the enum of the loaded integrations")
    func integrationEnums() throws {
        let catalog = try MappingDirectory.load(repositoryMappings).catalog
        let (served, document) = try Self.loadSpec()
        let json = try JSONValue.parse(Data(served.json))
        func strings(_ value: JSONValue?) -> [String] { value?.arrayValue?.compactMap(\.stringValue) ?? [] }
        let schemas = json["components"]?["schemas"]
        #expect(strings(schemas?["Integration"]?["enum"]) == catalog.names)
        #expect(!catalog.names.isEmpty)
        #expect(strings(schemas?["OAuthIntegration"]?["enum"]) == catalog.oauthNames)
        #expect(strings(schemas?["AccountCreate"]?["properties"]?["integration"]?["enum"]) == catalog.names)
        // One branch per integration, each naming it and requiring what its mapping requires.
        let branches = schemas?["AccountCreate"]?["oneOf"]?.arrayValue ?? []
        #expect(branches.compactMap { $0["properties"]?["integration"]?["const"]?.stringValue } == catalog.names)
        // Where `integration` is taken, the spec points at those enums.
        let integrationRef = JSONValue.object(["$ref": .string("#/components/schemas/Integration")])
        let list = json["paths"]?["/integrated-account"]?["get"]?["parameters"]?.arrayValue?.first { $0["name"] == .string("integration") }
        #expect(list?["schema"] == integrationRef)
        let oauthApp = json["paths"]?["/integration/{integration}/oauth-app"]?["parameters"]?.arrayValue?.first { $0["name"] == .string("integration") }
        #expect(oauthApp?["schema"] == .object(["$ref": .string("#/components/schemas/OAuthIntegration")]))
        // And the result is still a valid document.
        _ = try document.validate()
    }

    @Test("the spec's redirect_uri pattern is the one the server checks")
    func redirectURIPattern() throws {
        let json = try JSONValue.parse(Data(try Self.servedDocument().json))
        let schema = json["components"]?["schemas"]?["OAuthAppWrite"]?["properties"]?["redirect_uri"]
        #expect(schema?["pattern"] == .string(OAuthAppService.redirectURIPattern))
        #expect(schema?["format"] == nil, "the pattern alone says what is accepted")
    }

    @Test("the served integrations come from the catalog, and the rest of the file is served unchanged")
    func servedFromCatalog() throws {
        let file = try OpenAPIDocument.load(path: repositoryOpenAPIPath)
        let catalog = IntegrationCatalog([
            IntegrationDescriptor(name: "acme", requiredContext: ["region"], authMethods: ["api_key": ["api_key"]]),
            IntegrationDescriptor(name: "zeta", authMethods: ["api_key": ["api_key"], "oauth": ["oauth.token.access_token", "api_domain"]]),
        ])
        let served = try file.serving(catalog)
        #expect(try OpenAPIDocument.load(path: repositoryOpenAPIPath, serving: catalog).json == served.json, "loading with the catalog parses once, same result")
        let json = try JSONValue.parse(Data(served.json))
        let schemas = json["components"]?["schemas"]
        #expect(schemas?["Integration"]?["enum"] == .array([.string("acme"), .string("zeta")]))
        #expect(schemas?["OAuthIntegration"]?["enum"] == .array([.string("zeta")]))
        let branches = schemas?["AccountCreate"]?["oneOf"]?.arrayValue ?? []
        #expect(branches.count == 2)
        // acme: api_key and region, both present values.
        let acme = branches.first { $0["properties"]?["integration"]?["const"] == .string("acme") }?["properties"]?["context"]
        #expect(Set(acme?["required"]?.arrayValue ?? []) == [.string("api_key"), .string("region")])
        #expect(acme?["properties"]?["api_key"]?["minLength"] == .integer(1))
        // zeta: with an `oauth` key the OAuth method's paths, without one the API key.
        let zeta = branches.first { $0["properties"]?["integration"]?["const"] == .string("zeta") }?["properties"]?["context"]?["anyOf"]?.arrayValue ?? []
        #expect(zeta.count == 2)
        let oauth = zeta.first { $0["required"]?.arrayValue?.contains(.string("oauth")) == true }
        #expect(oauth?["properties"]?["oauth"]?["properties"]?["token"]?["required"] == .array([.string("access_token")]))
        #expect(oauth?["required"]?.arrayValue?.contains(.string("api_domain")) == true)
        let apiKey = zeta.first { $0["properties"]?["oauth"] == .object(["not": .object([:])]) }
        #expect(apiKey?["required"] == .array([.string("api_key")]))
        // Outside the block, every line of the file is served as it is.
        let fileLines = file.yaml.split(separator: "\n", omittingEmptySubsequences: false)
        let servedLines = served.yaml.split(separator: "\n", omittingEmptySubsequences: false)
        let begin = try #require(fileLines.firstIndex { $0.contains("# BEGIN SERVED integrations") })
        let end = try #require(fileLines.firstIndex { $0.contains("# END SERVED integrations") })
        #expect(Array(servedLines.prefix(begin)) == Array(fileLines.prefix(begin)))
        #expect(Array(servedLines.suffix(fileLines.count - end - 1)) == Array(fileLines.suffix(fileLines.count - end - 1)))
        // A document without the block cannot be served exactly.
        #expect(throws: OpenAPIDocumentError.self) { try OpenAPIDocument(yaml: "openapi: 3.1.0\n").serving(catalog) }
    }

    @Test("GET /openapi.yaml and /openapi.json serve the loaded document without a token")
    func servesDocument() async throws {
        let served = try Self.servedDocument()
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

import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Testing
import UnifiedCRMCore
import UnifiedCRMServer

/// Adding a provider is adding a mapping file: a made-up CRM, a mapping written here, no Swift
/// code in the product.
private let tinyMapping = #"""
{
  "name": "tinycrm",
  "base_url": "https://api.tinycrm.example",
  "context": { "required": ["workspace"] },
  "auth": { "api_key": { "requires": ["api_key"], "headers": { "X-Tiny-Key": "{context.api_key}" } } },
  "errors": { "message": "error.text" },
  "resources": {
    "opportunities": {
      "operations": {
        "list": { "method": "GET", "path": "/w/{context.workspace}/deals", "root": "deals",
                  "limit": { "param": "per_page", "max": 2 }, "pagination": { "next": { "page_token": "next" } } },
        "get": { "method": "GET", "path": "/w/{context.workspace}/deals/{id}", "root": "deal" },
        "create": { "method": "POST", "path": "/w/{context.workspace}/deals", "root": "deal", "required": ["name"] }
      },
      "fields": {
        "id": { "path": "id", "type": "id_number" },
        "name": { "path": "title" },
        "amount": { "path": "money.value", "type": "decimal_string" },
        "status": { "path": "state", "enum": { "OPEN": "open", "CLOSED_WON": "won" } },
        "close_date": { "path": "closes_at", "type": "epoch_millis" }
      }
    }
  }
}
"""#

/// The made-up CRM: three deals, pages of `per_page`, a page token in `next`.
private actor TinyStore {
    var deals: [JSONValue] = [
        .from(#"{"id":1,"title":"One","money":{"value":"10.50"},"state":"OPEN","closes_at":1700000000000}"#),
        .from(#"{"id":2,"title":"Two","money":{"value":"20"},"state":"CLOSED_WON","closes_at":1700000000000}"#),
        .from(#"{"id":3,"title":"Three","money":{"value":"30"},"state":"OPEN"}"#),
    ]
    func all() -> [JSONValue] { deals }
    func add(_ deal: JSONValue) -> JSONValue {
        var deal = deal
        deal.set(.number(Double(deals.count + 1)), at: ["id"])
        deals.append(deal)
        return deal
    }
}

@Sendable private func json(_ value: JSONValue, _ status: HTTPResponse.Status = .ok) -> Response {
    Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: value.encoded())))
}

private func tinyRouter(_ store: TinyStore) -> Router<BasicRequestContext> {
    let router = Router()
    router.get("/w/acme/deals") { request, _ -> Response in
        guard request.headers[HTTPField.Name("X-Tiny-Key")!] == "tiny-secret" else { return json(.from(#"{"error":{"text":"bad key"}}"#), .unauthorized) }
        let perPage = Int(request.uri.queryParameters.get("per_page") ?? "10") ?? 10
        let start = Int(request.uri.queryParameters.get("page_token") ?? "0") ?? 0
        let deals = await store.all()
        var body = JSONValue.object(["deals": .array(Array(deals.dropFirst(start).prefix(perPage)))])
        if start + perPage < deals.count { body.set(.string(String(start + perPage)), at: ["next"]) }
        return json(body)
    }
    router.get("/w/acme/deals/:id") { _, context -> Response in
        let id = context.parameters.get("id") ?? ""
        guard let deal = await store.all().first(where: { $0["id"]?.scalarText == id }) else { return json(.from(#"{"error":{"text":"no deal"}}"#), .notFound) }
        return json(.object(["deal": deal]))
    }
    router.post("/w/acme/deals") { request, _ -> Response in
        var request = request
        let body = try await request.collectBody(upTo: 1 << 20)
        let object = try JSONValue.parse(Data(body.readableBytesView))
        return json(.object(["deal": await store.add(object)]), .created)
    }
    return router
}

@Suite struct FourthProviderTests {
    @Test func aMappingFileAloneAddsAProvider() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tiny-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(tinyMapping.utf8).write(to: directory.appendingPathComponent("tinycrm.json"))
        let mappings = try MappingDirectory.load(directory.path, schemaDirectory: MappingDirectory.defaultSchemaDirectory(for: repositoryMappings))
        let store = TinyStore()
        try await withThrowingTaskGroup(of: Void.self) { group in
            let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
            let upstream = Application(router: tinyRouter(store), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                                       onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) })
            group.addTask { try await upstream.run() }
            var port = 0
            for await p in ports { port = p; break }
            let caller = ProviderCaller(transport: PooledProviderTransport.shared, baseURLOverrides: ["tinycrm": "http://127.0.0.1:\(port)"])
            let server = try TestServer(mappings: mappings, caller: caller)
            try await server.test { client in
                let missing = try await client.send(.post, "/integrated-account", raw: #"{"integration":"tinycrm","tenant_id":"t","context":{"api_key":"tiny-secret"}}"#)
                #expect(missing.json["error"]?["details"]?["field"] == .string("context.workspace"))
                let account = try await client.send(.post, "/integrated-account", raw: #"{"integration":"tinycrm","tenant_id":"t","context":{"api_key":"tiny-secret","workspace":"acme"}}"#)
                let id = try #require(account.json["id"]?.stringValue)

                // A page size above the provider's maximum is clamped to it.
                let first = try await client.send(.get, "/unified/crm/opportunities?integrated_account_id=\(id)&truto_ignore_remote_data=true&limit=5")
                #expect(first.json["result"] == .from(#"[{"id":"1","name":"One","amount":10.5,"status":"open","close_date":"2023-11-14T22:13:20.000Z"},{"id":"2","name":"Two","amount":20,"status":"won","close_date":"2023-11-14T22:13:20.000Z"}]"#))
                let cursor = try #require(first.json["next_cursor"]?.stringValue)
                let second = try await client.send(.get, "/unified/crm/opportunities?integrated_account_id=\(id)&limit=5&next_cursor=\(cursor)")
                #expect(second.json["result"]?.arrayValue?.map { $0["id"] } == [.string("3")])
                #expect(second.json["next_cursor"] == .null)

                let created = try await client.send(.post, "/unified/crm/opportunities?integrated_account_id=\(id)", raw: #"{"name":"Four","amount":4.25,"status":"won","close_date":"2024-01-01T00:00:00Z"}"#)
                #expect(created.status == .created)
                #expect(created.json["id"] == .string("4"))
                #expect(created.json["remote_data"] == .from(#"{"id":4,"title":"Four","money":{"value":"4.25"},"state":"CLOSED_WON","closes_at":1704067200000}"#))
                let fetched = try await client.send(.get, "/unified/crm/opportunities/4?integrated_account_id=\(id)")
                #expect(fetched.json["name"] == .string("Four"))
                #expect(try await client.send(.get, "/unified/crm/opportunities/99?integrated_account_id=\(id)").status == .notFound)
                let unsupported = try await client.send(.delete, "/unified/crm/opportunities/4?integrated_account_id=\(id)")
                #expect(unsupported.status == .methodNotAllowed)
                #expect(unsupported.json["error"]?["code"] == .string("operation_not_supported"))
            }
            group.cancelAll()
        }
    }
}

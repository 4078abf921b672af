import Foundation
import HummingbirdTesting
import Testing
import UnifiedCRMCore

/// `GET /unified/crm/{resource}/{integration}/meta/{method}` and `GET /integration/{integration}/capabilities`
/// describe exactly what each shipped mapping supports.
@Suite struct MetaAPITests {
    func withServer(_ body: @Sendable @escaping (any TestClientProtocol, MappingSet) async throws -> Void) async throws {
        let mappings = try MappingDirectory.load(repositoryMappings)
        let server = try TestServer(mappings: mappings, caller: ProviderCaller(transport: PooledProviderTransport.shared))
        try await server.test { client in try await body(client, mappings) }
    }

    @Test func createMetaNamesTheWritableFieldsWithTheirValuesAndRequirements() async throws {
        try await withServer { client, _ in
            let pipedrive = try await client.send(.get, "/unified/crm/opportunities/pipedrive/meta/create")
            #expect(pipedrive.status == .ok, "\(pipedrive.text)")
            let body = try #require(pipedrive.json["request_body_schema"])
            #expect(body["properties"]?["status"]?["enum"] == .from(#"["lost","open","won"]"#))
            #expect(body["properties"]?["created_at"] == nil, "read-only fields are not writable")
            #expect(body["properties"]?["custom_fields"] != nil)
            #expect(pipedrive.json["query_schema"]?["required"] == .from(#"["integrated_account_id"]"#))
            let hubspot = try await client.send(.get, "/unified/crm/opportunities/hubspot/meta/create")
            #expect(hubspot.json["request_body_schema"]?["properties"]?["status"] == nil, "HubSpot deals have no status")
            #expect(hubspot.json["request_body_schema"]?["required"] == .from(#"["name"]"#))
        }
    }

    @Test func listMetaHasTheEnvelopeAndNoBody() async throws {
        try await withServer { client, _ in
            let meta = try await client.send(.get, "/unified/crm/opportunities/hubspot/meta/list")
            #expect(meta.json["request_body_schema"] == .null)
            #expect(meta.json["response_schema"]?["properties"]?["result"]?["items"]?["properties"]?["stage"] != nil)
            #expect(meta.json["query_schema"]?["properties"]?["next_cursor"] != nil)
        }
    }

    @Test(arguments: ["/unified/crm/opportunities/nosuch/meta/list", "/unified/crm/widgets/hubspot/meta/list", "/unified/crm/opportunities/hubspot/meta/undelete",
                      "/integration/nosuch/capabilities"])
    func unknownThingsAre404s(uri: String) async throws {
        try await withServer { client, _ in
            let answer = try await client.send(.get, uri)
            #expect(answer.status == .notFound, "\(answer.text)")
            #expect(answer.json["error"]?["code"] == .string("not_found"))
        }
    }

    @Test func capabilitiesListEachResourcesMethods() async throws {
        try await withServer { client, mappings in
            for (integration, mapping) in mappings.mappings {
                let answer = try await client.send(.get, "/integration/\(integration)/capabilities")
                #expect(answer.status == .ok)
                #expect(answer.json["auth"] == .array(mapping.authMethods.keys.sorted().map(JSONValue.string)))
                let listed = answer.json["resources"]?.arrayValue?.compactMap { $0["resource"]?.stringValue } ?? []
                #expect(listed == mapping.resources.keys.sorted())
                let opportunities = answer.json["resources"]?.arrayValue?.first { $0["resource"] == .string("opportunities") }
                #expect(opportunities?["methods"] == .from(#"["list","get","create","update","delete"]"#))
            }
        }
    }
}

import Foundation
import Testing
import UnifiedCRMCore

/// List filters (`updated_at[gt]`, `email_addresses`, `<x>_id`, `entity`): served natively by the
/// list's query, a search's JSON body or the route itself, and never silently dropped.
@Suite struct ListFilterTests {
    static let mapping = #"""
    {"name":"tiny","base_url":"https://api.tiny.example","auth":{"api_key":{"requires":["api_key"],"headers":{"Authorization":"Token {context.api_key}"}}},
     "resources":{
       "contacts":{"operations":{
         "list":{"method":"GET","path":"/people","root":"items","limit":{"param":"limit","max":50},"pagination":{"next":{"after":"next"}},
                 "filters":{"updated_at[gt]":{"query":"since"},"account_id":{"query":"org","type":"id_number"}}},
         "search":{"method":"POST","path":"/people/search","root":"results","limit":{"param":"page.size","max":20,"in":"body"},
                   "pagination":{"next":{"after":"paging.after"},"in":"body"},
                   "body":{"filterGroups":[{"filters":"{filters}"}],"properties":"{field_names:properties}","sorts":["id"]},
                   "filters":{"email_addresses":{"item":{"propertyName":"email","operator":"EQ","value":"{value}"}},
                              "updated_at[gt]":{"type":"epoch_millis","item":{"propertyName":"modified","operator":"GT","value":"{value}"}}}},
         "get":{"method":"GET","path":"/people/{id}"}},
         "fields":{"id":{"path":"id"},"first_name":{"path":"properties.first"}}},
       "notes":{"operations":{
         "list":{"method":"GET","path":"/people/{filter:contact_id}/notes","root":"notes","filters":{"contact_id":{"required":true}}},
         "get":{"method":"GET","path":"/notes/{id}"}},
         "fields":{"id":{"path":"id"},"content":{"path":"body"}}},
       "fields":{"operations":{
         "list":{"method":"GET","path":"/{filter:entity}/fields","filters":{"entity":{"required":true,"sets":"entity","enum":{"deal":"opportunities","person":"contacts"}}}},
         "get":{"method":"GET","path":"/fields/{id}"}},
         "fields":{"id":{"path":"key"},"label":{"path":"name"}}}}}
    """#

    struct Fixture {
        let scripted: ScriptedService
        var transport: ScriptedTransport { scripted.transport }
        var service: UnifiedService { scripted.service }
        var account: IntegratedAccount { scripted.account }

        init(_ answers: [Result<ProviderResponse, any Error>]) async throws {
            scripted = try await ScriptedService(mapping: ListFilterTests.mapping, answers: answers)
        }

        func list(_ resource: String, _ query: String) async throws -> JSONValue {
            let response = try await service.list(resource: resource, query: try scripted.query(query))
            return try JSONValue.parse(Data(response.body))
        }
    }

    @Test func queryFiltersReachTheListConverted() async throws {
        let fixture = try await Fixture([response(200, #"{"items":[{"id":1}]}"#)])
        _ = try await fixture.list("contacts", "updated_at%5Bgt%5D=2026-11-01T10:00:00%2B01:00&account_id=42")
        let url = try #require(fixture.transport.requests.first?.url)
        #expect(url.hasPrefix("https://api.tiny.example/people?"))
        #expect(url.contains("since=2026-11-01T09%3A00%3A00.000Z"))
        #expect(url.contains("org=42"))
    }

    @Test func aFilterOnlyTheSearchServesSendsTheSearchWithItsBody() async throws {
        let fixture = try await Fixture([response(200, #"{"results":[{"id":1,"properties":{"first":"Ada"}}],"paging":{"after":"p2"}}"#)])
        let page = try await fixture.list("contacts", "email_addresses=ada%40x.io&updated_at[gt]=2026-11-01T00:00:00Z&limit=10")
        let request = try #require(fixture.transport.requests.first)
        #expect(request.method == "POST")
        #expect(request.url == "https://api.tiny.example/people/search")
        let body = try JSONValue.parse(Data(request.body ?? []))
        #expect(body == .from(#"""
        {"filterGroups":[{"filters":[{"propertyName":"email","operator":"EQ","value":"ada@x.io"},{"propertyName":"modified","operator":"GT","value":1793491200000}]}],
         "properties":["first"],"sorts":["id"],"page":{"size":10}}
        """#))
        #expect(page["result"]?.arrayValue?.first?["first_name"] == .string("Ada"))
        // The next page's position goes in the body too.
        let cursor = try #require(page["next_cursor"]?.stringValue)
        let second = try await Fixture([response(200, #"{"results":[]}"#)])
        _ = try await second.list("contacts", "email_addresses=ada%40x.io&next_cursor=\(cursor)")
        let next = try JSONValue.parse(Data(second.transport.requests.first?.body ?? []))
        #expect(next["after"] == .string("p2"))
    }

    @Test func routeFiltersFillThePathAndRequiredOnesAreChecked() async throws {
        let fixture = try await Fixture([response(200, #"{"notes":[{"id":"n1","body":"hi"}]}"#)])
        let page = try await fixture.list("notes", "contact_id=c%2F1")
        #expect(fixture.transport.requests.first?.url == "https://api.tiny.example/people/c%2F1/notes")
        #expect(page["result"]?.arrayValue?.first?["content"] == .string("hi"))
        await #expect(throws: APIError.invalidParameter("contact_id", "The filter `contact_id` is required to list notes on tiny.")) {
            _ = try await fixture.list("notes", "")
        }
    }

    @Test func aFilterCanSetAFieldOfEveryRecord() async throws {
        let fixture = try await Fixture([response(200, #"[{"key":"k1","name":"Size"}]"#)])
        let page = try await fixture.list("fields", "entity=contacts")
        #expect(fixture.transport.requests.first?.url == "https://api.tiny.example/person/fields")
        #expect(page["result"] == .from(#"[{"id":"k1","label":"Size","entity":"contacts","remote_data":{"key":"k1","name":"Size"}}]"#))
    }

    @Test(arguments: [
        ("contacts", "name=Ada", "name", "unsupported_filter"),
        ("contacts", "created_at[gt]=2026-11-01T00:00:00Z", "created_at[gt]", "unsupported_filter"),
        ("contacts", "updated_at[gt]=yesterday", "updated_at[gt]", "invalid_parameter"),
        ("contacts", "account_id=acme", "account_id", "invalid_parameter"),
        ("contacts", "account_id[]=1&account_id[]=2", "account_id", "invalid_parameter"),
        ("fields", "entity=users", "entity", "unsupported_filter"),
    ])
    func badOrUnsupportedFiltersAre400sWithNothingSent(resource: String, query: String, parameter: String, code: String) async throws {
        let fixture = try await Fixture([response(200, "{}")])
        do {
            _ = try await fixture.list(resource, query)
            Issue.record("expected a 400 for \(query)")
        } catch let error as APIError {
            #expect(error.code.rawValue == code, "\(error.message)")
            #expect(error.details["parameter"] == .string(parameter))
        }
        #expect(fixture.transport.count == 0)
    }

    @Test func filtersOnASingleRecordRouteAre400s() async throws {
        let fixture = try await Fixture([response(200, "{}")])
        await #expect(throws: APIError.invalidParameter("updated_at[gt]", "`updated_at[gt]` is not a parameter of get (filters apply to lists).")) {
            _ = try await fixture.service.get(resource: "contacts", id: "1", query: try UnifiedQuery.parse("integrated_account_id=\(fixture.account.id.uuidString)&updated_at[gt]=x"))
        }
        #expect(fixture.transport.count == 0)
    }

    @Test(arguments: [
        (#""filters":{"colour":{"query":"c"}}"#, "$.resources.contacts.operations.list.filters.colour"),
        (#""filters":{"updated_at[after]":{"query":"c"}}"#, "$.resources.contacts.operations.list.filters.updated_at[after]"),
        (#""filters":{"first_name[gt]":{"query":"c"}}"#, "$.resources.contacts.operations.list.filters.first_name[gt]"),
        (#""filters":{"account_id":{}}"#, "$.resources.contacts.operations.list.filters.account_id"),
        (#""filters":{"account_id":{"item":{"v":"{value}"}}}"#, "$.resources.contacts.operations.list.filters.account_id.item"),
        (#""body":{"q":1}"#, "$.resources.contacts.operations.list.body"),
    ])
    func filterMistakesAreLoadErrorsAtTheirPath(extra: String, path: String) throws {
        let text = #"{"name":"tiny","base_url":"https://api.tiny.example","auth":{"api_key":{"requires":["api_key"],"headers":{"A":"{context.api_key}"}}},"resources":{"contacts":{"operations":{"list":{"method":"GET","path":"/p",\#(extra)},"get":{"method":"GET","path":"/p/{id}"}},"fields":{"id":{"path":"id"}}}}}"#
        let (_, diagnostics) = MappingDirectory.compileWithDiagnostics(fileName: "tiny.json", data: Data(text.utf8), schemas: repositorySchemas)
        #expect(diagnostics.filter { $0.severity == .error }.map(\.path).contains(path), "\(diagnostics.map { "\($0.path): \($0.message)" })")
    }
}

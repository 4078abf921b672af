import Foundation
import Testing
import UnifiedCRMCore

/// `keep_when`, `flatten`, `from_list`, composite ids and link-field `write` routes, through the
/// unified service against a scripted provider.
@Suite struct RecordSelectionTests {
    static let mapping = #"""
    {"name":"tiny","base_url":"https://api.tiny.example","auth":{"api_key":{"requires":["api_key"],"headers":{"Authorization":"Token {context.api_key}"}}},
     "resources":{
       "tasks":{"operations":{
         "list":{"method":"GET","path":"/activities","root":"data","keep_when":{"type":["task","deadline"]}},
         "get":{"method":"GET","path":"/activities/{id}","root":"data","keep_when":{"type":["task","deadline"]}}},
         "fields":{"id":{"path":"id"},"subject":{"path":"subject"}}},
       "stages":{"operations":{
         "list":{"method":"GET","path":"/pipelines","root":"pipelines","flatten":{"items":"stages","parent":"pipeline"}},
         "get":{"from_list":true}},
         "fields":{"id":{"path":"id"},"name":{"path":"name"},"pipeline":{"path":"pipeline.id","wrap":"id"}}},
       "notes":{"operations":{
         "list":{"method":"GET","path":"/contacts/{filter:contact_id}/notes","root":"notes","filters":{"contact_id":{"required":true}}},
         "get":{"method":"GET","path":"/contacts/{id:0}/notes/{id:1}","root":"note"},
         "create":{"method":"POST","path":"/notes","root":"note"}},
         "fields":{"id":{"concat":["contactId","id"],"separator":":"},"content":{"path":"body"},
                   "opportunity":{"path":"links.deals","wrap":"id_list","list":"scalars","write":{"append":"associations","item":{"to":{"id":"{value}"},"kind":214}}}}},
       "opportunities":{"operations":{
         "list":{"method":"GET","path":"/deals","root":"results"},"get":{"method":"GET","path":"/deals/{id}"},
         "create":{"method":"POST","path":"/deals"},"update":{"method":"PATCH","path":"/deals/{id}"}},
         "fields":{"id":{"path":"id"},"name":{"path":"properties.dealname"},
                   "account":{"path":"associations.companies.results.0.id","wrap":"id","write":{"call":{"method":"PUT","path":"/deals/{id}/associations/companies/{value}"}}}}}}}
    """#

    struct Fixture {
        let scripted: ScriptedService
        var transport: ScriptedTransport { scripted.transport }
        var service: UnifiedService { scripted.service }
        var query: UnifiedQuery { get throws { try scripted.query() } }

        init(_ answers: [Result<ProviderResponse, any Error>]) async throws {
            scripted = try await ScriptedService(mapping: RecordSelectionTests.mapping, answers: answers)
        }
    }

    static func json(_ response: UnifiedResponse) throws -> JSONValue { try JSONValue.parse(Data(response.body)) }

    @Test func keepWhenSelectsTheResourcesRecordsOnListAndGet() async throws {
        let fixture = try await Fixture([response(200, #"{"data":[{"id":1,"type":"task","subject":"a"},{"id":2,"type":"call","subject":"b"},{"id":3,"type":"deadline","subject":"c"}]}"#),
                                         response(200, #"{"data":{"id":2,"type":"call","subject":"b"}}"#)])
        let list = try Self.json(try await fixture.service.list(resource: "tasks", query: try fixture.query))
        #expect(list["result"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["1", "3"])
        await #expect(throws: APIError.self) { _ = try await fixture.service.get(resource: "tasks", id: "2", query: try fixture.query) }
    }

    @Test func flattenedRecordsSeeTheirParentAndAGetCanComeFromTheList() async throws {
        let pipelines = #"{"pipelines":[{"id":"p1","stages":[{"id":"s1","name":"New"},{"id":"s2","name":"Won"}]},{"id":"p2","stages":[{"id":"s3","name":"Lead"}]}]}"#
        let fixture = try await Fixture([response(200, pipelines)])
        let list = try Self.json(try await fixture.service.list(resource: "stages", query: try fixture.query))
        #expect(list["result"] == .from(#"""
        [{"id":"s1","name":"New","pipeline":{"id":"p1"},"remote_data":{"id":"s1","name":"New"}},
         {"id":"s2","name":"Won","pipeline":{"id":"p1"},"remote_data":{"id":"s2","name":"Won"}},
         {"id":"s3","name":"Lead","pipeline":{"id":"p2"},"remote_data":{"id":"s3","name":"Lead"}}]
        """#))
        let one = try Self.json(try await fixture.service.get(resource: "stages", id: "s3", query: try fixture.query))
        #expect(one == .from(#"{"id":"s3","name":"Lead","pipeline":{"id":"p2"},"remote_data":{"id":"s3","name":"Lead"}}"#))
        await #expect(throws: APIError.self) { _ = try await fixture.service.get(resource: "stages", id: "s9", query: try fixture.query) }
        let raw = try Self.json(try await fixture.service.get(resource: "stages", id: "s1", query: try fixture.scripted.query("truto_response_format=raw")))
        #expect(raw == .from(#"{"id":"s1","name":"New"}"#))
    }

    @Test func compositeIdsAddressTheirParts() async throws {
        let fixture = try await Fixture([response(200, #"{"note":{"id":"n1","contactId":"c7","body":"hi"}}"#)])
        let note = try Self.json(try await fixture.service.get(resource: "notes", id: "c7:n1", query: try fixture.query))
        #expect(fixture.transport.requests.first?.url == "https://api.tiny.example/contacts/c7/notes/n1")
        #expect(note["id"] == .string("c7:n1"))
        await #expect(throws: APIError.notFound("`n1` is not an id of a tiny record here (ids look like a:b).", details: ["id": .string("n1")])) {
            _ = try await fixture.service.get(resource: "notes", id: "n1", query: try fixture.query)
        }
        #expect(fixture.transport.count == 1)
    }

    @Test func appendedLinksGoInTheCreateBodyOnly() async throws {
        let fixture = try await Fixture([response(201, #"{"note":{"id":"n2","contactId":"c7","body":"x"}}"#)])
        _ = try await fixture.service.create(resource: "notes", body: .from(#"{"content":"x","opportunity":[{"id":"d1"},{"id":"d2"}]}"#), query: try fixture.query)
        let sent = try JSONValue.parse(Data(fixture.transport.requests.first?.body ?? []))
        #expect(sent == .from(#"{"body":"x","associations":[{"to":{"id":"d1"},"kind":214},{"to":{"id":"d2"},"kind":214}]}"#))
    }

    @Test func linkCallsFollowTheWriteAndTheAnswerIsReadAgain() async throws {
        let fixture = try await Fixture([response(201, #"{"id":"9","properties":{"dealname":"A"}}"#), response(200, "{}"),
                                         response(200, #"{"id":"9","properties":{"dealname":"A"},"associations":{"companies":{"results":[{"id":"c1"}]}}}"#)])
        let answer = try await fixture.service.create(resource: "opportunities", body: .from(#"{"name":"A","account":{"id":"c1"}}"#), query: try fixture.query)
        #expect(answer.status == 201)
        #expect(fixture.transport.requests.map { "\($0.method) \($0.url)" } == [
            "POST https://api.tiny.example/deals", "PUT https://api.tiny.example/deals/9/associations/companies/c1", "GET https://api.tiny.example/deals/9",
        ])
        #expect(try JSONValue.parse(Data(fixture.transport.requests[0].body ?? [])) == .from(#"{"properties":{"dealname":"A"}}"#))
        #expect(try Self.json(answer)["account"] == .from(#"{"id":"c1"}"#))
    }

    @Test func aFailedLinkCallSaysWhatWasWritten() async throws {
        let fixture = try await Fixture([response(200, #"{"id":"9","properties":{"dealname":"B"}}"#), response(404, #"{"message":"no company c404"}"#)])
        do {
            _ = try await fixture.service.update(resource: "opportunities", id: "9", body: .from(#"{"name":"B","account":{"id":"c404"}}"#), query: try fixture.query)
            Issue.record("expected the link failure")
        } catch let error as APIError {
            #expect(error.code == .remoteError)
            #expect(error.message.hasPrefix("The opportunities record `9` was updated on tiny, but linking `account` to `c404` failed"))
            #expect(error.details["written"] == .from(#"{"id":"9","resource":"opportunities"}"#))
        }
    }
}

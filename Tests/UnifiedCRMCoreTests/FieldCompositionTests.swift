import Foundation
import Testing
import UnifiedCRMCore

/// `items`, `entries` and `concat`: unified lists (and a text) built from several native values,
/// read and written through one declaration.
@Suite struct FieldCompositionTests {
    static let mapping = #"""
    {"name":"tiny","base_url":"https://api.tiny.example","auth":{"api_key":{"requires":["api_key"],"headers":{"Authorization":"Token {context.api_key}"}}},
     "resources":{
       "contacts":{"operations":{"list":{"method":"GET","path":"/people","root":"items","query":{"properties":"{field_names:properties}"}},"get":{"method":"GET","path":"/people/{id}"},"update":{"method":"PATCH","path":"/people/{id}"}},
         "fields":{"id":{"path":"id"},
           "name":{"concat":["properties.first","properties.last"]},
           "email_addresses":{"path":"emails","items":{"email":"value","type":{"path":"label","enum":{"w":"work","h":"home"}}}},
           "phone_numbers":{"entries":[{"number":"properties.phone","type":{"constant":"phone"}},{"number":"properties.mobile","type":{"constant":"mobile"}}]}}},
       "pipelines":{"operations":{"list":{"method":"GET","path":"/pipelines"},"get":{"method":"GET","path":"/pipelines/{id}"}},
         "fields":{"id":{"path":"id"},"stages":{"path":"stages","items":{"id":"id","name":"label","position":{"path":"order","type":"number"}}}}}}}
    """#

    let resource: ResourceMapping, mapper: RecordMapper, update: UnifiedCRMCore.Operation

    init() throws {
        let compiled = try MappingDirectory.compile(fileName: "tiny.json", data: Data(Self.mapping.utf8), schemas: repositorySchemas).get()
        resource = try #require(compiled.resources["contacts"])
        mapper = RecordMapper(provider: "tiny", resource: resource)
        update = try #require(resource.operations[.update])
    }

    @Test func readsBuildListsAndJoinedText() throws {
        let native = JSONValue.from(#"{"id":"7","properties":{"first":"Ada","last":"Lovelace","phone":"+1 555","mobile":""},"emails":[{"value":"a@x.io","label":"w"},{"value":"b@x.io"}]}"#)
        let unified = JSONValue.object(mapper.read(native, customFields: .empty))
        #expect(unified == .from(#"""
        {"id":"7","name":"Ada Lovelace","email_addresses":[{"email":"a@x.io","type":"work"},{"email":"b@x.io"}],"phone_numbers":[{"number":"+1 555","type":"phone"}]}
        """#))
        // A record with no name part and no phone reads without those fields.
        #expect(JSONValue.object(mapper.read(.from(#"{"id":"8","properties":{}}"#), customFields: .empty)) == .from(#"{"id":"8"}"#))
    }

    @Test func writesGoBackToTheSamePlaces() throws {
        let body = JSONValue.from(#"{"email_addresses":[{"email":"c@x.io","type":"home"}],"phone_numbers":[{"number":"+2 666","type":"mobile"},{"number":"+3 777"}]}"#)
        let native = try mapper.write(body, customFields: .empty, operation: update, isCreate: false)
        // The untyped phone takes the entry left over; entries the body does not name stay untouched.
        #expect(native == .from(#"{"emails":[{"value":"c@x.io","label":"h"}],"properties":{"mobile":"+2 666","phone":"+3 777"}}"#))
    }

    @Test(arguments: [
        (#"{"name":"Ada"}"#, "name"),
        (#"{"phone_numbers":[{"number":"1","type":"fax"}]}"#, "phone_numbers[0]"),
        (#"{"phone_numbers":[{"number":"1"},{"number":"2"},{"number":"3"}]}"#, "phone_numbers[2]"),
        (#"{"phone_numbers":[{"number":"1","extension":"9"}]}"#, "phone_numbers[0].extension"),
        (#"{"email_addresses":[{"email":"c@x.io","type":"other"}]}"#, "email_addresses[0].type"),
        (#"{"email_addresses":[{"mail":"c@x.io"}]}"#, "email_addresses[0].mail"),
    ])
    func writesThatCannotLandAre400sNamingTheField(body: String, field: String) throws {
        do {
            _ = try mapper.write(.from(body), customFields: .empty, operation: update, isCreate: false)
            Issue.record("expected a 400 for \(body)")
        } catch let error as APIError {
            #expect(error.code.status == 400)
            #expect(error.details["field"] == .string(field), "\(error.message)")
        }
    }

    @Test func entriesAndConcatPathsAreRequestedAsProperties() throws {
        let list = try #require(resource.operations[.list])
        #expect(resource.fieldNames(for: list, catalog: .empty)["properties"]?.split(separator: ",").sorted() == ["first", "last", "mobile", "phone"])
    }

    @Test func listsOfReferencesTakeTypedSubKeys() throws {
        let compiled = try MappingDirectory.compile(fileName: "tiny.json", data: Data(Self.mapping.utf8), schemas: repositorySchemas).get()
        let pipelines = RecordMapper(provider: "tiny", resource: try #require(compiled.resources["pipelines"]))
        let unified = pipelines.read(.from(#"{"id":1,"stages":[{"id":10,"label":"New","order":2}]}"#), customFields: .empty)
        #expect(JSONValue.object(unified) == .from(#"{"id":"1","stages":[{"id":"10","name":"New","position":2}]}"#))
    }

    @Test(arguments: [
        (#"{"concat":["a"]}"#, "name", "$.resources.contacts.fields.name.concat"),
        (#"{"path":"emails","items":{"mail":"value"}}"#, "email_addresses", "$.resources.contacts.fields.email_addresses.items.mail"),
        (#"{"entries":[{"number":"p","type":{"constant":"x"}},{"number":"q","type":{"constant":"x"}}]}"#, "phone_numbers", "$.resources.contacts.fields.phone_numbers.entries[1]"),
        (#"{"entries":[{"type":{"constant":"x"}}]}"#, "phone_numbers", "$.resources.contacts.fields.phone_numbers.entries[0]"),
        (#"{"path":"p","entries":[{"number":"p"}]}"#, "phone_numbers", "$.resources.contacts.fields.phone_numbers.path"),
        (#"{"items":{"email":"value"}}"#, "email_addresses", "$.resources.contacts.fields.email_addresses.path"),
        (#"{"path":"x","separator":"-"}"#, "name", "$.resources.contacts.fields.name.separator"),
    ])
    func mistakesAreLoadErrorsAtTheirPath(spec: String, field: String, path: String) throws {
        let text = #"{"name":"tiny","base_url":"https://api.tiny.example","auth":{"api_key":{"requires":["api_key"],"headers":{"A":"{context.api_key}"}}},"resources":{"contacts":{"operations":{"list":{"method":"GET","path":"/p"},"get":{"method":"GET","path":"/p/{id}"}},"fields":{"id":{"path":"id"},"\#(field)":\#(spec)}}}}"#
        let (_, diagnostics) = MappingDirectory.compileWithDiagnostics(fileName: "tiny.json", data: Data(text.utf8), schemas: repositorySchemas)
        #expect(diagnostics.filter { $0.severity == .error }.map(\.path).contains(path), "\(diagnostics.map { "\($0.path): \($0.message)" })")
    }
}

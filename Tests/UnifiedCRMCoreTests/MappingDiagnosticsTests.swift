import Foundation
import Testing
import UnifiedCRMCore


private func diagnostics(_ edit: (inout JSONValue) -> Void) -> [String] {
    var json = (try? JSONValue.parse(Data(validMapping.utf8))) ?? .null
    edit(&json)
    switch MappingDirectory.compile(fileName: "tiny.json", data: json.encoded(), schemas: repositorySchemas) {
    case .success: return []
    case .failure(let error): return error.diagnostics.map { "\($0.file): \($0.path): \($0.message)" }
    }
}

/// The diagnostics with any closing `known: …` / `allowed: …` list cut off (the lists grow with
/// the format and the schema; the tests pin the problem, not the catalogue).
private func problems(_ edit: (inout JSONValue) -> Void) -> [String] {
    diagnostics(edit).map { line in
        for marker in ["; known: ", "; allowed: ", "; the unified "] {
            if let range = line.range(of: marker) { return String(line[..<range.lowerBound]) }
        }
        return line
    }
}

@Suite struct MappingDiagnosticsTests {
    @Test func theValidFileCompiles() {
        #expect(diagnostics { _ in } == [])
    }

    @Test func unknownTransform() {
        #expect(problems { $0.set(.string("money"), at: ["resources", "opportunities", "fields", "name", "type"]) } == [
            "tiny.json: $.resources.opportunities.fields.name.type: unknown transform `money`",
        ])
        #expect(diagnostics { $0.set(.string("money"), at: ["resources", "opportunities", "fields", "name", "type"]) }.first?.contains("money_cents") == true)
    }

    @Test func unknownUnifiedField() {
        #expect(problems { $0.set(.object(["path": .string("x")]), at: ["resources", "opportunities", "fields", "probability"]) } == [
            "tiny.json: $.resources.opportunities.fields.probability: unknown unified field `probability`",
        ])
        let listed = diagnostics { $0.set(.object(["path": .string("x")]), at: ["resources", "opportunities", "fields", "probability"]) }.first ?? ""
        #expect(listed.contains("close_date") && !listed.contains("custom_fields"), "names the schema's fields, custom_fields excepted")
    }

    @Test func missingMethodRoute() {
        #expect(diagnostics { $0.remove(at: ["resources", "opportunities", "operations", "list"]) } == [
            "tiny.json: $.resources.opportunities.operations.list: missing method route: every resource needs `list`",
        ])
        // A resource without a get loads (its get is a 405): some providers cannot address one record.
        #expect(diagnostics { $0.remove(at: ["resources", "opportunities", "operations", "get"]) } == [])
        #expect(diagnostics { $0.remove(at: ["resources", "opportunities", "operations", "get", "method"]) } == [
            "tiny.json: $.resources.opportunities.operations.get.method: missing (required)",
        ])
    }

    @Test func badEnumMaps() {
        #expect(diagnostics { $0.set(.string("won"), at: ["resources", "opportunities", "fields", "status", "enum", "X"]) } == [
            "tiny.json: $.resources.opportunities.fields.status.enum.X: unified value `won` is already the image of `W`; an enum map must be one-to-one to be written back",
        ])
        #expect(diagnostics { $0.set(.number(1), at: ["resources", "opportunities", "fields", "status", "enum", "X"]) } == [
            "tiny.json: $.resources.opportunities.fields.status.enum.X: must map to a unified string value",
        ])
        #expect(diagnostics { $0.set(.object([:]), at: ["resources", "opportunities", "fields", "status", "enum"]) } == [
            "tiny.json: $.resources.opportunities.fields.status.enum: must be a non-empty object {native value: unified value}",
        ])
    }

    @Test func badTemplateVariables() {
        #expect(problems { $0.set(.string("/deals/{deal_id}"), at: ["resources", "opportunities", "operations", "get", "path"]) } == [
            "tiny.json: $.resources.opportunities.operations.get.path: bad template variable: unknown template variable `{deal_id}`",
        ])
        #expect(diagnostics { $0.set(.string("/deals/{id}"), at: ["resources", "opportunities", "operations", "list", "path"]) } == [
            "tiny.json: $.resources.opportunities.operations.list.path: bad template variable: template variable `{id}` is not available here",
        ])
        #expect(diagnostics { $0.set(.string("/deals"), at: ["resources", "opportunities", "operations", "get", "path"]) } == [
            "tiny.json: $.resources.opportunities.operations.get.path: the get route must contain `{id}`",
        ])
        #expect(diagnostics { $0.set(.string("Token {context.api_key"), at: ["auth", "api_key", "headers", "Authorization"]) } == [
            "tiny.json: $.auth.api_key.headers.Authorization: bad template variable: unclosed `{` in template `Token {context.api_key`",
        ])
    }

    @Test func shapeMistakes() {
        #expect(problems { $0.set(.string("x"), at: ["resources", "opportunities", "fields", "name", "colour"]) } == [
            "tiny.json: $.resources.opportunities.fields.name.colour: unknown key `colour`",
        ])
        #expect(diagnostics { $0.set(.object(["path": .string("owner_id")]), at: ["resources", "opportunities", "fields", "owner"]) } == [
            "tiny.json: $.resources.opportunities.fields.owner.wrap: `owner` is an object {id} on the unified side: declare \"wrap\": \"id\"",
        ])
        #expect(diagnostics { $0.set(.object(["path": .string("v"), "type": .string("datetime")]), at: ["resources", "opportunities", "fields", "amount"]) } == [
            "tiny.json: $.resources.opportunities.fields.amount.type: `amount` is a number on the unified side; use number, decimal_string or money_cents, not datetime",
        ])
        #expect(diagnostics { $0.set(.string("other"), at: ["name"]) } == [
            "tiny.json: $.name: name `other` must match the file name `tiny`",
        ])
        #expect(diagnostics { $0.set(.string("FETCH"), at: ["resources", "opportunities", "operations", "get", "method"]) } == [
            "tiny.json: $.resources.opportunities.operations.get.method: unknown HTTP method `FETCH`; use one of DELETE, GET, PATCH, POST, PUT",
        ])
        #expect(problems { $0.set(.string("leads"), at: ["resources", "opportunities", "operations", "list", "pagination", "next", "page"]); $0.set(.object([:]), at: ["resources", "widgets"]) } == [
            "tiny.json: $.resources.widgets: unknown unified resource `widgets`",
        ])
    }

    @Test func constantsReadAsTheirValueAndCannotBeWritten() throws {
        var json = try JSONValue.parse(Data(validMapping.utf8))
        json.set(.object(["constant": .string("EUR")]), at: ["resources", "opportunities", "fields", "currency"])
        json.set(.object(["path": .string("cents"), "type": .string("money_cents")]), at: ["resources", "opportunities", "fields", "amount"])
        let mapping = try MappingDirectory.compile(fileName: "tiny.json", data: json.encoded(), schemas: repositorySchemas).get()
        let resource = try #require(mapping.resources["opportunities"])
        let mapper = RecordMapper(provider: "tiny", resource: resource)
        let unified = mapper.read(.from(#"{"id":5,"title":"t","cents":123456}"#), customFields: .empty)
        #expect(unified["currency"] == .string("EUR"))
        #expect(unified["amount"] == .number(1234.56))
        #expect(try mapper.write(.from(#"{"amount":10.5}"#), customFields: .empty, operation: resource.operations[.get]!, isCreate: false) == .from(#"{"cents":1050}"#))
        #expect(throws: APIError.self) { try mapper.write(.from(#"{"currency":"USD"}"#), customFields: .empty, operation: resource.operations[.get]!, isCreate: false) }
        #expect(diagnostics { $0.set(.object(["constant": .string("EUR"), "path": .string("c")]), at: ["resources", "opportunities", "fields", "currency"]) } == [
            "tiny.json: $.resources.opportunities.fields.currency: declare either `path` or `constant`, not both",
        ])
    }

    @Test func lookupsNameReferences() throws {
        var json = try JSONValue.parse(Data(validMapping.utf8))
        json.set(.from(#"{"method":"GET","path":"/stages","root":"data","items":"stages","key":"id","value":"label"}"#), at: ["resources", "opportunities", "lookups", "stages"])
        json.set(.from(#"{"path":"stage","wrap":"id","name_from":"stages"}"#), at: ["resources", "opportunities", "fields", "stage"])
        let mapping = try MappingDirectory.compile(fileName: "tiny.json", data: json.encoded(), schemas: repositorySchemas).get()
        let resource = try #require(mapping.resources["opportunities"])
        let lookup = try #require(resource.lookups["stages"])
        let table = lookup.table(from: [.from(#"{"stages":[{"id":"s1","label":"Won"},{"id":2,"label":"Lost"}]}"#)])
        #expect(table == ["s1": "Won", "2": "Lost"])
        let unified = RecordMapper(provider: "tiny", resource: resource).read(.from(#"{"id":1,"stage":"s1"}"#), customFields: .empty, lookups: ["stages": table])
        #expect(unified["stage"] == .from(#"{"id":"s1","name":"Won"}"#))
        #expect(diagnostics {
            $0.set(.from(#"{"path":"stage","wrap":"id","name_from":"pipelines"}"#), at: ["resources", "opportunities", "fields", "stage"])
        } == ["tiny.json: $.resources.opportunities.fields.stage.name_from: unknown lookup `pipelines`; declare it under $.resources.opportunities.lookups"])
    }

    @Test func everyProblemOfAFileIsReportedAtOnce() {
        let found = problems {
            $0.set(.string("money"), at: ["resources", "opportunities", "fields", "name", "type"])
            $0.remove(at: ["base_url"])
        }
        #expect(found == [
            "tiny.json: $.base_url: missing (required)",
            "tiny.json: $.resources.opportunities.fields.name.type: unknown transform `money`",
        ])
    }

    @Test func checkMappingsReportsFileAndPathForABrokenDirectory() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mappings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(validMapping.utf8).write(to: directory.appendingPathComponent("tiny.json"))
        try Data("{ not json".utf8).write(to: directory.appendingPathComponent("broken.json"))
        try Data("{}".utf8).write(to: directory.appendingPathComponent("schema.json"))
        let found = MappingDirectory.check(directory.path, schemaDirectory: repositoryRoot.appendingPathComponent("schema").path).map(\.description)
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("broken.json: $: not valid JSON") == true)
    }

    @Test func theRepositoryMappingsAreValid() {
        #expect(MappingDirectory.check(repositoryRoot.appendingPathComponent("mappings").path) == [])
    }
}

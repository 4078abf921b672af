import Foundation
import Testing
import UnifiedCRMCore

private func compile(_ text: String) -> (ProviderMapping?, [MappingDiagnostic]) {
    MappingDirectory.compileWithDiagnostics(fileName: "tiny.json", data: Data(text.utf8), schemas: repositorySchemas)
}

private func compile(_ edit: (inout JSONValue) -> Void) -> (ProviderMapping?, [MappingDiagnostic]) {
    var json = (try? JSONValue.parse(Data(validMapping.utf8))) ?? .null
    edit(&json)
    return compile(String(decoding: json.encoded(), as: UTF8.self))
}

@Suite struct MappingCompilerStagesTests {
    @Test func diagnosticsNameTheLineOfTheValue() throws {
        let broken = validMapping.replacingOccurrences(of: #""name": { "path": "title" }"#, with: #""name": { "path": "title", "type": "money" }"#)
        let (mapping, diagnostics) = compile(broken)
        #expect(mapping == nil)
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.line == 13)
        #expect(diagnostic.code == "invalid_value")
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.description.hasPrefix("tiny.json:13: $.resources.opportunities.fields.name.type: unknown transform `money`"))
    }

    @Test func aMissingKeyIsReportedAtItsParentsLine() throws {
        let broken = validMapping.replacingOccurrences(of: #""get": { "method": "GET", "path": "/deals/{id}" }"#, with: #""get": { "path": "/deals/{id}" }"#)
        let diagnostic = try #require(compile(broken).1.first)
        #expect(diagnostic.path == "$.resources.opportunities.operations.get.method")
        #expect(diagnostic.line == 9)
    }

    /// Every section refuses keys it does not know: nothing in a mapping file is silently ignored.
    @Test(arguments: [
        (["rate_limits"], "$.rate_limits"),
        (["auth", "api_key", "authorize_url"], "$.auth.api_key.authorize_url"),
        (["auth", "api_key", "scopes"], "$.auth.api_key.scopes"),
        (["context", "optional"], "$.context.optional"),
        (["errors", "not_found"], "$.errors.not_found"),
        (["resources", "opportunities", "search"], "$.resources.opportunities.search"),
        (["resources", "opportunities", "operations", "get", "scope"], "$.resources.opportunities.operations.get.scope"),
        (["resources", "opportunities", "operations", "list", "pagination", "style"], "$.resources.opportunities.operations.list.pagination.style"),
        (["resources", "opportunities", "operations", "list", "limit", "min"], "$.resources.opportunities.operations.list.limit.min"),
        (["resources", "opportunities", "fields", "name", "transform"], "$.resources.opportunities.fields.name.transform"),
    ])
    func unknownKeysAreErrors(path: [String], diagnosticPath: String) {
        let (mapping, diagnostics) = compile { json in
            if path.last == "min" { json.set(.object(["param": .string("limit")]), at: Array(path.dropLast())) }
            if path.first == "context" { json.set(.object([:]), at: ["context"]) }
            if path.first == "errors" { json.set(.object([:]), at: ["errors"]) }
            json.set(.string("x"), at: path)
        }
        #expect(mapping == nil)
        #expect(diagnostics.map(\.path) == [diagnosticPath])
        #expect(diagnostics.first?.code == "unknown_key")
    }

    @Test func theDecoderAndMappingsSchemaJSONAllowTheSameKeys() throws {
        // One list of keys per section (MappingKeys) must equal mappings/schema.json's properties.
        let schema = try JSONValue.parse(Data(contentsOf: repositoryRoot.appendingPathComponent("mappings/schema.json")))
        for section in MappingKeys.all {
            let definition = section.schemaDefinition == "$" ? schema : schema["$defs"]?[section.schemaDefinition]
            let properties = try #require(definition?["properties"]?.objectValue, "schema.json has no \(section.schemaDefinition)")
            #expect(Set(properties.keys) == section.keys, "\(section.schemaDefinition)")
            #expect(definition?["additionalProperties"] == .bool(false), "\(section.schemaDefinition) must refuse other keys")
        }
    }

    @Test func unusedLookupsAreWarningsAndTheFileStillLoads() throws {
        let (mapping, diagnostics) = compile { json in
            json.set(.from(#"{"method":"GET","path":"/stages","root":"data","key":"id","value":"label"}"#), at: ["resources", "opportunities", "lookups", "stages"])
        }
        #expect(mapping != nil)
        #expect(diagnostics.map(\.severity) == [.warning])
        #expect(diagnostics.first?.code == "unused")
        #expect(diagnostics.first?.description.contains("warning: lookup `stages` is not used") == true)
    }

    @Test func aPagePositionInsideTheRecordsIsRefused() {
        let (mapping, diagnostics) = compile { json in
            json.set(.string("items.0.cursor"), at: ["resources", "opportunities", "operations", "list", "pagination", "next", "page"])
        }
        #expect(mapping == nil)
        #expect(diagnostics.map(\.path) == ["$.resources.opportunities.operations.list.pagination.next.page"])
        #expect(diagnostics.first?.code == "invalid_path")
    }

    @Test func pathsCanNameKeysThatContainDots() throws {
        // Close stores custom values under top-level keys such as `custom.cf_123`.
        #expect(MappingPath.split(#"custom\.cf_123"#) == ["custom.cf_123"])
        #expect(MappingPath.split(#"a.b\.c.d"#) == ["a", "b.c", "d"])
        let (mapping, _) = compile { json in
            json.set(.string(#"custom\.cf_123"#), at: ["resources", "opportunities", "fields", "description", "path"])
        }
        let resource = try #require(mapping?.resources["opportunities"])
        let unified = RecordMapper(provider: "tiny", resource: resource).read(.from(#"{"id":1,"custom.cf_123":"dotted"}"#), customFields: .empty)
        #expect(unified["description"] == .string("dotted"))
    }

    @Test func errorRulesMapAProvidersOwnSignalToOurCode() throws {
        let (mapping, diagnostics) = compile { json in
            json.set(.from(#"{"message":"msg","rules":[{"status":400,"message_pattern":"(?i)no such deal","code":"not_found"}]}"#), at: ["errors"])
        }
        #expect(diagnostics == [])
        let rules = try #require(mapping?.errors)
        let answer = ProviderResponse(status: 400, headers: [], body: Array(#"{"msg":"No such deal"}"#.utf8))
        let onRecord = rules.apiError(for: ProviderError(.status(answer), provider: "tiny"), recordRoute: true, secrets: [])
        #expect(onRecord.code == .notFound)
        #expect(onRecord.status == 404)
        // On a list route a missing record makes no sense: the built-in 400 rule applies.
        #expect(rules.apiError(for: ProviderError(.status(answer), provider: "tiny"), recordRoute: false, secrets: []).code == .remoteValidationError)
        let other = ProviderResponse(status: 400, headers: [], body: Array(#"{"msg":"amount is bad"}"#.utf8))
        #expect(rules.apiError(for: ProviderError(.status(other), provider: "tiny"), recordRoute: true, secrets: []).code == .remoteValidationError)
    }

    @Test func badErrorRulesAreRefused() {
        let unknownCode = compile { $0.set(.from(#"{"rules":[{"status":400,"code":"gone"}]}"#), at: ["errors"]) }.1
        #expect(unknownCode.map(\.path) == ["$.errors.rules[0].code"])
        let empty = compile { $0.set(.from(#"{"rules":[{"code":"not_found"}]}"#), at: ["errors"]) }.1
        #expect(empty.map(\.path) == ["$.errors.rules[0]"])
        let badPattern = compile { $0.set(.from(#"{"rules":[{"message_pattern":"(","code":"not_found"}]}"#), at: ["errors"]) }.1
        #expect(badPattern.map(\.path) == ["$.errors.rules[0].message_pattern"])
    }

    @Test func sectionsInTheWrongOperationAreRefused() {
        #expect(compile { $0.set(.from(#"{"locationId":"{context.location_id}"}"#), at: ["resources", "opportunities", "operations", "get", "body"]) }.1.map(\.path)
            == ["$.resources.opportunities.operations.get.body"])
        #expect(compile { $0.set(.from(#"["name"]"#), at: ["resources", "opportunities", "operations", "get", "required"]) }.1.map(\.path)
            == ["$.resources.opportunities.operations.get.required"])
        #expect(compile { $0.set(.from(#"{"param":"limit","max":10,"default":50}"#), at: ["resources", "opportunities", "operations", "list", "limit"]) }.1.map(\.path)
            == ["$.resources.opportunities.operations.list.limit.default"])
    }

    @Test func diagnosticsAsJSONForTools() throws {
        let diagnostic = try #require(compile { $0.set(.string("money"), at: ["resources", "opportunities", "fields", "name", "type"]) }.1.first)
        let json = diagnostic.json
        #expect(json["severity"] == .string("error"))
        #expect(json["code"] == .string("invalid_value"))
        #expect(json["file"] == .string("tiny.json"))
        #expect(json["path"] == .string("$.resources.opportunities.fields.name.type"))
        #expect(json["line"] == .integer(1))
        #expect(json["message"]?.stringValue?.hasPrefix("unknown transform `money`") == true)
    }

    @Test func aMappingFileNestedTooDeeplyIsADiagnosticNotACrash() {
        let deep = String(repeating: "[", count: 100_000)
        let (mapping, diagnostics) = compile(deep)
        #expect(mapping == nil)
        #expect(diagnostics.first?.code == "invalid_json")
    }
}

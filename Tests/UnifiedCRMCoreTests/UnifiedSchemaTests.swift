import Foundation
import Testing
import UnifiedCRMCore

/// A schema directory written for one test: `common.json` from the repository plus the given files.
private func schemaDirectory(_ files: [String: String]) throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("schema-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("schema/common.json"), to: directory.appendingPathComponent("common.json"))
    for (name, text) in files { try Data(text.utf8).write(to: directory.appendingPathComponent(name)) }
    return directory.path
}

private let contacts = #"""
{
  "type": "object",
  "x-component": "Contact",
  "properties": {
    "id": { "type": "string", "readOnly": true },
    "first_name": { "type": "string" },
    "is_active": { "type": "boolean" },
    "email_addresses": { "type": "array", "items": { "$ref": "common.json#/$defs/email_address" } },
    "account": { "$ref": "common.json#/$defs/reference" },
    "tags": { "type": "array", "items": { "$ref": "common.json#/$defs/tag" } },
    "address": { "$ref": "common.json#/$defs/address" },
    "custom_fields": { "$ref": "common.json#/$defs/custom_fields" },
    "updated_at": { "$ref": "common.json#/$defs/date_time", "readOnly": true }
  }
}
"""#

@Suite struct UnifiedSchemaTests {
    @Test func theRepositorySchemaDescribesOpportunities() throws {
        let schema = try #require(repositorySchemas["opportunities"])
        #expect(schema.component == "Opportunity")
        #expect(schema.kind(of: "amount") == .number)
        #expect(schema.kind(of: "close_date") == .datetime)
        #expect(schema.kind(of: "stage") == .reference)
        #expect(schema.kind(of: "contact") == .referenceList)
        #expect(schema.kind(of: "urls") == .objectList)
        #expect(schema.kind(of: "custom_fields") == .customFields)
        #expect(schema.field("created_at")?.readOnly == true)
        #expect(schema.fieldNames.first == "id", "fields keep the file's order")
    }

    @Test func aNewResourceIsASchemaFileWithEveryKind() throws {
        let schemas = try UnifiedSchemaSet.load(try schemaDirectory(["contacts.json": contacts]))
        let schema = try #require(schemas["contacts"])
        #expect(schema.fieldNames == ["id", "first_name", "is_active", "email_addresses", "account", "tags", "address", "custom_fields", "updated_at"])
        #expect(schema.kind(of: "is_active") == .boolean)
        #expect(schema.kind(of: "email_addresses") == .objectList)
        #expect(schema.kind(of: "tags") == .referenceList)
        #expect(schema.kind(of: "address") == .object)
        #expect(schema.field("email_addresses")?.shape == .list(.object(properties: ["email": .string, "type": .string], required: [])))
    }

    @Test func aMappingCanUseTheNewResourceWithNoSwiftChange() throws {
        let schemas = try UnifiedSchemaSet.load(try schemaDirectory(["contacts.json": contacts]))
        let mapping = #"""
        {"name":"tiny","base_url":"https://api.tiny.example","auth":{"api_key":{"requires":["api_key"],"headers":{"Authorization":"Token {context.api_key}"}}},
         "resources":{"contacts":{"operations":{"list":{"method":"GET","path":"/people","root":"items"},"get":{"method":"GET","path":"/people/{id}"},"update":{"method":"PATCH","path":"/people/{id}"}},
           "fields":{"id":{"path":"id","type":"id"},"first_name":{"path":"first"},"is_active":{"path":"active"},"email_addresses":{"path":"emails"},"account":{"path":"org_id","wrap":"id"}}}}}
        """#
        let compiled = try MappingDirectory.compile(fileName: "tiny.json", data: Data(mapping.utf8), schemas: schemas).get()
        let resource = try #require(compiled.resources["contacts"])
        let mapper = RecordMapper(provider: "tiny", resource: resource)
        let unified = mapper.read(.from(#"{"id":7,"first":"Ada","active":true,"emails":[{"email":"a@x.io","type":"work"}],"org_id":3}"#), customFields: .empty)
        #expect(JSONValue.object(unified) == .from(#"{"id":"7","first_name":"Ada","is_active":true,"email_addresses":[{"email":"a@x.io","type":"work"}],"account":{"id":"3"}}"#))
        let update = try #require(resource.operations[.update])
        #expect(try mapper.write(.from(#"{"is_active":false,"email_addresses":[{"email":"b@x.io"}]}"#), customFields: .empty, operation: update, isCreate: false)
            == .from(#"{"active":false,"emails":[{"email":"b@x.io"}]}"#))
        // Nested values are checked against the schema before anything is sent.
        #expect(throws: APIError.invalidField("email_addresses[0].mail", "Unknown field `email_addresses[0].mail`; `email_addresses[0]` holds: email, type.", code: .unknownField)) {
            try mapper.write(.from(#"{"email_addresses":[{"mail":"b@x.io"}]}"#), customFields: .empty, operation: update, isCreate: false)
        }
        #expect(throws: APIError.self) { try mapper.write(.from(#"{"email_addresses":[{"email":5}]}"#), customFields: .empty, operation: update, isCreate: false) }
        #expect(throws: APIError.self) { try mapper.write(.from(#"{"is_active":"yes"}"#), customFields: .empty, operation: update, isCreate: false) }
    }

    @Test(arguments: [
        (#"{"type":"object","properties":{"name":{"type":"string"}}}"#, "$.properties.id"),
        (#"{"type":"object","properties":{"id":{"type":"string"},"x":{"$ref":"common.json#/$defs/nope"}}}"#, "$.properties.x.$ref"),
        (#"{"type":"object","properties":{"id":{"type":"string"},"x":{"type":"array","items":{"type":"string"}}}}"#, "$.properties.x.items"),
        (#"{"type":"object","properties":{"id":{"type":"string"},"x":{"type":"object"}}}"#, "$.properties.x.properties"),
        (#"{"type":"object","properties":{"id":{"type":"string"},"x":{}}}"#, "$.properties.x.type"),
        (#"{"type":"object","properies":{"id":{"type":"string"}}}"#, "$.properies"),
    ])
    func schemaMistakesAreDiagnosticsNamingFileAndPath(text: String, path: String) throws {
        do {
            _ = try UnifiedSchemaSet.load(try schemaDirectory(["things.json": text]))
            Issue.record("expected a diagnostic")
        } catch let error as MappingLoadError {
            #expect(error.diagnostics.first?.file == "schema/things.json")
            #expect(error.diagnostics.first?.path == path)
        }
    }

    @Test func theGeneratedFilesAreUpToDate() throws {
        // `unified-crm generate-schemas` writes these; run it after changing schema/.
        let artifacts = SchemaArtifacts(schemas: repositorySchemas)
        let mappingSchema = try String(contentsOf: repositoryRoot.appendingPathComponent(SchemaArtifacts.mappingSchemaFile), encoding: .utf8)
        #expect(mappingSchema == artifacts.mappingSchema, "\(SchemaArtifacts.mappingSchemaFile) is stale: run `swift run unified-crm generate-schemas`")
        let openAPI = try String(contentsOf: repositoryRoot.appendingPathComponent(SchemaArtifacts.openAPIFile), encoding: .utf8)
        #expect(artifacts.replacingGeneratedBlock(in: openAPI) == openAPI, "\(SchemaArtifacts.openAPIFile) is stale: run `swift run unified-crm generate-schemas`")
    }

    @Test func generatedComponentsFollowTheSchema() throws {
        let artifacts = SchemaArtifacts(schemas: try UnifiedSchemaSet.load(try schemaDirectory(["contacts.json": contacts])))
        let block = artifacts.openAPIComponents
        #expect(block.contains("    Contact:\n"))
        #expect(block.contains("    ContactWrite:\n"))
        #expect(block.contains("    ContactList:\n"))
        #expect(artifacts.mappingSchema.contains("\"resource_contacts\""))
        #expect(artifacts.openAPIResourceParameter.contains(#"{"enum":["contacts"],"type":"string"}"#), "the resource path parameter lists the schema's resources")
    }
}

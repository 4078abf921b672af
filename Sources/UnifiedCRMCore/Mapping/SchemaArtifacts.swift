/// Files generated from the unified schema (`schema/*.json`) so that nothing restates it by hand:
/// the per-resource part of the mapping files' JSON Schema and the OpenAPI component schemas.
/// `unified-crm generate-schemas` writes them; a test fails when the files in the repository are stale.
public struct SchemaArtifacts {
    public let schemas: UnifiedSchemaSet

    public init(schemas: UnifiedSchemaSet) { self.schemas = schemas }

    public static let mappingSchemaFile = "mappings/unified-resources.schema.json"
    public static let openAPIFile = "openapi/unified-crm.yaml"
    public static let beginMarker = "    # BEGIN GENERATED from schema/ by `unified-crm generate-schemas`; do not edit by hand"
    public static let endMarker = "    # END GENERATED"
    public static let resourceBeginMarker = "    # BEGIN GENERATED resource parameter (unified-crm generate-schemas)"
    public static let resourceEndMarker = "    # END GENERATED resource parameter"

    // MARK: Mapping files

    /// `mappings/unified-resources.schema.json`: which field names each resource's `fields` may use.
    public var mappingSchema: String {
        var defs: [String: JSONValue] = [:]
        var resources: [String: JSONValue] = [:]
        for schema in schemas.resources.values {
            let fields = schema.fields.filter { $0.kind != .customFields }
            defs["resource_\(schema.resource)"] = .object([
                "allOf": .array([.object(["$ref": .string("schema.json#/$defs/resource")])]),
                "properties": .object(["fields": .object([
                    "type": .string("object"),
                    "required": .array([.string("id")]),
                    "additionalProperties": .bool(false),
                    "properties": .object(Dictionary(uniqueKeysWithValues: fields.map { ($0.name, JSONValue.object(["$ref": .string("schema.json#/$defs/field")])) })),
                ])]),
            ])
            resources[schema.resource] = .object(["$ref": .string("#/$defs/resource_\(schema.resource)")])
        }
        defs["resources"] = .object([
            "type": .string("object"), "minProperties": .integer(1), "additionalProperties": .bool(false),
            "properties": .object(resources),
        ])
        return JSONPrettyPrinter.print(.object([
            "$schema": .string("https://json-schema.org/draft/2020-12/schema"),
            "$id": .string("https://unified-crm.local/mappings/unified-resources.schema.json"),
            "description": .string("Generated from schema/ by `unified-crm generate-schemas`; do not edit. The unified resources a mapping file may declare and the fields each may map."),
            "$defs": .object(defs),
        ]))
    }

    // MARK: OpenAPI

    /// The generated block of `components.schemas` (YAML lines between the markers).
    public var openAPIComponents: String {
        var components: [(String, JSONValue)] = [
            ("IdInput", .object(["description": .string("Ids in requests may be strings or numbers."), "type": .array([.string("string"), .string("integer")])])),
            ("Reference", .object([
                "type": .array([.string("object"), .string("null")]), "required": .array([.string("id")]),
                "properties": .object(["id": .object(["type": .string("string")]), "name": nullable(.string("string"))]),
            ])),
        ]
        var normalized: [JSONValue] = []
        for schema in schemas.resources.values.sorted(by: { $0.component < $1.component }) {
            components.append((schema.component, readComponent(schema)))
            components.append((schema.component + "Write", writeComponent(schema)))
            components.append((schema.component + "List", listComponent(schema)))
            normalized.append(.object(["type": .string("object"), "required": .array(schema.fields.map { .string($0.name) })]))
        }
        // The routes take `{resource}`: their bodies are one of the resources' shapes.
        let ordered = schemas.resources.values.sorted(by: { $0.component < $1.component }).map(\.component)
        func union(_ suffix: String, _ description: String) -> (String, JSONValue) {
            ("UnifiedRecord" + suffix, .object(["description": .string(description),
                                                "anyOf": .array(ordered.map { .object(["$ref": .string("#/components/schemas/\($0)\(suffix)")]) })]))
        }
        components.append(union("", "A unified record of the `{resource}` the path names (one of the resource schemas)."))
        components.append(union("Write", "A write body for the `{resource}` the path names (one of the resource write schemas)."))
        components.append(union("List", "A page of the `{resource}` the path names (one of the resource list schemas)."))
        components.append(("RawProviderBody", .object([
            "description": .string("The provider's own JSON, untouched (`truto_response_format=raw`, or `stream` on a single record or a write). Its shape is the provider's. The `not` clause only lets validators tell it apart from the unified shapes: a provider body never carries the unified list envelope, `remote_data`, or every key of a normalized record."),
            "not": .object(["anyOf": .array([
                .object(["type": .string("object"), "required": .array(["result", "next_cursor", "result_count"].map(JSONValue.string))]),
                .object(["type": .string("object"), "required": .array([.string("remote_data")])]),
            ] + normalized)]),
        ])))
        var lines: [String] = [Self.beginMarker]
        for (name, schema) in components {
            lines.append("    \(name):")
            lines += YAMLEmitter.lines(schema, level: 3)
        }
        lines.append(Self.endMarker)
        return lines.joined(separator: "\n")
    }

    /// `components.parameters.Resource`: the path parameter naming a unified resource, an enum of the schema's resources.
    public var openAPIResourceParameter: String {
        let parameter: JSONValue = .object([
            "name": .string("resource"), "in": .string("path"), "required": .bool(true),
            "description": .string("The unified resource. Unknown → 404 `not_found` naming it."),
            "schema": .object(["type": .string("string"), "enum": .array(schemas.names.map(JSONValue.string))]),
        ])
        return ([Self.resourceBeginMarker, "    Resource:"] + YAMLEmitter.lines(parameter, level: 3) + [Self.resourceEndMarker]).joined(separator: "\n")
    }

    /// `text` with its generated blocks replaced by the current ones; nil when a block's markers are missing.
    public func replacingGeneratedBlock(in text: String) -> String? {
        var result = text
        for (beginMarker, endMarker, block) in [(Self.beginMarker, Self.endMarker, openAPIComponents), (Self.resourceBeginMarker, Self.resourceEndMarker, openAPIResourceParameter)] {
            guard let begin = result.range(of: beginMarker), let end = result.range(of: endMarker, range: begin.upperBound..<result.endIndex) else { return nil }
            result = String(result[..<begin.lowerBound]) + block + String(result[end.upperBound...])
        }
        return result
    }

    func nullable(_ type: JSONValue) -> JSONValue { .object(["type": .array([type, .string("null")])]) }

    /// A property's OpenAPI schema on the read side: nullable, references by `Reference`.
    func readProperty(_ field: UnifiedField) -> JSONValue {
        var property: JSONValue
        switch field.kind {
        case .reference: return .object(["$ref": .string("#/components/schemas/Reference")])
        case .referenceList: property = .object(["type": .array([.string("array"), .string("null")]), "items": .object(["$ref": .string("#/components/schemas/Reference")])])
        default: property = openAPIShape(field.shape, nullable: field.name != "id", write: false)
        }
        if let description = field.jsonSchema["description"] { property.set(description, at: ["description"]) }
        return property
    }

    /// A property's OpenAPI schema on the write side: ids may be numbers.
    func writeProperty(_ field: UnifiedField) -> JSONValue {
        var property = openAPIShape(field.shape, nullable: true, write: true)
        if let description = field.jsonSchema["description"] { property.set(description, at: ["description"]) }
        return property
    }

    func openAPIShape(_ shape: UnifiedShape, nullable isNullable: Bool, write: Bool) -> JSONValue {
        func typed(_ name: String) -> JSONValue { isNullable ? nullable(.string(name)) : .object(["type": .string(name)]) }
        switch shape {
        case .string: return typed("string")
        case .number: return typed("number")
        case .boolean: return typed("boolean")
        case .datetime:
            var value = typed("string")
            value.set(.string("date-time"), at: ["format"])
            return value
        case .anyObject: return typed("object")
        case .list(let element):
            var value = typed("array")
            value.set(openAPIShape(element, nullable: false, write: write), at: ["items"])
            return value
        case .object(let properties, let required):
            var value = typed("object")
            var props: [String: JSONValue] = [:]
            for (name, property) in properties {
                props[name] = write && name == "id" ? .object(["$ref": .string("#/components/schemas/IdInput")]) : openAPIShape(property, nullable: !write, write: write)
            }
            value.set(.object(props), at: ["properties"])
            if !required.isEmpty { value.set(.array(required.map(JSONValue.string)), at: ["required"]) }
            return value
        }
    }

    func readComponent(_ schema: UnifiedSchema) -> JSONValue {
        var properties = Dictionary(uniqueKeysWithValues: schema.fields.map { ($0.name, readProperty($0)) })
        properties["remote_data"] = .object(["description": .string("The provider's native record, untouched (absent with `normalized` or `truto_ignore_remote_data=true`).")])
        var component: JSONValue = .object([
            "type": .string("object"),
            "description": .string((schema.description.map { $0 + "\n" } ?? "") + "With `unified` (default), fields the provider did not give are omitted; with `normalized`, every field is present (`null` where unknown). `id` is always a string. `truto_exclude_fields[]` removes keys, so no field is listed as required."),
            "additionalProperties": .bool(false),
            "properties": .object(properties),
        ])
        if let example = schema.examples.first { component.set(example, at: ["example"]) }
        return component
    }

    func writeComponent(_ schema: UnifiedSchema) -> JSONValue {
        var properties = Dictionary(uniqueKeysWithValues: schema.fields.filter { !$0.readOnly }.map { ($0.name, writeProperty($0)) })
        properties["custom_fields"] = properties["custom_fields"].map { _ in .object(["type": .string("object"), "description": .string("Keyed by custom field name; unknown names are a 400 listing the known ones.")]) }
        properties["remote_data"] = .object(["type": .string("object"), "description": .string("Merged into the provider's native body as is.")])
        return .object([
            "type": .string("object"),
            "description": .string("Unified fields to write. A field the provider cannot write or does not know is a 400 naming the field and the provider; the provider's required fields on create are a 400 when absent. `remote_data` is merged into the native body as is."),
            "additionalProperties": .bool(false),
            "properties": .object(properties),
        ])
    }

    func listComponent(_ schema: UnifiedSchema) -> JSONValue {
        let record: JSONValue = .object(["$ref": .string("#/components/schemas/\(schema.component)")])
        return .object([
            "type": .string("object"),
            "required": .array(["result", "next_cursor", "result_count"].map(JSONValue.string)),
            "additionalProperties": .bool(false),
            "description": .string("The list envelope."),
            "properties": .object([
                "result": .object([
                    "description": .string("The records; with `truto_key_by`, an object keyed by that field's value."),
                    "oneOf": .array([
                        .object(["type": .string("array"), "items": record]),
                        .object(["type": .string("object"), "additionalProperties": record]),
                    ]),
                ]),
                "next_cursor": .object(["type": .array([.string("string"), .string("null")]), "description": .string("Opaque; `null` on the last page.")]),
                "result_count": .object(["type": .string("integer"), "minimum": .integer(0)]),
            ]),
        ])
    }
}

/// Block-style YAML for JSON values: keys sorted, scalars and short leaves as JSON (valid YAML flow).
enum YAMLEmitter {
    static func lines(_ value: JSONValue, level: Int) -> [String] {
        let pad = String(repeating: "  ", count: level)
        switch value {
        case .object(let object):
            var out: [String] = []
            for key in object.keys.sorted() {
                let child = object[key]!
                let name = key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" } && !key.hasPrefix("$") ? key : JSONPrettyPrinter.inline(.string(key))
                if let leaf = leaf(child) { out.append("\(pad)\(name): \(leaf)") } else {
                    out.append("\(pad)\(name):")
                    out += lines(child, level: level + 1)
                }
            }
            return out
        case .array(let array):
            var out: [String] = []
            for element in array {
                if let leaf = leaf(element) { out.append("\(pad)- \(leaf)"); continue }
                var nested = lines(element, level: level + 1)
                if !nested.isEmpty { nested[0] = pad + "- " + nested[0].dropFirst(pad.count + 2) }
                out += nested
            }
            return out
        default:
            return [pad + JSONPrettyPrinter.inline(value)]
        }
    }

    /// One-line form (JSON, which YAML reads as flow style) for anything short.
    static func leaf(_ value: JSONValue) -> String? {
        let text = JSONPrettyPrinter.inline(value)
        return text.count <= 90 || (value.objectValue == nil && value.arrayValue == nil) ? text : nil
    }
}

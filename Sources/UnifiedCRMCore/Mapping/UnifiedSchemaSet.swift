import Foundation

/// The unified resources, loaded at start from a directory of JSON Schema files: one
/// `<resource>.json` per resource and `common.json` with the shared shapes (`$defs`). Adding a
/// resource is adding a file. `$ref`s to `common.json#/$defs/...` or `#/$defs/...` are resolved at
/// load, with sibling keywords laid over the target.
public struct UnifiedSchemaSet: Sendable {
    public var resources: [String: UnifiedSchema]
    /// The shared definitions of `common.json`, resolved.
    public var common: [String: JSONValue]

    public init(resources: [String: UnifiedSchema], common: [String: JSONValue] = [:]) {
        self.resources = resources
        self.common = common
    }

    public subscript(resource: String) -> UnifiedSchema? { resources[resource] }
    public var names: [String] { resources.keys.sorted() }

    static let commonFile = "common.json"

    /// Loads every schema file of `directory`; throws `MappingLoadError` naming file and path.
    public static func load(_ directory: String) throws -> UnifiedSchemaSet {
        let url = URL(fileURLWithPath: directory)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else {
            throw ConfigurationError("The unified schema directory `\(directory)` does not exist or cannot be read (set --schema).")
        }
        var documents: [String: (JSONValue, DiagnosticCollector)] = [:]
        var diagnostics: [MappingDiagnostic] = []
        for name in names.sorted() where name.hasSuffix(".json") {
            let file = "schema/\(name)"
            guard let data = FileManager.default.contents(atPath: url.appendingPathComponent(name).path) else {
                diagnostics.append(MappingDiagnostic(code: "unreadable", file: file, path: "$", message: "cannot be read"))
                continue
            }
            let bytes = [UInt8](data)
            var parser = JSONParser(bytes: bytes, limits: .configurationFile, recordLocations: true)
            do {
                let json = try parser.parseDocument()
                documents[name] = (json, DiagnosticCollector(file: file, bytes: bytes, locations: parser.locations))
            } catch {
                diagnostics.append(MappingDiagnostic(code: "invalid_json", file: file, path: "$", message: "not valid JSON (\(error))"))
            }
        }
        let common = documents[commonFile]?.0["$defs"]?.objectValue ?? [:]
        var resources: [String: UnifiedSchema] = [:]
        for (name, (json, collector)) in documents.sorted(by: { $0.key < $1.key }) where name != commonFile {
            var compiler = UnifiedSchemaCompiler(common: common, diagnostics: collector)
            if let schema = compiler.compile(json, resource: String(name.dropLast(5))) { resources[schema.resource] = schema }
            diagnostics += compiler.diagnostics.diagnostics
        }
        if resources.isEmpty, diagnostics.isEmpty {
            diagnostics.append(MappingDiagnostic(code: "missing", file: "schema/", path: "$", message: "no unified resource schema (<resource>.json) in `\(directory)`"))
        }
        if diagnostics.contains(where: { $0.severity == .error }) { throw MappingLoadError(diagnostics: diagnostics) }
        return UnifiedSchemaSet(resources: resources, common: common)
    }
}

/// Turns one resource's JSON Schema into a `UnifiedSchema`, reporting what it cannot express.
struct UnifiedSchemaCompiler {
    let common: [String: JSONValue]
    var diagnostics: DiagnosticCollector

    static let topLevelKeys: Set<String> = ["$schema", "$id", "title", "description", "type", "properties", "x-component", "examples"]

    mutating func compile(_ json: JSONValue, resource: String) -> UnifiedSchema? {
        guard let root = json.objectValue else { diagnostics.error("$", "a unified schema must be a JSON object"); return nil }
        for key in root.keys.sorted() where !Self.topLevelKeys.contains(key) {
            diagnostics.error("$.\(key)", "unknown key `\(key)`", code: "unknown_key")
        }
        guard root["type"]?.stringValue == "object" else { diagnostics.error("$.type", "must be \"object\""); return nil }
        guard let properties = root["properties"]?.objectValue, !properties.isEmpty else {
            diagnostics.error("$.properties", "missing: the resource's fields", code: "missing")
            return nil
        }
        guard properties["id"] != nil else { diagnostics.error("$.properties.id", "missing: every resource has an `id`", code: "missing"); return nil }
        var fields: [UnifiedField] = []
        // Keep the file's order where the parser recorded it (JSON objects are unordered in memory).
        let order = properties.keys.sorted { (diagnostics.locations["$.properties.\($0)"] ?? 0, $0) < (diagnostics.locations["$.properties.\($1)"] ?? 0, $1) }
        for name in order {
            let at = "$.properties.\(name)"
            guard let resolved = resolve(properties[name]!, at: at) else { continue }
            guard let (kind, shape) = classify(resolved, at: at) else { continue }
            fields.append(UnifiedField(name: name, kind: kind, shape: shape, readOnly: resolved["readOnly"] == .bool(true), jsonSchema: resolved))
        }
        let component = root["x-component"]?.stringValue ?? root["title"]?.stringValue ?? resource
        return UnifiedSchema(resource: resource, component: component, description: root["description"]?.stringValue,
                             fields: fields, examples: root["examples"]?.arrayValue ?? [])
    }

    /// The schema with every `$ref` replaced by its target (siblings laid over it), recursively.
    mutating func resolve(_ schema: JSONValue, at: String, depth: Int = 0) -> JSONValue? {
        guard depth < 32 else { diagnostics.error(at, "`$ref` chain too deep (a cycle?)", code: "invalid_ref"); return nil }
        switch schema {
        case .object(var object):
            if let ref = object.removeValue(forKey: "$ref") {
                guard let text = ref.stringValue, let name = Self.commonName(text), let target = common[name] else {
                    diagnostics.error("\(at).$ref", "unknown reference `\(ref.scalarText ?? "?")`; use common.json#/$defs/<name> (known: \(common.keys.sorted().joined(separator: ", ")))", code: "invalid_ref")
                    return nil
                }
                guard case .object(var merged)? = resolve(target, at: at, depth: depth + 1) else { return nil }
                for (key, value) in object { merged[key] = value }
                object = merged
            }
            var result: [String: JSONValue] = [:]
            for (key, value) in object {
                guard let child = resolve(value, at: "\(at).\(key)", depth: depth + 1) else { return nil }
                result[key] = child
            }
            return .object(result)
        case .array(let array):
            var result: [JSONValue] = []
            for (i, value) in array.enumerated() {
                guard let child = resolve(value, at: "\(at)[\(i)]", depth: depth + 1) else { return nil }
                result.append(child)
            }
            return .array(result)
        default:
            return schema
        }
    }

    static func commonName(_ ref: String) -> String? {
        for prefix in ["common.json#/$defs/", "#/$defs/"] where ref.hasPrefix(prefix) { return String(ref.dropFirst(prefix.count)) }
        return nil
    }

    /// The unified kind and shape a property schema describes; nil (with a diagnostic) when unsupported.
    mutating func classify(_ schema: JSONValue, at: String) -> (UnifiedKind, UnifiedShape)? {
        if let kind = schema["x-unified-kind"] {
            guard kind.stringValue == UnifiedKind.customFields.rawValue else {
                diagnostics.error("\(at).x-unified-kind", "unknown unified kind `\(kind.scalarText ?? "?")`; known: custom_fields", code: "invalid_value")
                return nil
            }
            return (.customFields, .anyObject)
        }
        switch schema["type"]?.stringValue {
        case "string"?: return schema["format"]?.stringValue == "date-time" ? (.datetime, .datetime) : (.string, .string)
        case "number"?, "integer"?: return (.number, .number)
        case "boolean"?: return (.boolean, .boolean)
        case "object"?:
            let properties = schema["properties"]?.objectValue ?? [:]
            guard !properties.isEmpty else {
                diagnostics.error("\(at).properties", "an object needs its properties (or `x-unified-kind: custom_fields`)", code: "missing")
                return nil
            }
            var shapes: [String: UnifiedShape] = [:]
            for (name, property) in properties.sorted(by: { $0.key < $1.key }) {
                guard let (_, shape) = classify(property, at: "\(at).properties.\(name)") else { return nil }
                shapes[name] = shape
            }
            let required = schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let shape = UnifiedShape.object(properties: shapes, required: required)
            return (properties["id"] != nil ? .reference : .object, shape)
        case "array"?:
            guard let items = schema["items"] else { diagnostics.error("\(at).items", "missing: the shape of the list's elements", code: "missing"); return nil }
            guard let (itemKind, itemShape) = classify(items, at: "\(at).items") else { return nil }
            switch itemKind {
            case .reference: return (.referenceList, .list(itemShape))
            case .object: return (.objectList, .list(itemShape))
            default:
                diagnostics.error("\(at).items", "a unified list holds objects (references or sub-objects such as {email, type}), not \(itemKind.rawValue) values", code: "unsupported")
                return nil
            }
        default:
            diagnostics.error("\(at).type", "missing or unsupported type; use string, number, integer, boolean, object or array", code: "unsupported")
            return nil
        }
    }
}

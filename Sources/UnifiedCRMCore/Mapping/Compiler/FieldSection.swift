/// `fields.<name>`: one unified field, declared once and used both ways.
enum FieldSection {
    static let transforms = ValueType.allCases.map { ($0.rawValue, $0) }
    static let wraps: [(String, FieldMapping.Wrap)] = [("id", .id), ("id_list", .idList)]
    static let lists: [(String, FieldMapping.NativeList)] = [("single", .single), ("scalars", .scalars), ("objects", .objects)]

    /// Transforms that give each unified kind its unified type.
    static func allowedTypes(for kind: UnifiedKind) -> [ValueType]? {
        switch kind {
        case .number: [.number, .decimalString, .moneyCents, .passthrough]
        case .datetime: [.datetime, .date, .epochMillis, .passthrough]
        case .boolean: [.boolean, .passthrough]
        case .objectList, .object: [.passthrough]
        case .string, .reference, .referenceList, .customFields: nil
        }
    }

    static func defaultType(for kind: UnifiedKind, name: String) -> ValueType {
        switch kind {
        case .number: .number
        case .datetime: .datetime
        case .boolean: .boolean
        case .reference, .referenceList: .id
        case .objectList, .object, .customFields: .passthrough
        case .string: name == "id" ? .id : .string
        }
    }

    static func compile(_ spec: JSONValue, field unified: UnifiedField, at: String, _ diagnostics: inout DiagnosticCollector) -> FieldMapping? {
        guard let reader = ObjectReader(spec, at: at, section: MappingKeys.field, &diagnostics, what: "an object like {\"path\": \"...\"}") else { return nil }
        reader.finish(&diagnostics)
        let name = unified.name, kind = unified.kind
        _ = reader.string("docs", &diagnostics)
        if let constant = reader["constant"] {
            if reader["path"] != nil { diagnostics.error(at, "declare either `path` or `constant`, not both", code: "conflict") }
            if constant == .null { diagnostics.error("\(at).constant", "must not be null (omit the field instead)", code: "invalid_value") }
            return FieldMapping(
                unifiedName: name, unifiedKind: kind, shape: unified.shape, nativePath: [], type: .passthrough, wrap: nil, nativeList: .single,
                itemPath: [], enumRead: nil, enumWrite: nil, constant: constant, nameLookup: nil, readOnly: true, writeOnly: false
            )
        }
        if let composed = FieldCompositionSection.declared(reader, at: at, &diagnostics) {
            return compileComposed(reader, kind: composed, field: unified, at: at, &diagnostics)
        }
        if reader["separator"] != nil { diagnostics.error("\(at).separator", "`separator` only applies to `concat`", code: "unsupported") }
        guard let path = reader.dottedPath("path", required: true, &diagnostics) else { return nil }
        let type = reader.choice("type", from: transforms, noun: "transform", &diagnostics) ?? defaultType(for: kind, name: name)
        let wrap = reader.choice("wrap", from: wraps, noun: "wrap", &diagnostics)
        switch kind {
        case .reference where wrap != .id:
            diagnostics.error("\(at).wrap", "`\(name)` is an object {id} on the unified side: declare \"wrap\": \"id\"", code: "invalid_value")
        case .referenceList where wrap != .idList:
            diagnostics.error("\(at).wrap", "`\(name)` is a list [{id}] on the unified side: declare \"wrap\": \"id_list\"", code: "invalid_value")
        case .string, .number, .boolean, .datetime, .objectList, .object, .customFields:
            if wrap != nil { diagnostics.error("\(at).wrap", "`\(name)` is not an id reference; remove `wrap`", code: "invalid_value") }
        default: break
        }
        if let allowed = allowedTypes(for: kind), !allowed.contains(type) {
            let noun = kind == .number ? "a number" : kind == .datetime ? "a date-time" : "\(kind.rawValue.replacingOccurrences(of: "_", with: " "))"
            let choices = allowed.filter { $0 != .passthrough }.map(\.rawValue)
            let use = choices.count > 1 ? choices.dropLast().joined(separator: ", ") + " or " + choices.last! : choices.first ?? "passthrough"
            diagnostics.error("\(at).type", "`\(name)` is \(noun) on the unified side; use \(use), not \(type.rawValue)", code: "invalid_value")
        }
        var nativeList = FieldMapping.NativeList.single
        if reader["list"] != nil {
            nativeList = reader.choice("list", from: lists, noun: "list shape", &diagnostics) ?? .single
            if wrap != .idList { diagnostics.error("\(at).list", "`list` only applies to \"wrap\": \"id_list\"", code: "unsupported") }
        }
        let itemPath = reader["item_path"] == nil ? [] : (reader.dottedPath("item_path", &diagnostics) ?? [])
        if nativeList == .objects, itemPath.isEmpty { diagnostics.error("\(at).item_path", "missing: the path of the id inside each native list element", code: "missing") }
        let (enumRead, enumWrite) = enumMaps(reader["enum"], at: "\(at).enum", &diagnostics)
        let nameLookup = reader.string("name_from", &diagnostics)
        if nameLookup != nil, wrap != .id { diagnostics.error("\(at).name_from", "only a reference (\"wrap\": \"id\") can take its name from a lookup", code: "unsupported") }
        let readOnly = reader.bool("read_only", &diagnostics) || unified.readOnly
        let writeOnly = reader.bool("write_only", &diagnostics)
        if readOnly && writeOnly { diagnostics.error(at, "a field cannot be both read_only and write_only", code: "conflict") }
        var field = FieldMapping(
            unifiedName: name, unifiedKind: kind, shape: unified.shape, nativePath: path, type: type, wrap: wrap,
            nativeList: nativeList, itemPath: itemPath, enumRead: enumRead, enumWrite: enumWrite,
            constant: nil, nameLookup: nameLookup, readOnly: readOnly || name == "id", writeOnly: writeOnly
        )
        if reader["write"] != nil {
            if wrap == nil { diagnostics.error("\(at).write", "only a link field (a reference or a list of them) has a `write` route", code: "unsupported") }
            if readOnly { diagnostics.error("\(at).write", "a read-only field is never written", code: "conflict") }
            field.writeOverride = FieldWriteSection.compile(reader["write"], at: "\(at).write", &diagnostics)
        }
        return field
    }

    /// A field built by `items`, `entries` or `concat` (see `FieldCompositionSection`).
    static func compileComposed(_ reader: ObjectReader, kind key: String, field unified: UnifiedField, at: String, _ diagnostics: inout DiagnosticCollector) -> FieldMapping? {
        for other in ["wrap", "list", "item_path", "enum", "name_from", "type"] where reader[other] != nil {
            diagnostics.error("\(at).\(other)", "`\(other)` does not apply with `\(key)` (declare types and enums per sub-key)", code: "unsupported")
        }
        var path: [String] = []
        if key == "items" {
            guard let itemsPath = reader.dottedPath("path", required: true, &diagnostics) else { return nil }
            path = itemsPath
        } else if reader["path"] != nil {
            diagnostics.error("\(at).path", "`\(key)` reads its own native paths; remove `path`", code: "conflict")
        }
        guard let composition = FieldCompositionSection.compile(reader, kind: key, field: unified, at: at, &diagnostics) else { return nil }
        let readOnly = reader.bool("read_only", &diagnostics) || unified.readOnly || key == "concat"
        let writeOnly = reader.bool("write_only", &diagnostics)
        if readOnly && writeOnly { diagnostics.error(at, "a field cannot be both read_only and write_only", code: "conflict") }
        var field = FieldMapping(
            unifiedName: unified.name, unifiedKind: unified.kind, shape: unified.shape, nativePath: path, type: .passthrough, wrap: nil,
            nativeList: .single, itemPath: [], enumRead: nil, enumWrite: nil, constant: nil, nameLookup: nil, readOnly: readOnly, writeOnly: writeOnly
        )
        field.composition = composition
        return field
    }

    /// `enum`: native value → unified value, one-to-one so it can be written back.
    static func enumMaps(_ value: JSONValue?, at: String, _ diagnostics: inout DiagnosticCollector) -> ([String: String]?, [String: String]?) {
        guard let value else { return (nil, nil) }
        guard let map = value.objectValue, !map.isEmpty else {
            diagnostics.error(at, "must be a non-empty object {native value: unified value}", code: "invalid_type")
            return (nil, nil)
        }
        var read: [String: String] = [:], write: [String: String] = [:]
        for (native, unified) in map.sorted(by: { $0.key < $1.key }) {
            guard let unifiedValue = unified.stringValue else {
                diagnostics.error("\(at).\(native)", "must map to a unified string value", code: "invalid_type")
                continue
            }
            if let previous = write[unifiedValue] {
                diagnostics.error("\(at).\(native)", "unified value `\(unifiedValue)` is already the image of `\(previous)`; an enum map must be one-to-one to be written back", code: "not_invertible")
            }
            read[native] = unifiedValue
            write[unifiedValue] = native
        }
        return (read, write)
    }
}

/// `fields.<name>.write`: `{"append": "<body array>", "item": {...{value}...}}` or `{"call": {"method", "path"}}`.
enum FieldWriteSection {
    static func compile(_ spec: JSONValue?, at: String, _ diagnostics: inout DiagnosticCollector) -> FieldWrite? {
        guard let reader = ObjectReader(spec, at: at, section: MappingKeys.fieldWrite, &diagnostics, what: "an object {append, item} or {call}") else { return nil }
        reader.finish(&diagnostics)
        if reader["call"] != nil {
            if reader["append"] != nil || reader["item"] != nil { diagnostics.error(at, "declare either `call` or `append` with `item`, not both", code: "conflict") }
            guard let call = ObjectReader(reader["call"], at: reader.path("call"), section: MappingKeys.fieldWriteCall, &diagnostics, what: "an object {method, path}") else { return nil }
            call.finish(&diagnostics)
            let method = call.string("method", required: true, &diagnostics) ?? "PUT"
            if !OperationSection.methods.contains(method) { diagnostics.error(call.path("method"), "unknown HTTP method `\(method)`", code: "invalid_value") }
            guard let path = call.template("path", allowed: ["context", "id", "value"], required: true, &diagnostics) else { return nil }
            if !path.parts.contains(.id) || !path.parts.contains(.value) {
                diagnostics.error(call.path("path"), "must contain `{id}` (the written record) and `{value}` (the linked id)", code: "invalid_value")
            }
            var operation = Operation(method: method, path: path, query: [], root: [], body: [], required: [], requiredNative: [], pagination: nil,
                                      limitParameter: nil, maxLimit: nil, defaultLimit: nil, fieldNameObjects: [])
            operation.scopes = call.stringList("scopes", &diagnostics) ?? []
            let on = call.stringList("on", &diagnostics) ?? ["create", "update"]
            if on.isEmpty || on.contains(where: { $0 != "create" && $0 != "update" }) {
                diagnostics.error(call.path("on"), "must list `create`, `update` or both", code: "invalid_value")
            }
            return .call(operation, createOnly: !on.contains("update"))
        }
        guard let append = reader.dottedPath("append", required: true, &diagnostics) else { return nil }
        guard let item = reader["item"], item.objectValue != nil else {
            diagnostics.error(reader.path("item"), "missing: the JSON object appended per linked id, with `{value}` where the id goes", code: "missing")
            return nil
        }
        guard let template = BodyTemplateSection.compile(item, allowed: ["context", "value"], at: reader.path("item"), &diagnostics) else { return nil }
        return .append(path: append, item: template)
    }
}

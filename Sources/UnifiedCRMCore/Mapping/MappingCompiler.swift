import Foundation

/// Compiles one mapping file's JSON into a `ProviderMapping`, collecting every problem as a
/// diagnostic that names the file and the JSON path (`$.resources.opportunities.fields.amount.type`).
public struct MappingCompiler {
    public let file: String
    public private(set) var diagnostics: [MappingDiagnostic] = []

    public init(file: String) { self.file = file }

    static let topLevelKeys: Set<String> = ["$schema", "name", "display_name", "base_url", "headers", "context", "auth", "errors", "rate_limit", "resources", "docs", "reserved_query"]
    static let authKeys: Set<String> = ["requires", "headers", "query", "authorize_url", "token_url", "scopes"]
    static let operationKeys: Set<String> = ["method", "path", "query", "root", "body", "required", "required_native", "pagination", "limit", "scope"]
    static let fieldKeys: Set<String> = ["path", "constant", "name_from", "type", "wrap", "list", "item_path", "enum", "read_only", "write_only", "docs"]
    static let customKeys: Set<String> = ["style", "path", "write_path", "id_key", "value_key", "write_value_key", "definitions", "key", "name", "type", "exclude_when", "key_pattern", "types", "options", "option_id", "option_label", "ttl_seconds"]
    static let methods: Set<String> = ["GET", "POST", "PUT", "PATCH", "DELETE"]

    mutating func report(_ path: String, _ message: String) {
        diagnostics.append(MappingDiagnostic(file: file, path: path, message: message))
    }

    /// The compiled mapping, or nil when there were diagnostics.
    public mutating func compile(_ json: JSONValue) -> ProviderMapping? {
        guard let root = json.objectValue else {
            report("$", "a mapping file must be a JSON object")
            return nil
        }
        checkKeys(root, allowed: Self.topLevelKeys, at: "$")
        let name = string(root["name"], at: "$.name", required: true) ?? ""
        let expected = file.hasSuffix(".json") ? String(file.split(separator: "/").last!.dropLast(5)) : file
        if !name.isEmpty, name != expected { report("$.name", "name `\(name)` must match the file name `\(expected)`") }
        let baseURL = string(root["base_url"], at: "$.base_url", required: true) ?? ""
        if !baseURL.isEmpty, URL(string: baseURL)?.host == nil || !(baseURL.hasPrefix("https://") || baseURL.hasPrefix("http://")) {
            report("$.base_url", "must be an absolute http(s) URL, got `\(baseURL)`")
        }
        let headers = templateMap(root["headers"], at: "$.headers", allowed: ["context"])

        var authMethods: [String: AuthMethod] = [:]
        var reserved: Set<String> = []
        if let auth = root["auth"]?.objectValue, !auth.isEmpty {
            for (method, spec) in auth.sorted(by: { $0.key < $1.key }) {
                let at = "$.auth.\(method)"
                guard ["api_key", "oauth"].contains(method) else {
                    report(at, "unknown authentication method `\(method)`; known: api_key, oauth")
                    continue
                }
                guard let object = spec.objectValue else { report(at, "must be an object"); continue }
                checkKeys(object, allowed: Self.authKeys, at: at)
                let requires = stringList(object["requires"], at: at + ".requires") ?? []
                let query = templateMap(object["query"], at: at + ".query", allowed: ["context"])
                reserved.formUnion(query.map(\.0))
                authMethods[method] = AuthMethod(
                    requires: requires,
                    headers: templateMap(object["headers"], at: at + ".headers", allowed: ["context"]),
                    query: query
                )
            }
        } else {
            report("$.auth", "at least one authentication method (api_key or oauth) is required")
        }

        // Query keys the provider reads credentials from even when this mapping authenticates
        // another way (Pipedrive `api_token`): a caller's remote_query must not set them.
        reserved.formUnion(stringList(root["reserved_query"], at: "$.reserved_query") ?? [])

        var descriptor = IntegrationDescriptor(name: name, authMethods: authMethods.mapValues(\.requires))
        if let context = root["context"] {
            guard let object = context.objectValue else { report("$.context", "must be an object"); return nil }
            checkKeys(object, allowed: ["required", "secrets"], at: "$.context")
            descriptor.requiredContext = stringList(object["required"], at: "$.context.required") ?? []
            descriptor.secretPaths = Set(stringList(object["secrets"], at: "$.context.secrets") ?? [])
        }

        var resources: [String: ResourceMapping] = [:]
        if let resourcesJSON = root["resources"]?.objectValue, !resourcesJSON.isEmpty {
            for (resourceName, spec) in resourcesJSON.sorted(by: { $0.key < $1.key }) {
                let at = "$.resources.\(resourceName)"
                guard let schema = UnifiedSchema.all[resourceName] else {
                    report(at, "unknown unified resource `\(resourceName)`; known: \(UnifiedSchema.all.keys.sorted().joined(separator: ", "))")
                    continue
                }
                if let resource = compileResource(spec, schema: schema, at: at, reserved: &reserved) {
                    resources[resourceName] = resource
                }
            }
        } else {
            report("$.resources", "at least one resource is required")
        }
        var errorMessagePath: [String]?
        var notFoundStatus: Int?
        var notFoundPattern: String?
        if let errors = root["errors"] {
            if let object = errors.objectValue {
                checkKeys(object, allowed: ["message", "not_found"], at: "$.errors")
                errorMessagePath = string(object["message"], at: "$.errors.message").map(Self.split)
                if let rule = object["not_found"] {
                    if let ruleObject = rule.objectValue {
                        checkKeys(ruleObject, allowed: ["status", "message_pattern"], at: "$.errors.not_found")
                        notFoundStatus = integer(ruleObject["status"], at: "$.errors.not_found.status")
                        notFoundPattern = string(ruleObject["message_pattern"], at: "$.errors.not_found.message_pattern", required: true)
                        if let pattern = notFoundPattern, (try? NSRegularExpression(pattern: pattern)) == nil {
                            report("$.errors.not_found.message_pattern", "not a valid regular expression")
                        }
                    } else {
                        report("$.errors.not_found", "must be an object {status, message_pattern}")
                    }
                }
            } else {
                report("$.errors", "must be an object")
            }
        }

        guard diagnostics.isEmpty else { return nil }
        return ProviderMapping(
            name: name, baseURL: baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL, headers: headers,
            authMethods: authMethods, descriptor: descriptor, resources: resources,
            errorMessagePath: errorMessagePath, notFoundStatus: notFoundStatus, notFoundPattern: notFoundPattern,
            reservedQueryKeys: reserved
        )
    }

    // MARK: - Resources

    private mutating func compileResource(_ spec: JSONValue, schema: UnifiedSchema, at: String, reserved: inout Set<String>) -> ResourceMapping? {
        guard let object = spec.objectValue else { report(at, "must be an object"); return nil }
        checkKeys(object, allowed: ["operations", "fields", "custom_fields", "lookups"], at: at)
        var lookups: [String: LookupMapping] = [:]
        for (lookupName, spec) in (object["lookups"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
            if let lookup = compileLookup(spec, at: "\(at).lookups.\(lookupName)") { lookups[lookupName] = lookup }
        }
        var operations: [OperationKind: Operation] = [:]
        if let ops = object["operations"]?.objectValue {
            for (kindName, opSpec) in ops.sorted(by: { $0.key < $1.key }) {
                let opAt = "\(at).operations.\(kindName)"
                guard let kind = OperationKind(rawValue: kindName) else {
                    report(opAt, "unknown operation `\(kindName)`; known: \(OperationKind.allCases.map(\.rawValue).joined(separator: ", "))")
                    continue
                }
                if let operation = compileOperation(opSpec, kind: kind, schema: schema, at: opAt) {
                    for (key, template) in operation.query where template.usesContext { reserved.insert(key) }
                    operations[kind] = operation
                }
            }
        } else {
            report("\(at).operations", "missing: declare at least one of list, get, create, update, delete")
        }
        for kind in [OperationKind.get, .list] where object["operations"]?.objectValue.map({ $0[kind.rawValue] == nil }) == true {
            report("\(at).operations.\(kind.rawValue)", "missing method route: every resource needs `\(kind.rawValue)`")
        }

        var fields: [FieldMapping] = []
        if let fieldsJSON = object["fields"]?.objectValue {
            for (fieldName, fieldSpec) in fieldsJSON.sorted(by: { $0.key < $1.key }) {
                let fieldAt = "\(at).fields.\(fieldName)"
                guard let kind = schema.kind(of: fieldName), kind != .customFields else {
                    report(fieldAt, "unknown unified field `\(fieldName)`; the unified \(schema.resource) fields are: \(schema.fieldNames.filter { $0 != "custom_fields" }.joined(separator: ", "))")
                    continue
                }
                if let field = compileField(fieldSpec, name: fieldName, kind: kind, at: fieldAt) {
                    if let lookup = field.nameLookup, lookups[lookup] == nil, object["lookups"]?[lookup] == nil {
                        report("\(fieldAt).name_from", "unknown lookup `\(lookup)`; declare it under \(at).lookups")
                    }
                    fields.append(field)
                }
            }
        } else {
            report("\(at).fields", "missing: map at least the `id` field")
        }
        if object["fields"]?.objectValue != nil, !fields.contains(where: { $0.unifiedName == "id" }), !diagnostics.contains(where: { $0.path.hasPrefix("\(at).fields.id") }) {
            report("\(at).fields.id", "missing: every resource must map `id`")
        }
        let custom = object["custom_fields"].flatMap { compileCustomFields($0, at: "\(at).custom_fields") }
        return ResourceMapping(name: schema.resource, operations: operations, fields: fields, customFields: custom, lookups: lookups)
    }

    private mutating func compileOperation(_ spec: JSONValue, kind: OperationKind, schema: UnifiedSchema, at: String) -> Operation? {
        guard let object = spec.objectValue else { report(at, "must be an object"); return nil }
        checkKeys(object, allowed: Self.operationKeys, at: at)
        let method = string(object["method"], at: "\(at).method", required: true) ?? "GET"
        if !Self.methods.contains(method) { report("\(at).method", "unknown HTTP method `\(method)`; use one of \(Self.methods.sorted().joined(separator: ", "))") }
        let needsID = kind == .get || kind == .update || kind == .delete
        var pathVariables: Set<String> = ["context"]
        if needsID { pathVariables.insert("id") }
        let pathTemplate = template(object["path"], at: "\(at).path", allowed: pathVariables, required: true)
        if let pathTemplate, needsID, !pathTemplate.parts.contains(.id) {
            report("\(at).path", "the \(kind.rawValue) route must contain `{id}`")
        }
        if let path = pathTemplate?.source, !path.hasPrefix("/") { report("\(at).path", "must start with `/`") }
        var queryVariables: Set<String> = ["context", "field_names"]
        if kind == .list { queryVariables.insert("limit") }
        let query = templateMap(object["query"], at: "\(at).query", allowed: queryVariables)
        var body: [(path: [String], template: Template)] = []
        for (key, value) in templateMap(object["body"], at: "\(at).body", allowed: ["context"]) {
            body.append((Self.split(key), value))
        }
        let required = stringList(object["required"], at: "\(at).required") ?? []
        for (i, field) in required.enumerated() where schema.kind(of: field) == nil {
            report("\(at).required[\(i)]", "unknown unified field `\(field)`")
        }
        var pagination: Pagination?
        if let paging = object["pagination"] {
            if kind != .list { report("\(at).pagination", "only a list operation can paginate") }
            pagination = compilePagination(paging, at: "\(at).pagination")
        }
        var limitParameter: String?, maxLimit: Int?, defaultLimit: Int?
        if let limit = object["limit"] {
            if let l = limit.objectValue {
                checkKeys(l, allowed: ["param", "max", "default"], at: "\(at).limit")
                limitParameter = string(l["param"], at: "\(at).limit.param", required: true)
                maxLimit = integer(l["max"], at: "\(at).limit.max")
                defaultLimit = integer(l["default"], at: "\(at).limit.default")
            } else {
                report("\(at).limit", "must be an object {param, max, default}")
            }
        }
        guard let pathTemplate else { return nil }
        return Operation(
            method: method, path: pathTemplate, query: query,
            root: object["root"]?.stringValue.map(Self.split) ?? [],
            body: body, required: required,
            requiredNative: stringList(object["required_native"], at: "\(at).required_native") ?? [],
            pagination: pagination, limitParameter: limitParameter, maxLimit: maxLimit, defaultLimit: defaultLimit
        )
    }

    private mutating func compilePagination(_ spec: JSONValue, at: String) -> Pagination? {
        guard let object = spec.objectValue else { report(at, "must be an object"); return nil }
        checkKeys(object, allowed: ["next", "has_more"], at: at)
        guard let next = object["next"]?.objectValue, !next.isEmpty else {
            report("\(at).next", "missing: map each request parameter to the response path it is read from")
            return nil
        }
        var pairs: [(parameter: String, path: [String])] = []
        for (parameter, path) in next.sorted(by: { $0.key < $1.key }) {
            guard let text = path.stringValue, !text.isEmpty else { report("\(at).next.\(parameter)", "must be a response path string"); continue }
            pairs.append((parameter, Self.split(text)))
        }
        let hasMore = object["has_more"].flatMap { value -> [String]? in
            guard let text = value.stringValue else { report("\(at).has_more", "must be a response path string"); return nil }
            return Self.split(text)
        }
        return Pagination(next: pairs, hasMore: hasMore)
    }

    private mutating func compileField(_ spec: JSONValue, name: String, kind: UnifiedKind, at: String) -> FieldMapping? {
        guard let object = spec.objectValue else { report(at, "must be an object like {\"path\": \"...\"}"); return nil }
        checkKeys(object, allowed: Self.fieldKeys, at: at)
        if let constant = object["constant"] {
            if object["path"] != nil { report(at, "declare either `path` or `constant`, not both") }
            if constant == .null { report("\(at).constant", "must not be null (omit the field instead)") }
            return FieldMapping(
                unifiedName: name, unifiedKind: kind, nativePath: [], type: .passthrough, wrap: nil, nativeList: .single,
                itemPath: [], enumRead: nil, enumWrite: nil, constant: constant, nameLookup: nil, readOnly: true, writeOnly: false
            )
        }
        guard let path = string(object["path"], at: "\(at).path", required: true), !path.isEmpty else { return nil }
        var type = ValueType.string
        if let typeName = object["type"] {
            if let parsed = typeName.stringValue.flatMap(ValueType.init(rawValue:)) {
                type = parsed
            } else {
                report("\(at).type", "unknown transform `\(typeName.scalarText ?? "?")`; known: \(ValueType.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        } else if kind == .number {
            type = .number
        } else if kind == .datetime {
            type = .datetime
        } else if kind == .reference || kind == .referenceList || name == "id" {
            type = .id
        }
        var wrap: FieldMapping.Wrap?
        if let wrapName = object["wrap"] {
            wrap = wrapName.stringValue.flatMap(FieldMapping.Wrap.init(rawValue:))
            if wrap == nil { report("\(at).wrap", "unknown wrap `\(wrapName.scalarText ?? "?")`; known: id, id_list") }
        }
        switch kind {
        case .reference where wrap != .id:
            report("\(at).wrap", "`\(name)` is an object {id} on the unified side: declare \"wrap\": \"id\"")
        case .referenceList where wrap != .idList:
            report("\(at).wrap", "`\(name)` is a list [{id}] on the unified side: declare \"wrap\": \"id_list\"")
        case .string, .number, .datetime, .urlList, .customFields:
            if wrap != nil { report("\(at).wrap", "`\(name)` is not an id reference; remove `wrap`") }
        default: break
        }
        if kind == .number, ![.number, .decimalString, .moneyCents, .passthrough].contains(type) {
            report("\(at).type", "`\(name)` is a number on the unified side; use number, decimal_string or money_cents, not \(type.rawValue)")
        }
        if kind == .datetime, ![.datetime, .date, .epochMillis, .passthrough].contains(type) {
            report("\(at).type", "`\(name)` is a date-time on the unified side; use datetime, date or epoch_millis, not \(type.rawValue)")
        }
        var nativeList = FieldMapping.NativeList.single
        if let listName = object["list"] {
            if let parsed = listName.stringValue.flatMap(FieldMapping.NativeList.init(rawValue:)) {
                nativeList = parsed
            } else {
                report("\(at).list", "unknown list shape `\(listName.scalarText ?? "?")`; known: single, scalars, objects")
            }
            if wrap != .idList { report("\(at).list", "`list` only applies to \"wrap\": \"id_list\"") }
        }
        let itemPath = object["item_path"]?.stringValue.map(Self.split) ?? []
        if nativeList == .objects, itemPath.isEmpty { report("\(at).item_path", "missing: the path of the id inside each native list element") }
        var enumRead: [String: String]?
        var enumWrite: [String: String]?
        if let enumJSON = object["enum"] {
            if let map = enumJSON.objectValue, !map.isEmpty {
                var read: [String: String] = [:], write: [String: String] = [:]
                for (native, unified) in map.sorted(by: { $0.key < $1.key }) {
                    guard let unifiedValue = unified.stringValue else {
                        report("\(at).enum.\(native)", "must map to a unified string value")
                        continue
                    }
                    if let previous = write[unifiedValue] {
                        report("\(at).enum.\(native)", "unified value `\(unifiedValue)` is already the image of `\(previous)`; an enum map must be one-to-one to be written back")
                    }
                    read[native] = unifiedValue
                    write[unifiedValue] = native
                }
                enumRead = read
                enumWrite = write
            } else {
                report("\(at).enum", "must be a non-empty object {native value: unified value}")
            }
        }
        let nameLookup = string(object["name_from"], at: "\(at).name_from")
        if nameLookup != nil, wrap != .id { report("\(at).name_from", "only a reference (\"wrap\": \"id\") can take its name from a lookup") }
        let readOnly = bool(object["read_only"], at: "\(at).read_only")
        let writeOnly = bool(object["write_only"], at: "\(at).write_only")
        if readOnly && writeOnly { report(at, "a field cannot be both read_only and write_only") }
        return FieldMapping(
            unifiedName: name, unifiedKind: kind, nativePath: Self.split(path), type: type, wrap: wrap,
            nativeList: nativeList, itemPath: itemPath, enumRead: enumRead, enumWrite: enumWrite,
            constant: nil, nameLookup: nameLookup, readOnly: readOnly || name == "id", writeOnly: writeOnly
        )
    }

    private mutating func compileLookup(_ spec: JSONValue, at: String) -> LookupMapping? {
        guard let object = spec.objectValue else { report(at, "must be an object"); return nil }
        let lookupKeys: Set<String> = ["items", "key", "value", "ttl_seconds"]
        var operationSpec = object
        for key in lookupKeys { operationSpec.removeValue(forKey: key) }
        guard let operation = compileOperation(.object(operationSpec), kind: .list, schema: .opportunities, at: at) else { return nil }
        guard let key = string(object["key"], at: "\(at).key", required: true),
              let value = string(object["value"], at: "\(at).value", required: true) else { return nil }
        return LookupMapping(
            operation: operation, itemsPath: object["items"]?.stringValue.map(Self.split),
            keyPath: Self.split(key), valuePath: Self.split(value),
            ttlSeconds: integer(object["ttl_seconds"], at: "\(at).ttl_seconds") ?? 300
        )
    }

    private mutating func compileCustomFields(_ spec: JSONValue, at: String) -> CustomFieldsMapping? {
        guard let object = spec.objectValue else { report(at, "must be an object"); return nil }
        checkKeys(object, allowed: Self.customKeys, at: at)
        let styleName = string(object["style"], at: "\(at).style", required: true) ?? "object"
        guard let style = CustomFieldsMapping.Style(rawValue: styleName) else {
            report("\(at).style", "unknown style `\(styleName)`; known: object, array")
            return nil
        }
        guard let path = string(object["path"], at: "\(at).path", required: true) else { return nil }
        guard let definitionsJSON = object["definitions"] else { report("\(at).definitions", "missing: the provider's field-definition route"); return nil }
        guard let definitions = compileOperation(definitionsJSON, kind: .list, schema: .opportunities, at: "\(at).definitions") else { return nil }
        var types: [String: ValueType] = [:]
        for (native, typeName) in (object["types"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let type = typeName.stringValue.flatMap(ValueType.init(rawValue:)) else {
                report("\(at).types.\(native)", "unknown transform `\(typeName.scalarText ?? "?")`; known: \(ValueType.allCases.map(\.rawValue).joined(separator: ", "))")
                continue
            }
            types[native] = type
        }
        var exclude: [(path: [String], value: JSONValue)] = []
        for (key, value) in (object["exclude_when"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
            exclude.append((Self.split(key), value))
        }
        let pattern = object["key_pattern"]?.stringValue
        if let pattern, (try? NSRegularExpression(pattern: pattern)) == nil { report("\(at).key_pattern", "not a valid regular expression") }
        var readKeys = ["value"]
        if let valueKey = object["value_key"] {
            if let single = valueKey.stringValue {
                readKeys = [single]
            } else if let many = valueKey.arrayValue?.compactMap(\.stringValue), !many.isEmpty, many.count == valueKey.arrayValue?.count {
                readKeys = many
            } else {
                report("\(at).value_key", "must be a key or a non-empty array of keys tried in order")
            }
        }
        if style == .array, object["id_key"] == nil { report("\(at).id_key", "missing: the key of the field id in each array element") }
        return CustomFieldsMapping(
            style: style, path: Self.split(path),
            idKey: object["id_key"]?.stringValue ?? "id",
            readValueKeys: readKeys,
            writeValueKey: object["write_value_key"]?.stringValue ?? readKeys[0],
            writePath: object["write_path"]?.stringValue.map(Self.split) ?? Self.split(path),
            definitions: definitions,
            keyPath: Self.split(object["key"]?.stringValue ?? "key"),
            namePath: Self.split(object["name"]?.stringValue ?? "name"),
            typePath: object["type"]?.stringValue.map(Self.split),
            excludeWhen: exclude, keyPattern: pattern, types: types,
            optionsPath: object["options"]?.stringValue.map(Self.split),
            optionIdPath: Self.split(object["option_id"]?.stringValue ?? "id"),
            optionLabelPath: Self.split(object["option_label"]?.stringValue ?? "label"),
            ttlSeconds: integer(object["ttl_seconds"], at: "\(at).ttl_seconds") ?? 300
        )
    }

    // MARK: - Helpers

    static func split(_ path: String) -> [String] { path.split(separator: ".").map(String.init) }

    private mutating func checkKeys(_ object: [String: JSONValue], allowed: Set<String>, at: String) {
        for key in object.keys.sorted() where !allowed.contains(key) {
            report("\(at).\(key)", "unknown key `\(key)`; allowed: \(allowed.sorted().joined(separator: ", "))")
        }
    }

    private mutating func string(_ value: JSONValue?, at: String, required: Bool = false) -> String? {
        guard let value, value != .null else {
            if required { report(at, "missing (required)") }
            return nil
        }
        guard let string = value.stringValue else { report(at, "must be a string"); return nil }
        return string
    }

    private mutating func integer(_ value: JSONValue?, at: String) -> Int? {
        guard let value else { return nil }
        guard case .number(let n) = value, n.rounded() == n, n > 0 else { report(at, "must be a positive integer"); return nil }
        return Int(n)
    }

    private mutating func bool(_ value: JSONValue?, at: String) -> Bool {
        guard let value else { return false }
        guard case .bool(let b) = value else { report(at, "must be true or false"); return false }
        return b
    }

    private mutating func stringList(_ value: JSONValue?, at: String) -> [String]? {
        guard let value else { return nil }
        guard let array = value.arrayValue else { report(at, "must be an array of strings"); return nil }
        var result: [String] = []
        for (i, element) in array.enumerated() {
            guard let s = element.stringValue else { report("\(at)[\(i)]", "must be a string"); continue }
            result.append(s)
        }
        return result
    }

    private mutating func template(_ value: JSONValue?, at: String, allowed: Set<String>, required: Bool = false) -> Template? {
        guard let text = string(value, at: at, required: required) else { return nil }
        do {
            return try Template(text, allowed: allowed.union(["literal"]))
        } catch {
            report(at, "bad template variable: \(error)")
            return nil
        }
    }

    private mutating func templateMap(_ value: JSONValue?, at: String, allowed: Set<String>) -> [(String, Template)] {
        guard let value else { return [] }
        guard let object = value.objectValue else { report(at, "must be an object of strings"); return [] }
        var result: [(String, Template)] = []
        for (key, element) in object.sorted(by: { $0.key < $1.key }) {
            if let t = template(element, at: "\(at).\(key)", allowed: allowed, required: true) { result.append((key, t)) }
        }
        return result
    }
}

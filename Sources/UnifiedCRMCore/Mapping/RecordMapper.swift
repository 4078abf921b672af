/// Runs a resource's field mappings: native → unified on reads, unified → native on writes.
public struct RecordMapper: Sendable {
    public let provider: String
    public let resource: ResourceMapping

    public init(provider: String, resource: ResourceMapping) {
        self.provider = provider
        self.resource = resource
    }

    // MARK: Read

    /// The unified record for one native record (without `remote_data`). `lookups` holds the
    /// id → name tables of the resource's lookups (missing tables just leave names out).
    public func read(_ native: JSONValue, customFields: CustomFieldCatalog, lookups: [String: [String: String]] = [:]) -> [String: JSONValue] {
        var unified: [String: JSONValue] = [:]
        unified.reserveCapacity(resource.fields.count + 1)
        for field in resource.fields where !field.writeOnly {
            if let constant = field.constant {
                unified[field.unifiedName] = constant
                continue
            }
            if let composition = field.composition {
                if let value = Self.readComposed(native, composition, path: field.nativePath) { unified[field.unifiedName] = value }
                continue
            }
            guard let raw = native.value(at: field.nativePath), raw != .null else { continue }
            if var value = readValue(raw, field: field) {
                if let lookup = field.nameLookup, let id = value["id"]?.stringValue, let name = lookups[lookup]?[id] {
                    value.set(.string(name), at: ["name"])
                }
                unified[field.unifiedName] = value
            }
        }
        if let mapping = resource.customFields, !customFields.definitions.isEmpty {
            var custom: [String: JSONValue] = [:]
            switch mapping.style {
            case .object:
                if case .object(let values)? = native.value(at: mapping.path) {
                    for definition in customFields.definitions {
                        if let raw = values[definition.key] { custom[definition.name] = readCustom(raw, definition) }
                    }
                }
            case .array:
                for element in native.value(at: mapping.path)?.arrayValue ?? [] {
                    guard let key = element[mapping.idKey]?.scalarText, let definition = customFields.byKey[key] else { continue }
                    let raw = mapping.readValueKeys.lazy.compactMap { element[$0] }.first ?? .null
                    custom[definition.name] = readCustom(raw, definition)
                }
            }
            unified["custom_fields"] = .object(custom)
        }
        return unified
    }

    private func readScalar(_ raw: JSONValue, field: FieldMapping) -> JSONValue? {
        guard let value = field.type.read(raw) else { return nil }
        if let map = field.enumRead, let text = value.scalarText { return .string(map[text] ?? text) }
        return value
    }

    private func readValue(_ raw: JSONValue, field: FieldMapping) -> JSONValue? {
        switch field.wrap {
        case nil:
            return readScalar(raw, field: field)
        case .id?:
            return readScalar(raw, field: field).map { .object(["id": $0]) }
        case .idList?:
            switch field.nativeList {
            case .single:
                return readScalar(raw, field: field).map { .array([.object(["id": $0])]) }
            case .scalars:
                return .array((raw.arrayValue ?? []).compactMap { readScalar($0, field: field) }.map { .object(["id": $0]) })
            case .objects:
                return .array((raw.arrayValue ?? []).compactMap { $0.value(at: field.itemPath) }.compactMap { readScalar($0, field: field) }.map { .object(["id": $0]) })
            }
        }
    }

    private func readCustom(_ raw: JSONValue, _ definition: CustomFieldDefinition) -> JSONValue {
        if raw == .null { return .null }
        if !definition.options.isEmpty {
            if let ids = raw.arrayValue { return .array(ids.map { $0.scalarText.flatMap { definition.options[$0] }.map(JSONValue.string) ?? $0 }) }
            if let id = raw.scalarText, let label = definition.options[id] { return .string(label) }
        }
        return definition.type.read(raw) ?? raw
    }

    // MARK: Write

    /// The native body for a unified write body. Validates every field first; throws a 400 naming
    /// the first bad field. `isCreate` checks the create operation's required fields.
    public func write(_ body: JSONValue, customFields: CustomFieldCatalog, operation: Operation, isCreate: Bool) throws -> JSONValue {
        guard let fields = body.objectValue else { throw APIError.invalidJSON("The request body must be a JSON object of unified fields.") }
        let schema = resource.schema
        var native = JSONValue.object([:])
        for key in fields.keys.sorted() where key != "remote_data" {
            let value = fields[key]!
            if key == "custom_fields" {
                try writeCustomFields(value, catalog: customFields, into: &native)
                continue
            }
            guard schema.kind(of: key) != nil else {
                throw APIError.invalidField(key, "Unknown field `\(key)`; the unified \(resource.name) fields are: \(schema.fieldNames.joined(separator: ", ")).", code: .unknownField)
            }
            guard let field = resource.field(key), !field.readOnly else {
                throw APIError.invalidField(key, "The field `\(key)` cannot be written on \(provider).", code: .fieldNotWritable, extra: ["provider": .string(provider)])
            }
            if let composition = field.composition {
                try writeComposed(value, composition, field: field, into: &native)
                continue
            }
            if let route = field.writeOverride {
                try writeLinks(value, route, field: field, isCreate: isCreate, into: &native)
                continue
            }
            native.set(try writeValue(value, field: field), at: field.nativePath)
        }
        if isCreate {
            for required in operation.required where fields[required] == nil || fields[required] == .null {
                throw APIError.invalidField(required, "The field `\(required)` is required to create \(resource.name) on \(provider).", code: .missingField, extra: ["provider": .string(provider)])
            }
        }
        if let remote = fields["remote_data"], remote != .null {
            guard remote.objectValue != nil else { throw APIError.invalidField("remote_data", "The field `remote_data` must be an object; it is merged into the \(provider) body as is.") }
            native = native.deepMerging(remote)
        }
        return native
    }

    private func writeScalar(_ value: JSONValue, field: FieldMapping, name: String) throws -> JSONValue {
        var value = value
        if let map = field.enumWrite {
            guard let text = value.stringValue, let native = map[text] else {
                let allowed = map.keys.sorted()
                throw APIError.invalidField(name, "The field `\(name)` must be one of: \(allowed.joined(separator: ", ")) (\(provider)).", extra: ["allowed": .array(allowed.map(JSONValue.string)), "provider": .string(provider)])
            }
            value = .string(native)
        }
        guard let converted = field.type.write(value) else {
            throw APIError.invalidField(name, "The field `\(name)` must be \(field.type.unifiedDescription).")
        }
        return converted
    }

    private func writeValue(_ value: JSONValue, field: FieldMapping) throws -> JSONValue {
        let name = field.unifiedName
        if value == .null { return .null }
        switch field.wrap {
        case nil where field.unifiedKind == .object || field.unifiedKind == .objectList:
            try field.shape.check(value, at: name)
            return try writeScalar(value, field: field, name: name)
        case nil:
            return try writeScalar(value, field: field, name: name)
        case .id?:
            guard let id = value["id"] else { throw APIError.invalidField(name, "The field `\(name)` must be an object {\"id\": ...}.") }
            return try writeScalar(id, field: field, name: "\(name).id")
        case .idList?:
            guard let items = value.arrayValue else { throw APIError.invalidField(name, "The field `\(name)` must be a list [{\"id\": ...}].") }
            let ids = try items.enumerated().map { i, item -> JSONValue in
                guard let id = item["id"] else { throw APIError.invalidField("\(name)[\(i)].id", "Each element of `\(name)` must be an object {\"id\": ...}.") }
                return try writeScalar(id, field: field, name: "\(name)[\(i)].id")
            }
            switch field.nativeList {
            case .single:
                guard ids.count <= 1 else { throw APIError.invalidField(name, "\(provider) links one record here: `\(name)` takes at most one element.") }
                return ids.first ?? .null
            case .scalars:
                return .array(ids)
            case .objects:
                return .array(ids.map { id in var item = JSONValue.object([:]); item.set(id, at: field.itemPath); return item })
            }
        }
    }

    private func writeCustomFields(_ value: JSONValue, catalog: CustomFieldCatalog, into native: inout JSONValue) throws {
        guard let mapping = resource.customFields else {
            throw APIError.invalidField("custom_fields", "\(provider) has no custom fields for \(resource.name).", code: .fieldNotWritable, extra: ["provider": .string(provider)])
        }
        guard let values = value.objectValue else { throw APIError.invalidField("custom_fields", "The field `custom_fields` must be an object keyed by custom field name.") }
        var arrayItems: [JSONValue] = []
        for name in values.keys.sorted() {
            guard let definition = catalog.byName[name] else {
                let known = catalog.definitions.map(\.name).sorted()
                throw APIError.invalidField("custom_fields.\(name)", "Unknown custom field `\(name)` on \(provider); known: \(known.joined(separator: ", ")).", code: .unknownField, extra: ["allowed": .array(known.map(JSONValue.string))])
            }
            let nativeValue = try writeCustom(values[name]!, definition, field: "custom_fields.\(name)")
            switch mapping.style {
            case .object:
                native.set(nativeValue, at: mapping.writePath + [definition.key])
            case .array:
                arrayItems.append(.object([mapping.idKey: .string(definition.key), mapping.writeValueKey: nativeValue]))
            }
        }
        if mapping.style == .array, !arrayItems.isEmpty { native.set(.array(arrayItems), at: mapping.writePath) }
    }

    private func writeCustom(_ value: JSONValue, _ definition: CustomFieldDefinition, field: String) throws -> JSONValue {
        if value == .null { return .null }
        if !definition.options.isEmpty {
            let idByLabel = Dictionary(definition.options.map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            func optionID(_ v: JSONValue) throws -> JSONValue {
                if let label = v.stringValue, let id = idByLabel[label] { return JSONValue.integerText(id) ?? .string(id) }
                if let text = v.scalarText, definition.options[text] != nil { return JSONValue.integerText(text) ?? .string(text) }
                let allowed = definition.options.values.sorted()
                throw APIError.invalidField(field, "The custom field `\(definition.name)` must be one of: \(allowed.joined(separator: ", ")).", extra: ["allowed": .array(allowed.map(JSONValue.string))])
            }
            if let many = value.arrayValue { return .array(try many.map(optionID)) }
            return try optionID(value)
        }
        guard let converted = definition.type.write(value) else {
            throw APIError.invalidField(field, "The custom field `\(definition.name)` must be \(definition.type.unifiedDescription).")
        }
        return converted
    }
}

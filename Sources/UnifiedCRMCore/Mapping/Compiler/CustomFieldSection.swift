import Foundation

/// `custom_fields`: where custom values live in a native record and the field-definition route
/// their names come from.
enum CustomFieldSection {
    static let styles: [(String, CustomFieldsMapping.Style)] = [("object", .object), ("array", .array)]

    static func compile(_ spec: JSONValue, at: String, _ diagnostics: inout DiagnosticCollector) -> CustomFieldsMapping? {
        guard let reader = ObjectReader(spec, at: at, section: MappingKeys.customFields, &diagnostics) else { return nil }
        reader.finish(&diagnostics)
        guard let style = reader.choice("style", from: styles, noun: "style", required: true, &diagnostics),
              let path = reader.dottedPath("path", required: true, &diagnostics) else { return nil }
        guard let definitionsJSON = reader["definitions"] else {
            diagnostics.error("\(at).definitions", "missing: the provider's field-definition route", code: "missing")
            return nil
        }
        guard let definitions = OperationSection.compile(definitionsJSON, kind: .list, schema: nil, at: "\(at).definitions", &diagnostics) else { return nil }
        var types: [String: ValueType] = [:]
        if reader["types"] != nil, let typesReader = reader["types"]?.objectValue {
            for (native, typeName) in typesReader.sorted(by: { $0.key < $1.key }) {
                guard let type = typeName.stringValue.flatMap(ValueType.init(rawValue:)) else {
                    diagnostics.error("\(at).types.\(native)", "unknown transform `\(typeName.scalarText ?? "?")`; known: \(ValueType.allCases.map(\.rawValue).joined(separator: ", "))", code: "invalid_value")
                    continue
                }
                types[native] = type
            }
        } else if reader["types"] != nil {
            diagnostics.error("\(at).types", "must be an object {native type: transform}", code: "invalid_type")
        }
        var exclude: [(path: [String], value: JSONValue)] = []
        if let excludeWhen = reader["exclude_when"] {
            if let object = excludeWhen.objectValue {
                for (key, value) in object.sorted(by: { $0.key < $1.key }) { exclude.append((MappingPath.split(key), value)) }
            } else {
                diagnostics.error("\(at).exclude_when", "must be an object {definition path: value}", code: "invalid_type")
            }
        }
        let pattern = reader.string("key_pattern", &diagnostics)
        if let pattern, (try? NSRegularExpression(pattern: pattern)) == nil {
            diagnostics.error("\(at).key_pattern", "not a valid regular expression", code: "invalid_value")
        }
        var readKeys = ["value"]
        if let valueKey = reader["value_key"] {
            if let single = valueKey.stringValue {
                readKeys = [single]
            } else if let many = valueKey.arrayValue?.compactMap(\.stringValue), !many.isEmpty, many.count == valueKey.arrayValue?.count {
                readKeys = many
            } else {
                diagnostics.error("\(at).value_key", "must be a key or a non-empty array of keys tried in order", code: "invalid_type")
            }
        }
        let idKey = reader.string("id_key", &diagnostics)
        if style == .array, idKey == nil { diagnostics.error("\(at).id_key", "missing: the key of the field id in each array element", code: "missing") }
        if style == .object, idKey != nil || reader["value_key"] != nil || reader["write_value_key"] != nil {
            diagnostics.error(at, "`id_key`, `value_key` and `write_value_key` apply to the array style only", code: "unsupported")
        }
        if reader["option_id"] != nil || reader["option_label"] != nil, reader["options"] == nil {
            diagnostics.error("\(at).options", "missing: `option_id` and `option_label` are read inside `options`", code: "missing")
        }
        return CustomFieldsMapping(
            style: style, path: path,
            idKey: idKey ?? "id",
            readValueKeys: readKeys,
            writeValueKey: reader.string("write_value_key", &diagnostics) ?? readKeys[0],
            writePath: reader["write_path"] == nil ? path : (reader.dottedPath("write_path", &diagnostics) ?? path),
            definitions: definitions,
            keyPath: reader.dottedPath("key", &diagnostics) ?? ["key"],
            namePath: reader.dottedPath("name", &diagnostics) ?? ["name"],
            typePath: reader["type"] == nil ? nil : reader.dottedPath("type", &diagnostics),
            excludeWhen: exclude, keyPattern: pattern, types: types,
            optionsPath: reader["options"] == nil ? nil : reader.dottedPath("options", &diagnostics),
            optionIdPath: reader.dottedPath("option_id", &diagnostics) ?? ["id"],
            optionLabelPath: reader.dottedPath("option_label", &diagnostics) ?? ["label"],
            ttlSeconds: reader.positiveInteger("ttl_seconds", &diagnostics) ?? 300
        )
    }
}

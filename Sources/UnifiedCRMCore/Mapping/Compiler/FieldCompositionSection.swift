/// `fields.<name>.items`, `.entries` and `.concat`: unified lists (or a text) built from several
/// native values. Sub-keys are checked against the unified element's shape.
enum FieldCompositionSection {
    /// Which of the three a field declares, if any (more than one is an error).
    static func declared(_ reader: ObjectReader, at: String, _ diagnostics: inout DiagnosticCollector) -> String? {
        let present = ["items", "entries", "concat"].filter { reader[$0] != nil }
        if present.count > 1 { diagnostics.error(at, "declare one of \(present.joined(separator: ", ")), not several", code: "conflict") }
        return present.first
    }

    static func compile(_ reader: ObjectReader, kind key: String, field unified: UnifiedField, at: String, _ diagnostics: inout DiagnosticCollector) -> FieldComposition? {
        let name = unified.name
        if reader["separator"] != nil, key != "concat" { diagnostics.error("\(at).separator", "`separator` only applies to `concat`", code: "unsupported") }
        switch key {
        case "concat":
            guard unified.kind == .string else {
                diagnostics.error("\(at).concat", "`\(name)` is not a text on the unified side; `concat` builds a text", code: "invalid_value")
                return nil
            }
            guard let list = reader["concat"]?.arrayValue, list.count >= 2 else {
                diagnostics.error("\(at).concat", "must list at least two native paths to join", code: "invalid_type")
                return nil
            }
            var paths: [[String]] = []
            for (i, item) in list.enumerated() {
                guard let text = item.stringValue, !text.isEmpty else { diagnostics.error("\(at).concat[\(i)]", "must be a native path", code: "invalid_type"); continue }
                paths.append(MappingPath.split(text))
            }
            let separator = reader.string("separator", &diagnostics) ?? " "
            return .concat(paths, separator: separator)
        case "items":
            guard let itemShape = elementShape(of: unified, at: "\(at).items", &diagnostics) else { return nil }
            guard let subFields = subFields(reader["items"], shape: itemShape, at: "\(at).items", &diagnostics) else { return nil }
            if unified.kind == .referenceList, !subFields.contains(where: { $0.key == "id" && $0.constant == nil }) {
                diagnostics.error("\(at).items.id", "missing: each element of `\(name)` is a reference and needs its `id` path", code: "missing")
            }
            return .items(subFields)
        default:
            guard unified.kind == .objectList, let itemShape = elementShape(of: unified, at: "\(at).entries", &diagnostics) else {
                if unified.kind != .objectList { diagnostics.error("\(at).entries", "`entries` builds a list of sub-objects; `\(name)` is not one", code: "invalid_value") }
                return nil
            }
            guard let list = reader["entries"]?.arrayValue, !list.isEmpty else {
                diagnostics.error("\(at).entries", "must be a non-empty list of entries {unified key: native path or {\"constant\": value}}", code: "invalid_type")
                return nil
            }
            var entries: [[SubFieldMapping]] = []
            for (i, item) in list.enumerated() {
                guard let subFields = subFields(item, shape: itemShape, at: "\(at).entries[\(i)]", &diagnostics) else { continue }
                if !subFields.contains(where: { $0.constant == nil }) {
                    diagnostics.error("\(at).entries[\(i)]", "an entry needs at least one native path", code: "missing")
                }
                entries.append(subFields)
            }
            // Writes pick an entry by its constants: two entries with the same ones could not be told apart.
            var seen: [String: Int] = [:]
            for (i, entry) in entries.enumerated() {
                let signature = entry.compactMap { sub in sub.constant.map { "\(sub.key)=\($0.scalarText ?? "")" } }.sorted().joined(separator: "&")
                if let first = seen[signature], entries.count > 1 {
                    diagnostics.error("\(at).entries[\(i)]", "has the same constants as entries[\(first)]; give each entry a distinguishing constant (e.g. \"type\")", code: "conflict")
                }
                seen[signature] = seen[signature] ?? i
            }
            return .entries(entries)
        }
    }

    static func elementShape(of unified: UnifiedField, at: String, _ diagnostics: inout DiagnosticCollector) -> [String: UnifiedShape]? {
        guard unified.kind == .objectList || unified.kind == .referenceList, case .list(.object(let properties, _)) = unified.shape else {
            diagnostics.error(at, "`\(unified.name)` is not a list of sub-objects on the unified side", code: "invalid_value")
            return nil
        }
        return properties
    }

    /// `{unified key: "native.path" | {"path", "type", "enum"} | {"constant": value}}`.
    static func subFields(_ spec: JSONValue?, shape: [String: UnifiedShape], at: String, _ diagnostics: inout DiagnosticCollector) -> [SubFieldMapping]? {
        guard let object = spec?.objectValue, !object.isEmpty else {
            diagnostics.error(at, "must be a non-empty object {unified key: native path}", code: "invalid_type")
            return nil
        }
        var result: [SubFieldMapping] = []
        for (key, value) in object.sorted(by: { $0.key < $1.key }) {
            let keyAt = "\(at).\(key)"
            guard let subShape = shape[key] else {
                diagnostics.error(keyAt, "unknown key `\(key)`; the unified element has: \(shape.keys.sorted().joined(separator: ", "))", code: "unknown_field")
                continue
            }
            let defaultType: ValueType = switch subShape {
            case .number: .number
            case .boolean: .boolean
            case .datetime: .datetime
            default: .string
            }
            if let text = value.stringValue {
                guard !text.isEmpty else { diagnostics.error(keyAt, "must not be empty", code: "invalid_value"); continue }
                result.append(SubFieldMapping(key: key, path: MappingPath.split(text), constant: nil, type: defaultType))
                continue
            }
            guard let reader = ObjectReader(value, at: keyAt, section: MappingKeys.subField, &diagnostics, what: "a native path or an object {path, type, enum} or {constant}") else { continue }
            reader.finish(&diagnostics)
            if let constant = reader["constant"] {
                if reader["path"] != nil { diagnostics.error(keyAt, "declare either `path` or `constant`, not both", code: "conflict") }
                if constant.scalarText == nil || constant == .null { diagnostics.error("\(keyAt).constant", "must be a string, number or boolean", code: "invalid_type") }
                result.append(SubFieldMapping(key: key, path: [], constant: constant, type: .passthrough))
                continue
            }
            guard let path = reader.dottedPath("path", required: true, &diagnostics) else { continue }
            let type = reader.choice("type", from: FieldSection.transforms, noun: "transform", &diagnostics) ?? defaultType
            let (enumRead, enumWrite) = FieldSection.enumMaps(reader["enum"], at: "\(keyAt).enum", &diagnostics)
            result.append(SubFieldMapping(key: key, path: path, constant: nil, type: type, enumRead: enumRead, enumWrite: enumWrite))
        }
        return result
    }
}

/// Reads and writes of fields built from several native values (`FieldComposition`).
extension RecordMapper {
    static func readComposed(_ native: JSONValue, _ composition: FieldComposition, path: [String]) -> JSONValue? {
        switch composition {
        case .concat(let paths, let separator):
            let parts = paths.compactMap { native.value(at: $0)?.scalarText?.trimmingBlanks }.filter { !$0.isEmpty }
            return parts.isEmpty ? nil : .string(parts.joined(separator: separator))
        case .items(let subFields):
            guard let elements = native.value(at: path)?.arrayValue else { return nil }
            return .array(elements.compactMap { element in
                let item = readElement(subFields) { element.value(at: $0) }
                return item.isEmpty ? nil : .object(item)
            })
        case .entries(let entries):
            var result: [JSONValue] = []
            for entry in entries {
                let item = readElement(entry) { native.value(at: $0) }
                // Constants alone do not make an entry: the provider holds nothing there.
                if item.keys.contains(where: { key in entry.contains { $0.key == key && $0.constant == nil } }) { result.append(.object(item)) }
            }
            return result.isEmpty ? nil : .array(result)
        }
    }

    private static func readElement(_ subFields: [SubFieldMapping], _ lookup: ([String]) -> JSONValue?) -> [String: JSONValue] {
        var item: [String: JSONValue] = [:]
        for sub in subFields {
            if let constant = sub.constant { item[sub.key] = constant; continue }
            guard let raw = lookup(sub.path), raw != .null, raw != .string(""), var value = sub.type.read(raw) else { continue }
            if let map = sub.enumRead, let text = value.scalarText { value = .string(map[text] ?? text) }
            item[sub.key] = value
        }
        return item
    }

    func writeComposed(_ value: JSONValue, _ composition: FieldComposition, field: FieldMapping, into native: inout JSONValue) throws {
        let name = field.unifiedName
        if value != .null { try field.shape.check(value, at: name) }
        switch composition {
        case .concat:
            throw APIError.invalidField(name, "The field `\(name)` cannot be written on \(provider).", code: .fieldNotWritable, extra: ["provider": .string(provider)])
        case .items(let subFields):
            guard let elements = value.arrayValue else { native.set(.null, at: field.nativePath); return }
            let items = try elements.enumerated().map { i, element -> JSONValue in
                var item = JSONValue.object([:])
                try writeElement(element, subFields, at: "\(name)[\(i)]") { item.set($1, at: $0) }
                return item
            }
            native.set(.array(items), at: field.nativePath)
        case .entries(let entries):
            // Each element goes to the first unused entry whose constants it matches; entries the
            // body does not mention are left as the provider has them.
            var used = Set<Int>()
            for (i, element) in (value.arrayValue ?? []).enumerated() {
                let at = "\(name)[\(i)]"
                guard let index = entries.indices.first(where: { !used.contains($0) && Self.matches(element, entries[$0]) }) else {
                    throw APIError.invalidField(at, "\(provider) keeps \(Self.describe(entries)) in `\(name)`; `\(at)` matches none that is left.", extra: ["provider": .string(provider)])
                }
                used.insert(index)
                try writeElement(element, entries[index], at: at) { native.set($1, at: $0) }
            }
        }
    }

    private static func matches(_ element: JSONValue, _ entry: [SubFieldMapping]) -> Bool {
        entry.allSatisfy { sub in
            guard let constant = sub.constant, let given = element[sub.key], given != .null else { return true }
            return given.scalarText == constant.scalarText
        }
    }

    /// "one `phone_numbers` element of type phone, one of type mobile".
    private static func describe(_ entries: [[SubFieldMapping]]) -> String {
        let kinds = entries.map { entry in
            let constants = entry.compactMap { sub in sub.constant.map { "\(sub.key) \($0.scalarText ?? "")" } }
            return constants.isEmpty ? "one element" : "one element with " + constants.joined(separator: " and ")
        }
        return kinds.joined(separator: ", ")
    }

    private func writeElement(_ element: JSONValue, _ subFields: [SubFieldMapping], at: String, _ set: ([String], JSONValue) -> Void) throws {
        guard let object = element.objectValue else { throw APIError.invalidField(at, "Each element of `\(at.prefix { $0 != "[" })` must be an object.") }
        for key in object.keys.sorted() {
            let given = object[key]!
            guard let sub = subFields.first(where: { $0.key == key }) else {
                throw APIError.invalidField("\(at).\(key)", "`\(at).\(key)` cannot be written on \(provider) (it keeps no such value).", code: .fieldNotWritable, extra: ["provider": .string(provider)])
            }
            if let constant = sub.constant {
                guard given == .null || given.scalarText == constant.scalarText else {
                    throw APIError.invalidField("\(at).\(key)", "`\(at).\(key)` is always \(constant.scalarText ?? "") on \(provider).", extra: ["provider": .string(provider)])
                }
                continue
            }
            if given == .null { set(sub.path, .null); continue }
            var value = given
            if let map = sub.enumWrite {
                guard let text = value.stringValue, let mapped = map[text] else {
                    let allowed = map.keys.sorted()
                    throw APIError.invalidField("\(at).\(key)", "`\(at).\(key)` must be one of: \(allowed.joined(separator: ", ")) (\(provider)).", extra: ["allowed": .array(allowed.map(JSONValue.string)), "provider": .string(provider)])
                }
                value = .string(mapped)
            }
            guard let converted = sub.type.write(value) else {
                throw APIError.invalidField("\(at).\(key)", "`\(at).\(key)` must be \(sub.type.unifiedDescription).")
            }
            set(sub.path, converted)
        }
    }
}

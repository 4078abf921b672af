extension UnifiedShape {
    /// Checks a unified write value against the shape; throws a 400 naming the exact bad path
    /// (`email_addresses[1].email`). `null` is accepted anywhere (it clears the value).
    public func check(_ value: JSONValue, at path: String) throws {
        if value == .null { return }
        switch (self, value) {
        case (.string, .string), (.number, .number), (.boolean, .bool), (.anyObject, .object): return
        case (.datetime, .string(let text)):
            guard ISODate.parse(text) != nil else { throw APIError.invalidField(path, "The field `\(path)` must be an ISO 8601 date-time string.") }
        case (.list(let element), .array(let items)):
            for (i, item) in items.enumerated() { try element.check(item, at: "\(path)[\(i)]") }
        case (.object(let properties, let required), .object(let object)):
            for key in object.keys.sorted() {
                guard let shape = properties[key] else {
                    throw APIError.invalidField("\(path).\(key)", "Unknown field `\(path).\(key)`; `\(path)` holds: \(properties.keys.sorted().joined(separator: ", ")).", code: .unknownField)
                }
                try shape.check(object[key]!, at: "\(path).\(key)")
            }
            for key in required where object[key] == nil || object[key] == .null {
                throw APIError.invalidField("\(path).\(key)", "The field `\(path).\(key)` is required.", code: .missingField)
            }
        default:
            throw APIError.invalidField(path, "The field `\(path)` must be \(description).")
        }
    }

    /// What the shape expects, for error messages.
    public var description: String {
        switch self {
        case .string: "a string"
        case .number: "a number"
        case .boolean: "a boolean"
        case .datetime: "an ISO 8601 date-time string"
        case .object(let properties, _): "an object {\(properties.keys.sorted().joined(separator: ", "))}"
        case .list(let element): "a list of \(element.description)"
        case .anyObject: "an object"
        }
    }
}

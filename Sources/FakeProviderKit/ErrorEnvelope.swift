import HTTPTypes

/// A provider's error body as data (the `errors` member of `answers.json`): a template whose
/// string members `"{name}"` take the error's value `name` (any JSON) and are left out when the
/// error has none; `{status}` is always the HTTP status code and `{requestId}` the answer's id.
/// `named` holds the errors the provider answers word for word (`unauthorized`, `internal`, ...);
/// their texts (strings, and strings in lists) may name the thrown error's values as `{name}`
/// (the kit's `PlacementProblem.error` and `FieldEntries.Problem.error` give `pipeline`, `stage`, `index`, `field`).
///
/// ```json
/// {"body": {"success": false, "error": "{message}", "errorCode": "{errorCode}", "data": null},
///  "named": {"unauthorized": {"status": 401, "values": {"message": "unauthorized access", "errorCode": 401},
///                             "headers": {"x-auth-failure": "401"}}}}
/// ```
public struct ErrorEnvelope: Sendable, Decodable {
    /// One error of `named`.
    public struct Named: Sendable, Decodable {
        public let status: Int
        public let values: [String: RecordValue]
        public let headers: [String: String]?
    }

    public let body: [String: RecordValue]
    public let named: [String: Named]

    /// The status, body and extra headers for `error`. A name the envelope lacks answers 500
    /// (fixtures are checked for the names an emulator uses when it loads).
    func render(_ error: FakeError, requestId: String) -> (HTTPResponse.Status, [String: Any], [String: String]) {
        var status = error.status ?? 500
        var values: [String: RecordValue] = [:]
        var headers: [String: String] = [:]
        if let name = error.name, let known = named[name] {
            status = known.status
            let given = error.values.mapValues(\.messageText)
            values = known.values.mapValues { Self.fillTexts($0, given) }
            headers = known.headers ?? [:]
        }
        values.merge(error.values) { _, given in given }
        headers.merge(error.headers) { _, given in given }
        values["status"] = .int(status)
        values["requestId"] = .string(requestId)
        return (HTTPResponse.Status(code: status), Self.fill(body, values), headers)
    }

    /// A named error's value with `{name}` placeholders in its texts filled from `values`.
    static func fillTexts(_ value: RecordValue, _ values: [String: String]) -> RecordValue {
        switch value {
        case .string(let text) where text.contains("{"): .string(TextTemplate.fill(text, values))
        case .array(let list): .array(list.map { fillTexts($0, values) })
        default: value
        }
    }

    /// `template` with its placeholders filled, recursively through objects.
    static func fill(_ template: [String: RecordValue], _ values: [String: RecordValue]) -> [String: Any] {
        var object: [String: Any] = [:]
        for (key, member) in template {
            switch member {
            case .string(let text) where text.hasPrefix("{") && text.hasSuffix("}"):
                if let value = values[String(text.dropFirst().dropLast())] { object[key] = value.foundation }
            case .object(let nested):
                object[key] = fill(nested, values)
            default:
                object[key] = member.foundation
            }
        }
        return object
    }
}

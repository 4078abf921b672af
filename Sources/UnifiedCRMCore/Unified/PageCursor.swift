import Foundation

/// The opaque `next_cursor` of unified lists: base64url of a JSON object holding the provider's
/// pagination parameters (HubSpot `after`, Pipedrive `cursor`, HighLevel `startAfter` + `startAfterId`).
public enum PageCursor {
    public static func encode(_ parameters: [String: String]) -> String {
        let json = JSONValue.object(parameters.mapValues(JSONValue.string)).encoded()
        return Base64URL.encode(json)
    }

    /// Decodes a cursor into provider parameters, or a 400 naming `next_cursor`.
    public static func decode(_ cursor: String, expected: Set<String>) throws -> [String: String] {
        guard let data = Base64URL.decode(cursor), let object = (try? JSONValue.parse(data, limits: JSONLimits(maxDepth: 2, maxBytes: 8192)))?.objectValue,
              !object.isEmpty, Set(object.keys).isSubset(of: expected)
        else {
            throw APIError.invalidParameter("next_cursor", "The parameter `next_cursor` is not a cursor this server issued for this resource.")
        }
        var result: [String: String] = [:]
        for (key, value) in object {
            guard let text = value.stringValue else { throw APIError.invalidParameter("next_cursor", "The parameter `next_cursor` is malformed.") }
            result[key] = text
        }
        return result
    }
}

import Foundation

/// A JSON answer laid out in a fixture with placeholders: a string that is exactly `"{name}"` is
/// replaced by the value of `name` (JSON null when there is none); everything else is kept.
///
/// ```json
/// {"status": "ok", "success": true, "data": "{registration}"}
/// ```
public enum JSONTemplate {
    public static func fill(_ template: Any, _ values: [String: Any]) -> Any {
        switch template {
        case let object as [String: Any]:
            return object.filter { !$0.key.hasPrefix("_") }.mapValues { fill($0, values) }
        case let array as [Any]:
            return array.map { fill($0, values) }
        case let text as String where text.hasPrefix("{") && text.hasSuffix("}") && text.count > 2:
            return values[String(text.dropFirst().dropLast())] ?? NSNull()
        default:
            return template
        }
    }
}

/// A message laid out in a fixture with `{name}` placeholders (`"{field} must be one of: {options}"`).
/// Filled in one pass, so a value that itself contains `{...}` is not filled again; a placeholder
/// without a value is kept as written.
public enum TextTemplate {
    public static func fill(_ template: String, _ values: [String: String]) -> String {
        var result = "", rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let key = String(rest[rest.index(after: open)..<close])
            result += rest[..<open] + (values[key] ?? String(rest[open...close]))
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }
}

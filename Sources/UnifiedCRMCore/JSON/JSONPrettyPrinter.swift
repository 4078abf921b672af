/// Indented JSON text with sorted keys, for files people read and diff (generated schemas).
public enum JSONPrettyPrinter {
    public static func print(_ value: JSONValue, indent: String = "  ") -> String {
        var out = ""
        write(value, level: 0, indent: indent, into: &out)
        return out + "\n"
    }

    static func write(_ value: JSONValue, level: Int, indent: String, into out: inout String) {
        let pad = String(repeating: indent, count: level + 1), closing = String(repeating: indent, count: level)
        switch value {
        case .object(let object) where !object.isEmpty:
            out += "{\n"
            for (i, key) in object.keys.sorted().enumerated() {
                out += pad + inline(.string(key)) + ": "
                write(object[key]!, level: level + 1, indent: indent, into: &out)
                out += i == object.count - 1 ? "\n" : ",\n"
            }
            out += closing + "}"
        case .array(let array) where !array.isEmpty:
            out += "[\n"
            for (i, element) in array.enumerated() {
                out += pad
                write(element, level: level + 1, indent: indent, into: &out)
                out += i == array.count - 1 ? "\n" : ",\n"
            }
            out += closing + "]"
        default:
            out += inline(value)
        }
    }

    /// Compact JSON text of a value.
    public static func inline(_ value: JSONValue) -> String { String(decoding: JSONWriter.encode(value), as: UTF8.self) }
}

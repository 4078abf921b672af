import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// JSON in and out of a fake provider, over Foundation JSON objects (`[String: Any]`, `NSNull`, ...).
public enum FakeJSON {
    /// Largest request body read.
    static let maxBody = 16 * 1024 * 1024

    /// A response with `object` serialised with sorted keys.
    public static func response(
        _ status: HTTPResponse.Status, _ object: Any, contentType: String = "application/json",
        escapeSlashes: Bool = true, headers: HTTPFields = [:]
    ) -> Response {
        var options: JSONSerialization.WritingOptions = [.sortedKeys]
        if !escapeSlashes { options.insert(.withoutEscapingSlashes) }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: options)) ?? Data("{}".utf8)
        var fields = headers
        fields[.contentType] = contentType
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `object` serialised with sorted keys; nil when it is not valid JSON.
    public static func sortedData(_ object: Any) -> Data? {
        try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    /// A JSON string literal, quotes included, slashes unescaped (for JSON embedded in a message).
    public static func quote(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])) ?? Data("[\"\"]".utf8)
        return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
    }

    /// A JSON object as text with its members in the given order, slashes unescaped (for JSON a
    /// provider embeds in a message, where key order is part of the answer).
    public static func orderedObject(_ members: [(String, Any)]) -> String {
        let text = members.map { (name, value) -> String in
            if let string = value as? String { return "\(quote(name)):\(quote(string))" }
            let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .withoutEscapingSlashes])
            return "\(quote(name)):\(data.map { String(decoding: $0, as: UTF8.self) } ?? "null")"
        }
        return "{" + text.joined(separator: ",") + "}"
    }

    /// What a request body holds.
    public enum Body {
        case empty
        case object([String: Any])
        /// Not JSON, or JSON that is not an object.
        case invalid
    }

    /// Reads and classifies a request body.
    public static func body(of request: Request) async throws -> Body {
        var request = request
        let buffer = try await request.collectBody(upTo: maxBody)
        guard buffer.readableBytes > 0 else { return .empty }
        let parsed = try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))
        return (parsed as? [String: Any]).map(Body.object) ?? .invalid
    }

    /// The body as a JSON object; nil when empty or not one.
    public static func object(from request: Request) async throws -> [String: Any]? {
        if case .object(let object) = try await body(of: request) { return object }
        return nil
    }

    // MARK: - Scalars (JSONSerialization hands back NSNumber for numbers and booleans alike)

    /// True for JSON `true`/`false`.
    public static func isBool(_ value: Any) -> Bool {
        let name = String(describing: type(of: value))
        return name == "__NSCFBoolean" || name == "Bool"
    }

    /// A finite JSON number that is not a boolean.
    public static func number(_ value: Any) -> Double? {
        guard !isBool(value), let n = value as? NSNumber, n.doubleValue.isFinite else { return nil }
        return n.doubleValue
    }

    /// A JSON number with an integral value that is not a boolean.
    public static func int(_ value: Any) -> Int? {
        guard let d = number(value), d.rounded() == d, abs(d) < 9.0e15 else { return nil }
        return Int(d)
    }

    /// Whole numbers as integers (`2300`), others as doubles (`2300.5`): how providers print amounts.
    public static func compactNumber(_ d: Double) -> Any {
        if d.rounded() == d, abs(d) < 9.0e15 { return Int(d) }
        return d
    }

    /// The members of `new` whose value differs from the one in `old` (or that `old` lacks), and
    /// those `old` has and `new` lacks, sorted. Values are compared as serialised JSON.
    public static func changedMembers(from old: [String: Any], to new: [String: Any]) -> [String] {
        let text = { (value: Any?) in value.flatMap { try? JSONSerialization.data(withJSONObject: [$0], options: [.sortedKeys]) } }
        return Set(old.keys).union(new.keys).filter { text(old[$0]) != text(new[$0]) }.sorted()
    }

    /// `value`, or JSON null.
    public static func nullable<T>(_ value: T?) -> Any { value.map { $0 as Any } ?? NSNull() }
}

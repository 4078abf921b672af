import Foundation
import Yams

/// The OpenAPI document the server serves: the YAML file as loaded (the source of truth) and the
/// same document converted to JSON.
public struct OpenAPIDocument: Sendable {
    /// The YAML text, byte for byte as read.
    public let yaml: String
    /// The document as JSON.
    public let json: [UInt8]

    /// Parses `yaml`; throws `OpenAPIDocumentError` when it is not a YAML mapping.
    public init(yaml: String) throws {
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch {
            throw OpenAPIDocumentError("the document is not valid YAML: \(error)")
        }
        guard let node, node.mapping != nil else { throw OpenAPIDocumentError("the document is not a YAML mapping") }
        self.yaml = yaml
        do {
            self.json = Array(try JSONSerialization.data(withJSONObject: try Self.json(from: node), options: [.sortedKeys, .withoutEscapingSlashes]))
        } catch let error as OpenAPIDocumentError {
            throw error
        } catch {
            throw OpenAPIDocumentError("the document cannot be converted to JSON: \(error)")
        }
    }

    /// Reads and parses the file at `path`.
    public static func load(path: String) throws -> OpenAPIDocument {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw OpenAPIDocumentError("cannot read the OpenAPI document `\(path)`")
        }
        do {
            return try OpenAPIDocument(yaml: text)
        } catch let error as OpenAPIDocumentError {
            throw OpenAPIDocumentError("\(path): \(error.description)")
        }
    }

    /// YAML → JSON. Mapping keys are always strings (`200:` stays `"200"`); scalars keep the type
    /// YAML's core schema resolves (null, bool, int, float), anything else is a string.
    /// (Foundation values rather than `JSONValue` so that integers stay exact.)
    static func json(from node: Node) throws -> Any {
        switch node {
        case .scalar(let scalar):
            switch Tag.Name(rawValue: node.tag.description) {
            case .null: return NSNull()
            case .bool: return node.bool ?? scalar.string
            case .int: return node.int ?? scalar.string
            case .float:
                guard let value = node.float, value.isFinite else { return scalar.string }
                return value
            default: return scalar.string
            }
        case .mapping(let mapping):
            var object: [String: Any] = [:]
            for (key, value) in mapping {
                guard let name = key.scalar?.string else { throw OpenAPIDocumentError("a mapping key is not a scalar") }
                object[name] = try json(from: value)
            }
            return object
        case .sequence(let sequence):
            return try sequence.map(json(from:))
        case .alias:
            throw OpenAPIDocumentError("YAML aliases are not supported")
        }
    }
}

public struct OpenAPIDocumentError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

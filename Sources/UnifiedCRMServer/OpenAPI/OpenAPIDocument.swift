import Foundation
import UnifiedCRMCore
import Yams

/// The OpenAPI document the server serves: the YAML file as loaded (the source of truth) and the
/// same document converted to JSON. `serving(_:)` writes the loaded integrations into it.
public struct OpenAPIDocument: Sendable {
    /// The YAML text: the file byte for byte, but for the block `serving(_:)` replaces.
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

    /// Reads and parses the file at `path`; with `catalog`, as `serving(_:)` writes it (parsed once).
    public static func load(path: String, serving catalog: IntegrationCatalog? = nil) throws -> OpenAPIDocument {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw OpenAPIDocumentError("cannot read the OpenAPI document `\(path)`")
        }
        do {
            return try OpenAPIDocument(yaml: catalog.map { try servedText(text, catalog: $0) } ?? text)
        } catch let error as OpenAPIDocumentError {
            throw OpenAPIDocumentError("\(path): \(error.description)")
        }
    }

    static let servedBegin = "# BEGIN SERVED integrations"
    static let servedEnd = "# END SERVED integrations"

    /// The document as this server serves it: the block between `# BEGIN SERVED integrations` and
    /// `# END SERVED integrations` (in `components.schemas`) becomes the schemas of the integrations
    /// in `catalog`: `Integration` (their names), `OAuthIntegration` (those with OAuth) and
    /// `AccountCreate` (the context each one requires), so the spec says exactly which values the
    /// server accepts. Everything else stays byte for byte. Throws when the block is missing.
    public func serving(_ catalog: IntegrationCatalog) throws -> OpenAPIDocument {
        try OpenAPIDocument(yaml: Self.servedText(yaml, catalog: catalog))
    }

    /// The YAML text with the served block written for `catalog`.
    static func servedText(_ yaml: String, catalog: IntegrationCatalog) throws -> String {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        let trimmed = lines.map { $0.trimmingCharacters(in: .whitespaces) }
        guard let begin = trimmed.firstIndex(where: { $0.hasPrefix(Self.servedBegin) }),
              let end = trimmed[begin...].firstIndex(where: { $0.hasPrefix(Self.servedEnd) }) else {
            throw OpenAPIDocumentError("the document has no `\(Self.servedBegin)` … `\(Self.servedEnd)` block for the loaded integrations")
        }
        let indent = String(lines[begin].prefix { $0 == " " })
        func enumSchema(_ names: [String], _ description: String) -> JSONValue {
            .object(["type": .string("string"), "enum": .array(names.map { .string($0) }), "description": .string(description)])
        }
        // JSON is YAML flow syntax, so each schema is one line.
        let schemas: [(String, JSONValue)] = [
            ("Integration", enumSchema(catalog.names, "A loaded integration (a mapping file's `name`).")),
            ("OAuthIntegration", enumSchema(catalog.oauthNames, "A loaded integration whose mapping file has OAuth authentication.")),
            ("AccountCreate", catalog.accountCreateSchema),
        ]
        let block = ["\(indent)\(Self.servedBegin) (written by the server from the loaded mapping files)"]
            + schemas.map { "\(indent)\($0.0): \(String(decoding: JSONWriter.encode($0.1), as: UTF8.self))" }
            + ["\(indent)\(Self.servedEnd)"]
        return (lines[..<begin] + block.map { Substring($0) } + lines[(end + 1)...]).joined(separator: "\n")
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

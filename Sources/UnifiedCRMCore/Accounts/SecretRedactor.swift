/// Decides which context values are secrets and replaces them with `"[redacted]"`.
///
/// A value is secret when its key is one of the well-known credential names (any depth), or its
/// dotted path is declared secret by the integration.
public struct SecretRedactor: Sendable {
    public static let placeholder = "[redacted]"

    /// Key names that are secret wherever they appear.
    public static let secretKeyNames: Set<String> = [
        "api_key", "apikey", "api_token", "access_token", "refresh_token", "id_token",
        "client_secret", "password", "secret", "private_key", "token_secret",
    ]

    public var extraSecretPaths: Set<String>

    public init(extraSecretPaths: Set<String> = []) { self.extraSecretPaths = extraSecretPaths }

    public func redact(_ value: JSONValue) -> JSONValue { redact(value, path: "") }

    /// `text` with every secret (4 characters or more) replaced by the placeholder: for provider
    /// bodies that echo a credential.
    public static func scrub(_ text: String, secrets: [String]) -> String {
        var text = text
        for secret in secrets where secret.count >= 4 { text = text.replacingOccurrences(of: secret, with: placeholder) }
        return text
    }

    /// Every secret string in `value`, so logs and errors can be checked against them.
    public func secrets(in value: JSONValue) -> [String] {
        var found: [String] = []
        collect(value, path: "", into: &found)
        return found
    }

    func isSecret(key: String, path: String) -> Bool {
        Self.secretKeyNames.contains(key.lowercased()) || extraSecretPaths.contains(path)
    }

    private func redact(_ value: JSONValue, path: String) -> JSONValue {
        switch value {
        case .object(let object):
            var result: [String: JSONValue] = [:]
            for (key, child) in object {
                let childPath = path.isEmpty ? key : path + "." + key
                if isSecret(key: key, path: childPath), child != .null, child.objectValue == nil {
                    result[key] = .string(Self.placeholder)
                } else {
                    result[key] = redact(child, path: childPath)
                }
            }
            return .object(result)
        case .array(let array):
            return .array(array.map { redact($0, path: path) })
        default:
            return value
        }
    }

    private func collect(_ value: JSONValue, path: String, into found: inout [String]) {
        guard let object = value.objectValue else { return }
        for (key, child) in object {
            let childPath = path.isEmpty ? key : path + "." + key
            if isSecret(key: key, path: childPath), let string = child.stringValue {
                found.append(string)
            } else {
                collect(child, path: childPath, into: &found)
            }
        }
    }
}

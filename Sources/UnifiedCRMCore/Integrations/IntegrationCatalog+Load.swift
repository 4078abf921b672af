import Foundation

extension IntegrationDescriptor {
    /// Reads the account-related part of a mapping file: `name`, `context.required`,
    /// `context.secrets` and, per `auth` method, its `requires` list.
    public init(mappingJSON json: JSONValue) throws {
        guard let name = json["name"]?.stringValue, !name.isEmpty else {
            throw ConfigurationError("$.name: missing integration name")
        }
        let required = json["context"]?["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let secrets = Set(json["context"]?["secrets"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        var methods: [String: [String]] = [:]
        for (method, spec) in json["auth"]?.objectValue ?? [:] {
            methods[method] = spec["requires"]?.arrayValue?.compactMap(\.stringValue) ?? []
        }
        self.init(name: name, requiredContext: required, authMethods: methods, secretPaths: secrets)
    }
}

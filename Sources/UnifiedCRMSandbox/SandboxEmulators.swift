import Foundation
import ProviderEmulators
import UnifiedCRMCore

/// The built-in emulators the sandbox runs: every registered kind (`EmulatorRegistry`) whose
/// fixtures folder holds a `sandbox.json` with the account context (`{"context": {"api_key": ...}}`).
public struct SandboxEmulators: Sendable {
    public let seedCount: Int

    public init(seedCount: Int = 300) { self.seedCount = seedCount }

    /// Builds the emulators from `<mappingsDirectory>/<integration>/fixtures`; throws, naming the
    /// file, when a provider's fixtures are missing or malformed.
    public func load(mappingsDirectory: String) throws -> [SandboxProvider] {
        try EmulatorRegistry.all.map { kind in
            let fixtures = try ProviderFixtures(mappingsDirectory: mappingsDirectory, provider: kind.integration)
            let context = try JSONValue.parse(fixtures.data("sandbox.json"))["context"]
            guard let fields = context?.objectValue else {
                throw FixtureError("\(fixtures.directory.path)/sandbox.json: needs a \"context\" object")
            }
            let strings = fields.compactMapValues(\.stringValue)
            let emulator = try kind.make(mappingsDirectory: mappingsDirectory, context: strings, seedCount: seedCount)
            let tries = try JSONValue.parse(fixtures.data("sandbox.json"))["tries"]?.arrayValue ?? []
            return SandboxProvider(emulator: emulator, context: .object(fields), tries: try tries.map { item in
                if let uri = item.stringValue { return SandboxTry(say: nil, uri: uri) }
                guard let uri = item["uri"]?.stringValue else { throw FixtureError("\(fixtures.directory.path)/sandbox.json: each `tries` entry is a URI or {\"say\", \"uri\"}") }
                return SandboxTry(say: item["say"]?.stringValue, uri: uri)
            })
        }
    }
}

/// One running emulator and the context of the account the sandbox connects to it.
public struct SandboxProvider: Sendable {
    public let emulator: any ProviderEmulator
    public let context: JSONValue
    /// Unified requests that show the provider's related data (`sandbox.json` `tries`), printed as curls.
    public var tries: [SandboxTry] = []

    public var integration: String { emulator.integration }

    /// The `POST /integrated-account` body for this provider.
    public func accountBody(tenantId: String) -> JSONValue {
        .object(["integration": .string(integration), "tenant_id": .string(tenantId), "context": context])
    }
}

/// One request the sandbox suggests: a unified path and query (without the account id) and what it shows.
public struct SandboxTry: Sendable {
    public var say: String?
    public var uri: String

    /// The URI for an account: `integrated_account_id` added to its query.
    public func uri(account: String) -> String {
        uri + (uri.contains("?") ? "&" : "?") + "integrated_account_id=\(account)"
    }
}

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
            return SandboxProvider(emulator: emulator, context: .object(fields))
        }
    }
}

/// One running emulator and the context of the account the sandbox connects to it.
public struct SandboxProvider: Sendable {
    public let emulator: any ProviderEmulator
    public let context: JSONValue

    public var integration: String { emulator.integration }

    /// The `POST /integrated-account` body for this provider.
    public func accountBody(tenantId: String) -> JSONValue {
        .object(["integration": .string(integration), "tenant_id": .string(tenantId), "context": context])
    }
}

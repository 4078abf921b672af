import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import ProviderEmulators

// Scaffolding shared by the HubSpot, Pipedrive and HighLevel emulator tests.

/// Runs `body` against a router holding only `emulator`'s routes (no recording middleware).
func withEmulator(
    _ emulator: some ProviderEmulator,
    _ body: @Sendable (any TestClientProtocol) async throws -> Void
) async throws {
    let router = Router()
    emulator.addRoutes(to: router)
    let app = Application(router: router)
    try await app.test(.router) { client in try await body(client) }
}

/// An emulator's answer: status, body parsed as a JSON object (empty when it is not one), raw body and headers.
struct EmulatorReply: @unchecked Sendable {
    var status: HTTPResponse.Status
    var json: [String: Any]
    var rawBody: String
    var headers: HTTPFields
}

/// Sends one request. `json` is serialised as the body; otherwise `rawBody`, when given, is sent as is.
func send(
    _ client: any TestClientProtocol,
    _ method: HTTPRequest.Method,
    _ uri: String,
    headers: HTTPFields,
    json: Any? = nil,
    rawBody: String? = nil
) async throws -> EmulatorReply {
    var buffer: ByteBuffer?
    if let json {
        buffer = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
    } else if let rawBody {
        buffer = ByteBuffer(string: rawBody)
    }
    return try await client.execute(uri: uri, method: method, headers: headers, body: buffer) { response in
        let data = Data(response.body.readableBytesView)
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return EmulatorReply(status: response.status, json: object,
                             rawBody: String(decoding: data, as: UTF8.self), headers: response.headers)
    }
}

/// The repository's `mappings` folder, where the emulators' fixtures live.
let repositoryMappings = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("mappings").path

extension ProviderFixtures {
    static var hubspot: ProviderFixtures { get throws { try ProviderFixtures(mappingsDirectory: repositoryMappings, provider: "hubspot") } }
    static var pipedrive: ProviderFixtures { get throws { try ProviderFixtures(mappingsDirectory: repositoryMappings, provider: "pipedrive") } }
    static var highlevel: ProviderFixtures { get throws { try ProviderFixtures(mappingsDirectory: repositoryMappings, provider: "highlevel") } }
}

/// A member of one of a provider's fixture files, read straight from the file (not through the
/// emulator), so tests pin the fixture's facts independently of the code that loads them.
func fixtureFact(_ fixtures: ProviderFixtures, _ file: String, _ member: String) throws -> Any {
    try #require(try fixtures.object(file)[member], "\(file) has no \"\(member)\"")
}

/// The first seeded HubSpot deal id (`account.json`), as the API writes ids.
func hubSpotFirstDealID() throws -> String {
    let id = try #require(try fixtureFact(.hubspot, "account.json", "firstDealId") as? Int64)
    #expect(id == 14_870_000_001)
    return String(id)
}

/// The deal properties HubSpot returns without a `properties` parameter (`returned-properties.json`).
func hubSpotDefaultProperties() throws -> [String] {
    let names = try #require(try fixtureFact(.hubspot, "returned-properties.json", "default") as? [String])
    #expect(names == ["amount", "closedate", "createdate", "dealname", "dealstage", "hs_lastmodifieddate", "hs_object_id", "pipeline"])
    return names
}

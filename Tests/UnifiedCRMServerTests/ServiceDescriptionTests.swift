import Foundation
import Hummingbird
import Logging
import Testing
import UnifiedCRMCore
import UnifiedCRMServer

/// The service group writes each service's description once when `serve` starts; the default
/// description reflects the whole value (every mapping, cache and store), which took most of
/// start-up. Each service of the server names itself instead.
@Suite struct ServiceDescriptionTests {
    @Test func everyServiceOfTheServerNamesItselfBriefly() throws {
        let dependencies = AppDependencies(database: try AppDatabase(path: temporaryDatabasePath(), encryptionKey: .random()),
                                           mappings: try MappingDirectory.load(repositoryMappings), apiToken: testToken,
                                           caller: ProviderCaller(transport: PooledProviderTransport.shared), publicURL: "https://crm.example.com")
        let app = buildApplication(ServerConfiguration(host: "127.0.0.1", port: 0, apiToken: testToken, encryptionKey: .random()),
                                   dependencies: dependencies, logger: Logger(label: "test"))
        #expect(app.services.count >= 2, "the webhook worker and the poller run beside the server")
        for service in app.services {
            let description = "\(service)"
            #expect(description.count < 40, "\(description.prefix(200))")
        }
    }
}

import ProviderEmulators

/// The built-in emulators and the credentials their seeded accounts use.
public struct SandboxEmulators: Sendable {
    public static let hubspotToken = "pat-sandbox-hubspot"
    public static let pipedriveToken = "sandbox-pipedrive-token"
    public static let highlevelToken = "pit-sandbox-highlevel"
    public static let highlevelLocation = "sandboxLocation01"

    public let hubspot: HubSpotEmulator
    public let pipedrive: PipedriveEmulator
    public let highlevel: HighLevelEmulator

    public init(seedCount: Int = 300) {
        hubspot = HubSpotEmulator(accessToken: Self.hubspotToken, seedCount: seedCount)
        pipedrive = PipedriveEmulator(apiToken: Self.pipedriveToken, seedCount: seedCount)
        highlevel = HighLevelEmulator(accessToken: Self.highlevelToken, locationId: Self.highlevelLocation, seedCount: seedCount)
    }

    public var all: [any ProviderEmulator] { [hubspot, pipedrive, highlevel] }

    /// The account-creation body for each emulator's integration.
    public func accountBody(for integration: String) -> String {
        switch integration {
        case "hubspot": #"{"integration":"hubspot","tenant_id":"sandbox","context":{"api_key":"\#(Self.hubspotToken)"}}"#
        case "pipedrive": #"{"integration":"pipedrive","tenant_id":"sandbox","context":{"api_key":"\#(Self.pipedriveToken)"}}"#
        default: #"{"integration":"highlevel","tenant_id":"sandbox","context":{"api_key":"\#(Self.highlevelToken)","location_id":"\#(Self.highlevelLocation)"}}"#
        }
    }
}

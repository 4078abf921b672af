import Synchronization

/// The origin providers reach this server at (`--public-url`, e.g. `https://crm.example.com`):
/// provider webhooks are registered for it and HubSpot's signatures cover it. Set once at start;
/// the sandbox sets it when its port is known.
public final class PublicOrigin: Sendable {
    private let value: Mutex<String?>

    public init(_ origin: String? = nil) { value = Mutex(origin.map(Self.trimmed)) }

    public var url: String? { value.withLock { $0 } }

    public func set(_ origin: String) { value.withLock { $0 = Self.trimmed(origin) } }

    static func trimmed(_ text: String) -> String { text.hasSuffix("/") ? String(text.dropLast()) : text }
}

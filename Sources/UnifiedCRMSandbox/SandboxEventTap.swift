import Foundation
import Hummingbird
import Logging
import Synchronization
import UnifiedCRMCore

/// The sandbox's own webhook receiver: subscribed to every unified event, it prints one line per
/// event and keeps the last ones at `GET /events`, so the whole chain (emulator webhook → server →
/// signed unified event) can be watched offline.
final class SandboxEventTap: Sendable {
    static let kept = 100
    private let events = Mutex<[JSONValue]>([])
    let announce: @Sendable (String) -> Void

    init(announce: @escaping @Sendable (String) -> Void) { self.announce = announce }

    /// The receiver as an application on a free loopback port, reported through `onPort`.
    func application(logger: Logger, onPort: @escaping @Sendable (Int) -> Void) -> some ApplicationProtocol {
        let router = Router()
        router.post("/events") { [self] request, _ -> Response in
            var request = request
            let body = try await request.collectBody(upTo: 1 << 20)
            guard let event = try? JSONParser.parse(Array(body.readableBytesView), limits: .requestBody) else { return Response(status: .badRequest) }
            events.withLock { list in
                list.append(event)
                if list.count > Self.kept { list.removeFirst(list.count - Self.kept) }
            }
            announce(Self.line(event))
            return Response(status: .noContent)
        }
        router.get("/events") { [self] _, _ -> Response in
            let body = JSONWriter.encode(.object(["result": .array(events.withLock { $0 })]))
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                           onServerRunning: { onPort($0.localAddress?.port ?? 0) }, logger: logger)
    }

    /// `event record:updated hubspot opportunities 1001 [name]`.
    static func line(_ event: JSONValue) -> String {
        let payload = event["payload"]
        let parts = [event["event"], payload?["integration"], payload?["resource"], payload?["id"]].compactMap { $0?.scalarText }
        let changed = payload?["changed_fields"]?.arrayValue.map { " [" + $0.compactMap(\.stringValue).joined(separator: ", ") + "]" } ?? ""
        return "event " + parts.joined(separator: " ") + changed
    }
}

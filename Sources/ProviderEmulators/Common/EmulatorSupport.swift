import Foundation
import Hummingbird
import Logging
import NIOCore

/// What every provider emulator offers: routes on a router, and a log of what it received.
public protocol ProviderEmulator: Sendable {
    /// The integration name, as in `mappings/<integration>.json`.
    var integration: String { get }
    /// Every request received, in order.
    var recorder: RequestRecorder { get }
    /// Adds the emulator's native routes to `router`.
    func addRoutes(to router: Router<BasicRequestContext>)
}

/// Middleware that records each request (method, path, query, headers, body) in a `RequestRecorder`.
struct RecordingMiddleware: RouterMiddleware {
    let recorder: RequestRecorder

    func handle(_ request: Request, context: BasicRequestContext, next: (Request, BasicRequestContext) async throws -> Response) async throws -> Response {
        var request = request
        let buffer = try await request.collectBody(upTo: 16 * 1024 * 1024)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        await recorder.record(RecordedRequest(
            method: request.method.rawValue,
            path: request.uri.path,
            query: request.uri.query ?? "",
            headers: headers,
            body: Data(buffer.readableBytesView)
        ))
        return try await next(request, context)
    }
}

/// JSON helpers shared by the emulators.
public enum EmulatorJSON {
    /// A response with a JSON body built from a Foundation JSON object.
    public static func response(_ status: HTTPResponse.Status, _ object: Any, headers: HTTPFields = [:]) -> Response {
        let data = sortedData(object) ?? Data("{}".utf8)
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A Foundation JSON object serialised with sorted keys (the emulators' test hooks and responses); nil when invalid.
    public static func sortedData(_ object: Any) -> Data? {
        try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    /// Parses a request body as a JSON object; nil when it is not one.
    public static func object(from request: Request) async throws -> [String: Any]? {
        var request = request
        let buffer = try await request.collectBody(upTo: 16 * 1024 * 1024)
        guard buffer.readableBytes > 0 else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [String: Any]
    }
}

/// A provider's error value that knows the HTTP response the provider sends for it.
protocol EmulatorResponseError: Error {
    var response: Response { get }
}

/// Request handling shared by the emulators' route handlers.
enum EmulatorRequest {
    /// True when `Authorization` is `Bearer <token>` (scheme case-insensitive, token trimmed).
    static func hasBearer(_ token: String, _ request: Request) -> Bool {
        guard let authorization = request.headers[.authorization] else { return false }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        return parts.count == 2 && parts[0].lowercased() == "bearer"
            && parts[1].trimmingCharacters(in: .whitespaces) == token
    }

    /// Runs a handler: a thrown `EmulatorResponseError` becomes its response, any other error goes to `otherError`.
    static func respond(
        _ body: () async throws -> Response,
        otherError: (any Error) -> Response
    ) async -> Response {
        do {
            return try await body()
        } catch let error as any EmulatorResponseError {
            return error.response
        } catch {
            return otherError(error)
        }
    }
}

/// Runs one or more emulators on a loopback port chosen by the OS.
public struct EmulatorServer: Sendable {
    public let emulator: any ProviderEmulator

    public init(_ emulator: any ProviderEmulator) { self.emulator = emulator }

    /// Builds a Hummingbird application serving the emulator on `host:port` (port 0 = any free port).
    /// `onRunning` receives the bound port.
    public func application(
        host: String = "127.0.0.1",
        port: Int = 0,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = Router()
        router.add(middleware: RecordingMiddleware(recorder: emulator.recorder))
        emulator.addRoutes(to: router)
        var logger = Logger(label: "emulator.\(emulator.integration)")
        logger.logLevel = .warning
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "emulator-\(emulator.integration)"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger
        )
    }
}

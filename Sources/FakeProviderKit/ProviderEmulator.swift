import Hummingbird

/// What every provider emulator offers: routes on a router, a log of what it received and a queue
/// of faults to play.
public protocol ProviderEmulator: Sendable {
    /// Its name, request log and fault queue.
    var basics: EmulatorBasics { get }
    /// Adds the emulator's native routes to `router`.
    func addRoutes(to router: Router<BasicRequestContext>)
}

/// The parts every emulator has whatever its provider.
public struct EmulatorBasics: Sendable {
    /// The integration name, as in `mappings/<integration>.json`.
    public let integration: String
    /// Every request received, in order (admin calls excluded).
    public let recorder = RequestRecorder()
    /// Faults the next requests play (rate limits, 5xx, slowness, dropped connections).
    public let faults = FaultQueue()
    /// What the provider's fake OAuth server handed out (active when its `oauth.json` is configured).
    public let tokens = IssuedTokens()

    public init(integration: String) { self.integration = integration }
}

extension ProviderEmulator {
    public var integration: String { basics.integration }
    public var recorder: RequestRecorder { basics.recorder }
    public var faults: FaultQueue { basics.faults }
    public var tokens: IssuedTokens { basics.tokens }
}

/// How a provider guards its routes: its credential check and its answer to unexpected errors.
public struct RouteGuard: Sendable {
    /// The provider's answer to a request without valid credentials, or nil to let it through.
    public let reject: @Sendable (Request) -> Response?
    /// The provider's 500 for an error it did not throw on purpose.
    public let internalError: @Sendable (any Error) -> Response
    /// Renders thrown `FakeError`s (nil: every thrown error is internal).
    let answers: AnswerStyle?

    public init(reject: @escaping @Sendable (Request) -> Response?, internalError: @escaping @Sendable (any Error) -> Response) {
        self.reject = reject
        self.internalError = internalError
        answers = nil
    }

    /// A guard answering in `answers`: `reject` names the error for a request without valid
    /// credentials (nil lets it through), `internalError` the one for an unexpected error.
    public init(answers: AnswerStyle, reject: @escaping @Sendable (Request) -> FakeError?,
                internalError: @escaping @Sendable (any Error) -> FakeError = { _ in .named("internal") }) {
        self.answers = answers
        self.reject = { request in reject(request).map(answers.response(for:)) }
        self.internalError = { error in answers.response(for: internalError(error)) }
    }

    /// Checks credentials, runs `body`, and turns thrown `FakeError`s into the provider's answers.
    public func respond(_ request: Request, _ body: () async throws -> Response) async -> Response {
        if let rejection = reject(request) { return rejection }
        do {
            return try await body()
        } catch {
            if let answers, let error = error as? FakeError { return answers.response(for: error) }
            return internalError(error)
        }
    }
}

extension Router where Context == BasicRequestContext {
    /// Adds a route whose handler runs behind `guard`.
    public func on(
        _ method: HTTPRequest.Method, _ path: RouterPath, _ guard: RouteGuard,
        _ handler: @escaping @Sendable (Request, BasicRequestContext) async throws -> Response
    ) {
        on(path, method: method) { request, context in
            await `guard`.respond(request) { try await handler(request, context) }
        }
    }
}

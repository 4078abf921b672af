import HTTPTypes

/// An error answer of a fake provider in its envelope's terms (`ErrorEnvelope`): a status and the
/// values the body template names, or one of the envelope's named errors (its values overridable).
/// Route handlers throw it; `RouteGuard` renders it in the provider's `AnswerStyle`.
public struct FakeError: Error, Sendable, Equatable {
    /// Nil for a named error (the envelope gives the status).
    public let status: Int?
    public let name: String?
    public var values: [String: RecordValue]
    /// Headers sent with the answer, over the named error's.
    public var headers: [String: String] = [:]

    public init(status: HTTPResponse.Status, _ values: [String: RecordValue]) {
        self.status = status.code
        name = nil
        self.values = values
    }

    private init(name: String, values: [String: RecordValue]) {
        status = nil
        self.name = name
        self.values = values
    }

    /// The envelope's error `name`, with `values` over its own.
    public static func named(_ name: String, _ values: [String: RecordValue] = [:]) -> FakeError {
        FakeError(name: name, values: values)
    }

    /// A status with a `message` value (a string, or a list for providers that answer several).
    public static func message(_ status: HTTPResponse.Status, _ message: String) -> FakeError {
        FakeError(status: status, ["message": .string(message)])
    }
}

extension FakeError {
    /// 400 with a `message`.
    public static func badRequest(_ message: String) -> FakeError { .message(.badRequest, message) }
}

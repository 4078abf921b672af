import HTTPTypes
import Hummingbird

/// A header every request must carry with one of `accepted` values (an API version header): the
/// error answered when it is missing or blank, and when it holds another value. Values are trimmed.
public struct RequiredHeader: Sendable {
    public let name: HTTPField.Name
    public let accepted: Set<String>
    public let missing: FakeError
    public let invalid: FakeError

    public init(_ name: HTTPField.Name, accepted: Set<String>, missing: FakeError, invalid: FakeError) {
        (self.name, self.accepted, self.missing, self.invalid) = (name, accepted, missing, invalid)
    }

    /// The error for `headers`, nil when the header is fine.
    public func problem(in headers: HTTPFields) -> FakeError? {
        guard let value = headers[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return missing }
        return accepted.contains(value) ? nil : invalid
    }
}

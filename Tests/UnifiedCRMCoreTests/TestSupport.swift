import Foundation
import Synchronization
import UnifiedCRMCore

extension JSONValue {
    /// Parses JSON text in tests (`.null` if malformed, which then fails the test's expectations).
    static func from(_ text: String) -> JSONValue { (try? JSONValue.parse(Data(text.utf8))) ?? .null }
}

/// Counts calls from concurrent tasks.
final class Counter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}

/// A clock that moves only when told, for expiry without sleeping.
final class ManualClock: Sendable {
    private let instant = Mutex(ContinuousClock.now)
    var now: ContinuousClock.Instant { instant.withLock { $0 } }
    func advance(by duration: Duration) { instant.withLock { $0 += duration } }
}

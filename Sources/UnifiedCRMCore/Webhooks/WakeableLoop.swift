import Synchronization

/// A background loop that runs its body when woken and at least every `interval`: the delivery
/// worker and the inbound-webhook processor. Wakes while the body runs coalesce into one more run.
public final class WakeableLoop: Sendable {
    private let continuation = Mutex<AsyncStream<Void>.Continuation?>(nil)
    let interval: Duration

    public init(interval: Duration) { self.interval = interval }

    /// Makes the loop run its body soon (no effect before `run` or after it ends).
    public func wake() { _ = continuation.withLock { $0?.yield() } }

    /// Runs `body` at start, on every wake and every `interval`, until the task is cancelled.
    public func run(_ body: @Sendable () async -> Void) async {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.continuation.withLock { $0 = continuation }
        let ticker = Task { [interval] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                continuation.yield()
            }
        }
        defer { ticker.cancel(); continuation.finish(); self.continuation.withLock { $0 = nil } }
        continuation.yield()
        for await _ in stream {
            if Task.isCancelled { break }
            await body()
        }
    }
}

import Foundation

/// A failure a fake provider plays instead of (or before) its normal answer, set through the admin hook.
public struct Fault: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// Answer `status` (429, 500, 503, ...) with the provider's error body shape left aside: a small JSON body.
        case status
        /// Wait `delay_ms`, then answer normally.
        case slow
        /// Start a response and drop the connection before the body ends.
        case reset
        /// Hold each of the next `count` requests until all `count` are held at once, then answer
        /// them normally; after `delay_ms` (default 5000) without that, answer 503. Only a caller
        /// that really has `count` requests in flight together gets through.
        case gather
    }

    public var kind: Kind
    /// HTTP status for `.status`.
    public var status: Int?
    /// `Retry-After` seconds sent with `.status`.
    public var retryAfter: Int?
    /// Wait for `.slow`.
    public var delayMilliseconds: Int?
    /// How many of the next requests play this fault.
    public var count: Int

    public init(kind: Kind, status: Int? = nil, retryAfter: Int? = nil, delayMilliseconds: Int? = nil, count: Int = 1) {
        self.kind = kind
        self.status = status
        self.retryAfter = retryAfter
        self.delayMilliseconds = delayMilliseconds
        self.count = count
    }

    /// The next `count` requests answer 429 with `Retry-After`.
    public static func rateLimited(retryAfter: Int = 1, count: Int = 1) -> Fault {
        Fault(kind: .status, status: 429, retryAfter: retryAfter, count: count)
    }

    enum CodingKeys: String, CodingKey {
        case kind, status, count
        case retryAfter = "retry_after"
        case delayMilliseconds = "delay_ms"
    }
}

/// The queue of faults still to play, in order.
public actor FaultQueue {
    private var pending: [Fault] = []
    /// The `.gather` fault in play: how many requests it waits for and how many have arrived.
    private var gathering: (total: Int, arrived: Int)?

    public init() {}

    /// Plays `fault` on the next `fault.count` requests, after the faults already queued.
    public func add(_ fault: Fault) {
        guard fault.count > 0 else { return }
        pending.append(fault)
        if fault.kind == .gather { gathering = (fault.count, 0) }
    }

    /// Drops every queued fault.
    public func clear() {
        pending.removeAll()
        gathering = nil
    }

    /// A request held by `.gather` has arrived.
    func arriveAtGathering() { gathering?.arrived += 1 }

    /// Whether every request the `.gather` fault waits for is held now, and how many are.
    var gathered: (done: Bool, arrived: Int, total: Int) {
        guard let gathering else { return (true, 0, 0) }
        return (gathering.arrived >= gathering.total, gathering.arrived, gathering.total)
    }

    /// The faults not yet played.
    public var queued: [Fault] { pending }

    /// Takes the fault for the request arriving now, if any.
    func next() -> Fault? {
        guard var first = pending.first else { return nil }
        first.count -= 1
        if first.count == 0 { pending.removeFirst() } else { pending[0] = first }
        return first
    }
}

import Foundation

/// How the connector waits: production sleeps, tests record the waits and return at once.
public struct GraphPacing: Sendable {
    /// The current instant.
    public var now: @Sendable () -> ContinuousClock.Instant
    /// Sleeps until an instant.
    public var sleep: @Sendable (ContinuousClock.Instant) async throws -> Void

    /// Creates pacing from a clock and a sleeper.
    public init(
        now: @escaping @Sendable () -> ContinuousClock.Instant,
        sleep: @escaping @Sendable (ContinuousClock.Instant) async throws -> Void
    ) {
        self.now = now
        self.sleep = sleep
    }

    /// The continuous clock.
    public static let live = GraphPacing(
        now: { ContinuousClock.now }, sleep: { try await Task.sleep(until: $0, clock: .continuous) })
}

/// The per-instance request budget: at most `perSecond` Graph requests a second (evenly spaced,
/// with a small burst), and a pause for everyone after Graph answered 429 or 503 with `Retry-After`.
actor GraphRequestBudget {
    private let interval: Duration
    private let burst: Duration
    private let pacing: GraphPacing
    private var nextArrival: ContinuousClock.Instant?
    private(set) var pausedUntil: ContinuousClock.Instant?

    init(perSecond: Int, pacing: GraphPacing) {
        let rate = max(perSecond, 1)
        interval = .seconds(1) / rate
        burst = interval * max(0, rate / 4)
        self.pacing = pacing
    }

    /// Reserves the next slot and waits for it.
    func waitForSlot() async throws {
        let now = pacing.now()
        let earliest = max(now, pausedUntil ?? now)
        let next = nextArrival ?? earliest
        let slot = max(earliest, next - burst)
        nextArrival = max(next, slot) + interval
        if slot > now { try await pacing.sleep(slot) }
    }

    /// Graph asked to wait `wait` before the next request.
    func throttled(for wait: Duration) {
        let until = pacing.now() + wait
        pausedUntil = max(pausedUntil ?? until, until)
        nextArrival = max(nextArrival ?? until, until)
    }
}

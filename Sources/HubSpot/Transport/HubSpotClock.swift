import Foundation

/// The time source of the rate-limit budget and the retry back-off.
///
/// Production uses ``HubSpotSystemClock``. Tests inject a virtual clock whose
/// `sleep(until:)` advances virtual time instead of waiting, so budgets and back-offs
/// can be asserted on without slow, flaky wall-clock tests.
public protocol HubSpotClock: Sendable {
    /// The current time.
    func now() -> Date
    /// Suspends until `deadline` (returns at once when it has passed).
    func sleep(until deadline: Date) async throws
}

extension HubSpotClock {
    /// Suspends for `duration` from now.
    func sleep(for duration: Duration) async throws {
        try await sleep(until: now().addingTimeInterval(duration.timeInterval))
    }
}

/// The wall clock: `Date()` and `Task.sleep`.
public struct HubSpotSystemClock: HubSpotClock {
    /// Creates the wall clock.
    public init() {}

    /// `Date()`.
    public func now() -> Date { Date() }

    /// Sleeps with `Task.sleep` until `deadline`; throws `CancellationError` when cancelled.
    public func sleep(until deadline: Date) async throws {
        let seconds = deadline.timeIntervalSinceNow
        if seconds > 0 {
            try await Task.sleep(for: .milliseconds(Int64((seconds * 1000).rounded(.up))))
        }
    }
}

extension Duration {
    /// The duration in (fractional) seconds.
    var timeInterval: TimeInterval {
        let parts = components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
    }
}

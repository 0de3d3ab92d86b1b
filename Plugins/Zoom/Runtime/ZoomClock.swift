import Foundation

/// The connector's monotonic clock: how long it has run, and how it waits.
///
/// Request pacing, rate-limit waits and retry backoff all read and sleep on this clock, so
/// tests inject a manual clock and run without real waiting.
public struct ZoomClock: Sendable {
    /// Time elapsed since an arbitrary, fixed origin. Never goes backwards.
    public var now: @Sendable () -> Duration
    /// Suspends the caller for the given duration (throws when the task is cancelled).
    public var sleep: @Sendable (Duration) async throws -> Void

    /// Creates a clock from its two operations.
    public init(
        now: @escaping @Sendable () -> Duration,
        sleep: @escaping @Sendable (Duration) async throws -> Void
    ) {
        self.now = now
        self.sleep = sleep
    }

    /// The system's continuous clock.
    public static var continuous: ZoomClock {
        let clock = ContinuousClock()
        let origin = clock.now
        return ZoomClock(
            now: { origin.duration(to: clock.now) },
            sleep: { duration in
                if duration > .zero { try await clock.sleep(for: duration) }
            })
    }

    /// Sleeps until `instant` (a value of ``now``); returns at once when it has passed.
    public func sleep(until instant: Duration) async throws {
        let remaining = instant - now()
        if remaining > .zero { try await sleep(remaining) }
    }
}

/// How the connector paces, retries and times out its HTTP requests. The defaults suit a
/// real Zoom account; tests replace the clock and the jitter source.
public struct ZoomClientOptions: Sendable {
    /// The clock pacing, backoff and rate-limit waits use.
    public var clock: ZoomClock
    /// A random factor in `0...1` for backoff jitter (injectable for deterministic tests).
    public var jitter: @Sendable () -> Double
    /// How many times one request is sent at most when Zoom fails (5xx) or times out.
    public var maxAttempts: Int
    /// The first backoff delay; each further retry doubles it (with jitter), up to ``maxBackoff``.
    public var baseBackoff: Duration
    /// The longest single backoff delay.
    public var maxBackoff: Duration
    /// How many 429 answers one request waits out before it fails as rate limited.
    public var maxRateLimitWaits: Int
    /// The longest wait a 429 may ask for before the request fails instead (e.g. a daily limit).
    public var maxRateLimitWait: Duration
    /// Timeout of one HTTP request.
    public var requestTimeout: Duration
    /// The share of Zoom's per-second limit the client allows itself, leaving headroom.
    public var rateLimitHeadroom: Double
    /// How long the account's Zoom Events (the webinars that are event sessions) are cached.
    public var zoomEventsCacheLifetime: TimeInterval

    /// Creates options; every parameter has a production default.
    public init(
        clock: ZoomClock = .continuous,
        jitter: @escaping @Sendable () -> Double = { Double.random(in: 0...1) },
        maxAttempts: Int = 4,
        baseBackoff: Duration = .milliseconds(500),
        maxBackoff: Duration = .seconds(8),
        maxRateLimitWaits: Int = 4,
        maxRateLimitWait: Duration = .seconds(60),
        requestTimeout: Duration = .seconds(30),
        rateLimitHeadroom: Double = 0.75,
        zoomEventsCacheLifetime: TimeInterval = 600
    ) {
        self.clock = clock
        self.jitter = jitter
        self.maxAttempts = max(1, maxAttempts)
        self.baseBackoff = baseBackoff
        self.maxBackoff = maxBackoff
        self.maxRateLimitWaits = max(0, maxRateLimitWaits)
        self.maxRateLimitWait = maxRateLimitWait
        self.requestTimeout = requestTimeout
        self.rateLimitHeadroom = min(max(rateLimitHeadroom, 0.1), 1)
        self.zoomEventsCacheLifetime = max(0, zoomEventsCacheLifetime)
    }

    /// The delay before retry number `retry` (1-based): exponential, with "equal jitter"
    /// (half fixed, half random) so retries of many clients spread out.
    func backoff(forRetry retry: Int) -> Duration {
        let exponent = min(max(retry - 1, 0), 16)
        let full = min(baseBackoff * (1 << exponent), maxBackoff)
        let factor = 0.5 + 0.5 * min(max(jitter(), 0), 1)
        return full * factor
    }
}

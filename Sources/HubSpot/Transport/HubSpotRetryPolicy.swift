/// How the client retries failed calls.
///
/// 5xx answers and timeouts are retried with exponential back-off and jitter, up to
/// ``maxAttempts`` attempts in all (only for operations that are safe to repeat); 4xx
/// answers are never retried, except 429 for a rolling limit, which waits out the limit
/// up to ``maxRateLimitRetries`` times.
public struct HubSpotRetryPolicy: Sendable {
    /// Attempts in all for 5xx answers and timeouts (1 = no retry).
    public var maxAttempts: Int
    /// Extra attempts after 429 answers for a rolling (10-second or per-second) limit.
    public var maxRateLimitRetries: Int
    /// The back-off before the first retry; doubled for each further retry.
    public var baseDelay: Duration
    /// The longest back-off.
    public var maxDelay: Duration
    /// A random number in `0...1` for jitter (inject a constant in tests).
    public var random: @Sendable () -> Double

    /// - Parameters:
    ///   - maxAttempts: default 4.
    ///   - maxRateLimitRetries: default 5.
    ///   - baseDelay: default 500 ms.
    ///   - maxDelay: default 20 s.
    ///   - random: jitter source, default `Double.random(in: 0...1)`.
    public init(
        maxAttempts: Int = 4,
        maxRateLimitRetries: Int = 5,
        baseDelay: Duration = .milliseconds(500),
        maxDelay: Duration = .seconds(20),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.maxRateLimitRetries = max(0, maxRateLimitRetries)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.random = random
    }

    /// The back-off before retry number `retry` (1-based): "equal jitter", half of the
    /// exponential delay plus a random part of the other half.
    public func delay(beforeRetry retry: Int) -> Duration {
        let exponent = min(max(retry - 1, 0), 30)
        let exponential = min(baseDelay.timeInterval * Double(1 << exponent), maxDelay.timeInterval)
        let jittered = exponential / 2 + exponential / 2 * min(max(random(), 0), 1)
        return .milliseconds(Int64(jittered * 1000))
    }
}

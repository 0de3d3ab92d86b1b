import Foundation

/// Graph's throttling as the simulator applies it, per tenant: a fixed window of requests, and
/// the `Retry-After` of the `429` (and of the `503` a server-error fault answers with).
///
/// Microsoft does not publish one number for virtual events; the defaults are generous and a
/// test sets small ones (or `PUT /_sandbox/graph/throttling`) to see the `429`s deterministically.
public struct GraphThrottlingLimits: Sendable, Codable, Hashable {
    /// Requests one tenant may make per window.
    public var requestsPerWindow: Int
    /// Length of the window in seconds.
    public var windowSeconds: Int
    /// `Retry-After` (seconds) of a `503 serviceNotAvailable` (injected server errors).
    public var serviceUnavailableRetryAfterSeconds: Int

    /// Creates limits.
    public init(requestsPerWindow: Int = 2_000, windowSeconds: Int = 10, serviceUnavailableRetryAfterSeconds: Int = 1) {
        self.requestsPerWindow = requestsPerWindow
        self.windowSeconds = windowSeconds
        self.serviceUnavailableRetryAfterSeconds = serviceUnavailableRetryAfterSeconds
    }
}

/// How a ``GraphSimulator`` behaves apart from its data.
public struct GraphSimulatorConfiguration: Sendable {
    /// The simulator's clock (tokens, throttling windows, subscription expiry, registration times).
    public var now: @Sendable () -> Date
    /// Throttling limits at start.
    public var throttling: GraphThrottlingLimits
    /// Lifetime of an access token in seconds (Microsoft Entra: 3599).
    public var tokenLifetimeSeconds: Int
    /// Page size when a request has no `$top`.
    public var defaultPageSize: Int
    /// Largest `$top` accepted.
    public var maxPageSize: Int
    /// Longest lifetime of a virtual-event subscription (Graph: one day).
    public var maxSubscriptionMinutes: Int
    /// How long a notification URL may take to echo the validation token (Graph: 10 s).
    public var validationTimeout: Duration
    /// How long a notification receiver may take to answer (Graph: 3 s before it counts as slow).
    public var notificationTimeout: Duration
    /// Delays before the retries of a failed notification delivery (Graph retries with
    /// exponential back-off for up to 4 hours; the default scales that down).
    public var notificationRetryDelays: [Duration]
    /// Seed of everything the simulator invents at run time (ids of live actions, fault draws).
    public var seed: UInt64
    /// The fault plan in force at start.
    public var faults: FaultPlan

    /// Creates a configuration.
    public init(
        now: @escaping @Sendable () -> Date = { Date() },
        throttling: GraphThrottlingLimits = GraphThrottlingLimits(),
        tokenLifetimeSeconds: Int = 3599,
        defaultPageSize: Int = 100,
        maxPageSize: Int = 999,
        maxSubscriptionMinutes: Int = 1440,
        validationTimeout: Duration = .seconds(10),
        notificationTimeout: Duration = .seconds(3),
        notificationRetryDelays: [Duration] = [.milliseconds(300), .milliseconds(1_800)],
        seed: UInt64 = 0,
        faults: FaultPlan = .none
    ) {
        self.now = now
        self.throttling = throttling
        self.tokenLifetimeSeconds = tokenLifetimeSeconds
        self.defaultPageSize = defaultPageSize
        self.maxPageSize = maxPageSize
        self.maxSubscriptionMinutes = maxSubscriptionMinutes
        self.validationTimeout = validationTimeout
        self.notificationTimeout = notificationTimeout
        self.notificationRetryDelays = notificationRetryDelays
        self.seed = seed
        self.faults = faults
    }
}

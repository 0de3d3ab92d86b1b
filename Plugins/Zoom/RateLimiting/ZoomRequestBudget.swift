import ConnectorKit

/// The request budget of one Zoom account: paces requests per rate-limit category so Zoom's
/// per-second limits are rarely hit, and holds a category back after a 429.
///
/// Each connector instance (one Zoom account) owns its own budget, so one account's waits
/// never delay another's. Pacing follows the generic cell-rate algorithm: a small burst
/// goes out at once, after which requests are spaced evenly at a rate below Zoom's limit
/// (``ZoomClientOptions/rateLimitHeadroom``), so that no one-second window receives more
/// requests than the plan allows even when requests arrive a little late.
actor ZoomRequestBudget {
    private struct Lane {
        /// Spacing between requests at the sustained rate.
        var interval: Duration
        /// How far ahead of the sustained schedule a burst may run.
        var burstTolerance: Duration
        /// The theoretical arrival time of the next request.
        var nextArrival: Duration = .zero
        /// No request goes out before this instant (set by a 429).
        var pausedUntil: Duration = .zero
    }

    private let clock: ZoomClock
    private let headroom: Double
    private var lanes: [ZoomRateCategory: Lane] = [:]

    /// Creates the budget of one account.
    init(plan: ZoomRatePlan, clock: ZoomClock, headroom: Double) {
        self.clock = clock
        self.headroom = headroom
        for category in ZoomRateCategory.allCases {
            lanes[category] = Self.lane(limit: plan.perSecond(category), headroom: headroom)
        }
    }

    private static func lane(limit: Int, headroom: Double) -> Lane {
        let limit = max(limit, 1)
        let rate = max(Double(limit) * headroom, 0.5)
        let burst = max(1, (limit - Int(rate.rounded(.up))) / 2)
        let interval = Duration.seconds(1) / rate
        return Lane(interval: interval, burstTolerance: interval * (burst - 1))
    }

    /// Reserves the next slot of `category` and returns the instant (on the budget's clock)
    /// at which the request may go out.
    func reserve(_ category: ZoomRateCategory) -> Duration {
        let now = clock.now()
        var lane = lanes[category] ?? Self.lane(limit: 1, headroom: headroom)
        let earliest = max(now, lane.pausedUntil)
        let slot = max(earliest, lane.nextArrival - lane.burstTolerance)
        lane.nextArrival = max(lane.nextArrival, slot) + lane.interval
        lanes[category] = lane
        return slot
    }

    /// Waits for the next slot of `category`.
    func waitForSlot(_ category: ZoomRateCategory) async throws {
        let slot = reserve(category)
        try await clock.sleep(until: slot)
    }

    /// Holds `category` back for `wait` after Zoom answered 429, and slows the pace down when
    /// Zoom's `X-RateLimit-Limit` says the account's limit is lower than the plan's.
    func rateLimited(_ category: ZoomRateCategory, wait: Duration, reportedLimit: Int?) {
        let until = clock.now() + wait
        var lane = lanes[category] ?? Self.lane(limit: 1, headroom: headroom)
        if let reportedLimit, reportedLimit > 0 {
            let slower = Self.lane(limit: reportedLimit, headroom: headroom)
            if slower.interval > lane.interval {
                lane.interval = slower.interval
                lane.burstTolerance = slower.burstTolerance
            }
        }
        lane.pausedUntil = max(lane.pausedUntil, until)
        lane.nextArrival = max(lane.nextArrival, until)
        lanes[category] = lane
    }

    /// The instant before which no request of `category` goes out (for tests and diagnostics).
    func pausedUntil(_ category: ZoomRateCategory) -> Duration {
        lanes[category]?.pausedUntil ?? .zero
    }
}

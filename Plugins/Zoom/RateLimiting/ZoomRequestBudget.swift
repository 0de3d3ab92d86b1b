import ConnectorKit

/// The request budget of one Zoom account: paces requests per rate-limit category so Zoom's
/// per-second limits are rarely hit, and holds a category back after a 429.
///
/// Each connector instance (one Zoom account) owns its own budget, so one account's waits
/// never delay another's. Pacing follows the generic cell-rate algorithm: a small burst
/// goes out at once, after which requests are spaced evenly at a rate below Zoom's limit
/// (``ZoomClientOptions/rateLimitHeadroom``), so that no one-second window receives more
/// requests than the plan allows even when requests arrive a little late. When the host runs
/// as several replicas, each paces by its ``RequestBudgetShare`` of the limits (rate and
/// burst divided by the number of replicas), re-read before each request.
actor ZoomRequestBudget {
    private struct Lane {
        /// The per-second limit the lane paces by (the plan's, or lower when Zoom said so).
        var limit: Int
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
    private let share: RequestBudgetShare
    private var sharedBy: Int
    private var lanes: [ZoomRateCategory: Lane] = [:]

    /// Creates the budget of one account, paced by `share` of the plan's limits.
    init(plan: ZoomRatePlan, clock: ZoomClock, headroom: Double, share: RequestBudgetShare = RequestBudgetShare()) {
        self.clock = clock
        self.headroom = headroom
        self.share = share
        sharedBy = share.sharedBy
        for category in ZoomRateCategory.allCases {
            lanes[category] = Self.lane(limit: plan.perSecond(category), headroom: headroom, sharedBy: sharedBy)
        }
    }

    private static func lane(limit: Int, headroom: Double, sharedBy: Int) -> Lane {
        let limit = max(limit, 1)
        let rate = max(Double(limit) * headroom, 0.5)
        let burst = max(1, (limit - Int(rate.rounded(.up))) / 2)
        let interval = Duration.seconds(1) / (rate / Double(sharedBy))
        return Lane(limit: limit, interval: interval, burstTolerance: interval * (max(1, burst / sharedBy) - 1))
    }

    /// Re-paces every lane when the number of processes sharing the account changed.
    private func followShare() {
        let now = share.sharedBy
        guard now != sharedBy else { return }
        sharedBy = now
        for (category, lane) in lanes {
            var paced = Self.lane(limit: lane.limit, headroom: headroom, sharedBy: now)
            paced.nextArrival = lane.nextArrival
            paced.pausedUntil = lane.pausedUntil
            lanes[category] = paced
        }
    }

    /// Reserves the next slot of `category` and returns the instant (on the budget's clock)
    /// at which the request may go out.
    func reserve(_ category: ZoomRateCategory) -> Duration {
        followShare()
        let now = clock.now()
        var lane = lanes[category] ?? Self.lane(limit: 1, headroom: headroom, sharedBy: sharedBy)
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
        followShare()
        let until = clock.now() + wait
        var lane = lanes[category] ?? Self.lane(limit: 1, headroom: headroom, sharedBy: sharedBy)
        if let reportedLimit, reportedLimit > 0 {
            let slower = Self.lane(limit: reportedLimit, headroom: headroom, sharedBy: sharedBy)
            if slower.interval > lane.interval {
                lane.limit = slower.limit
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

import Foundation

/// The request budget of one HubSpot portal (and app), shared by everything that talks
/// to that portal: create one per portal and pass the same instance to every
/// ``HubSpotClient`` for it.
///
/// Requests wait here for budget instead of provoking 429s: a rolling window for the
/// general limit, a one-second window for the CRM search endpoints, and a daily count
/// that fails fast with ``HubSpotError/Kind/dailyLimitReached(resetsAt:)`` once spent.
/// The budget resynchronises itself from HubSpot's `X-HubSpot-RateLimit-*` headers and
/// pauses a lane when HubSpot answers 429.
public actor HubSpotRequestBudget {
    /// Which limit a request counts against.
    public enum Lane: Sendable, Hashable {
        /// Most endpoints: the rolling 10-second limit and the daily limit.
        case standard
        /// CRM search endpoints: their own per-second limit and the daily limit.
        case search
    }

    /// A point-in-time view of the budget, for metrics and the admin console.
    public struct Snapshot: Sendable, Equatable {
        /// Requests sent in the current rolling window.
        public var requestsInWindow: Int
        /// Requests counted today.
        public var requestsToday: Int
        /// The effective per-window limit (the lower of configuration and HubSpot's headers).
        public var requestsPerWindow: Int
        /// The effective daily limit.
        public var requestsPerDay: Int
        /// When the daily count resets.
        public var dailyResetAt: Date
    }

    /// The portal this budget belongs to (for logs and errors only).
    public nonisolated let portalId: String
    /// The clock used for pacing; the client also uses it for retry back-off.
    public nonisolated let clock: any HubSpotClock
    private let limits: HubSpotRateLimits
    private var windowLimit: Int
    /// The rolling window: the configured one, or the shorter one HubSpot announces.
    private var window: TimeInterval
    private var dailyLimit: Int
    private var windowRequests: [Date] = []
    private var searchRequests: [Date] = []
    private var requestsToday = 0
    private var dayEnd: Date
    private var dailyExhausted = false
    private var pausedUntil: [Lane: Date] = [:]
    /// How many processes share the portal's limits (replicas of one cluster): each paces by
    /// its share, so together they stay within the portal's limits.
    private var sharedBy: Int

    /// - Parameters:
    ///   - portalId: the HubSpot portal (hub) id, for diagnostics.
    ///   - limits: the limits to pace by (defaults: Professional private app).
    ///   - clock: the time source (inject a virtual clock in tests).
    ///   - sharedBy: how many processes share the portal's limits (see ``share(among:)``).
    public init(
        portalId: String, limits: HubSpotRateLimits = HubSpotRateLimits(),
        clock: any HubSpotClock = HubSpotSystemClock(), sharedBy: Int = 1
    ) {
        self.sharedBy = max(1, sharedBy)
        self.portalId = portalId
        self.limits = limits
        self.clock = clock
        self.windowLimit = limits.requestsPerWindow
        self.window = limits.window.timeInterval
        self.dailyLimit = limits.requestsPerDay
        self.dayEnd = Self.nextMidnight(after: clock.now(), in: limits.dailyResetTimeZone)
    }

    /// Waits until a request in `lane` may be sent, then counts it.
    ///
    /// - Returns: the time the request was granted.
    /// - Throws: ``HubSpotError`` of kind ``HubSpotError/Kind/dailyLimitReached(resetsAt:)``
    ///   when the daily limit is spent (fails fast; waiting would take hours), or
    ///   `CancellationError` when the task is cancelled while waiting.
    @discardableResult
    public func acquire(_ lane: Lane, operation: String) async throws -> Date {
        while true {
            try Task.checkCancellation()
            let now = clock.now()
            rollOverDay(now)
            if dailyExhausted || requestsToday >= dailyLimit {
                throw HubSpotError.dailyLimitReached(
                    operation: operation, portalId: portalId, resetsAt: dayEnd)
            }
            if let pause = pausedUntil[lane], pause > now {
                try await clock.sleep(until: pause)
                continue
            }
            if let wait = nextSlot(lane, now: now) {
                try await clock.sleep(until: wait)
                continue
            }
            switch lane {
            case .standard: windowRequests.append(now)
            case .search: searchRequests.append(now)
            }
            requestsToday += 1
            return now
        }
    }

    /// Resynchronises the budget from HubSpot's `X-HubSpot-RateLimit-*` headers: HubSpot's
    /// counts include requests made by other processes with the same credentials.
    func observe(_ headers: HubSpotRateLimitHeaders, lane: Lane) {
        let now = clock.now()
        rollOverDay(now)
        if let limit = headers.dailyLimit {
            dailyLimit = min(limits.requestsPerDay, limit)
        }
        if let remaining = headers.dailyRemaining {
            let limit = headers.dailyLimit ?? dailyLimit
            requestsToday = max(requestsToday, limit - remaining)
        }
        guard lane == .standard else { return }
        if let max = headers.windowMax {
            windowLimit = min(limits.requestsPerWindow, max)
        }
        if let milliseconds = headers.windowMilliseconds, milliseconds > 0 {
            window = min(limits.window.timeInterval, Double(milliseconds) / 1000)
        }
        // Shared by replicas, each keeps to its share: the others' requests that HubSpot counts
        // are theirs to pace, and counting them here too would halve the cluster's rate.
        if let remaining = headers.windowRemaining, sharedBy == 1 {
            prune(now)
            let serverUsed = (headers.windowMax ?? windowLimit) - remaining
            let missing = serverUsed - windowRequests.count
            if missing > 0 {
                windowRequests.append(contentsOf: repeatElement(now, count: missing))
            }
        }
    }

    /// Pauses every request of `lane` until `date` (HubSpot answered 429 for a rolling limit).
    func pause(_ lane: Lane, until date: Date) {
        if let current = pausedUntil[lane], current >= date { return }
        pausedUntil[lane] = date
    }

    /// Marks the daily limit as spent until the next reset (HubSpot answered 429 `DAILY`).
    /// - Returns: when the daily count resets.
    func markDailyLimitReached() -> Date {
        rollOverDay(clock.now())
        dailyExhausted = true
        return dayEnd
    }

    /// Paces by a `1/processes` share of the per-window and per-second limits from now on: the
    /// replicas of a cluster, each with its own budget for the portal, then stay within HubSpot's
    /// limits together. The daily count is resynchronised from HubSpot's headers as before.
    public func share(among processes: Int) {
        sharedBy = max(1, processes)
    }

    /// The current counts and limits.
    public func snapshot() -> Snapshot {
        let now = clock.now()
        rollOverDay(now)
        prune(now)
        return Snapshot(
            requestsInWindow: windowRequests.count,
            requestsToday: requestsToday,
            requestsPerWindow: windowShare,
            requestsPerDay: dailyLimit,
            dailyResetAt: dayEnd
        )
    }

    /// The time the next request of `lane` may go, or `nil` when it may go now.
    private func nextSlot(_ lane: Lane, now: Date) -> Date? {
        prune(now)
        switch lane {
        case .standard:
            let limit = windowShare
            guard windowRequests.count >= limit else { return nil }
            return windowRequests[windowRequests.count - limit].addingTimeInterval(window)
        case .search:
            let limit = max(1, limits.searchRequestsPerSecond / sharedBy)
            guard searchRequests.count >= limit else { return nil }
            return searchRequests[searchRequests.count - limit].addingTimeInterval(1)
        }
    }

    /// This process's share of the per-window limit.
    private var windowShare: Int { max(1, windowLimit / sharedBy) }

    private func prune(_ now: Date) {
        let windowStart = now.addingTimeInterval(-window)
        if let keep = windowRequests.firstIndex(where: { $0 > windowStart }) {
            windowRequests.removeFirst(keep)
        } else {
            windowRequests.removeAll()
        }
        let secondStart = now.addingTimeInterval(-1)
        if let keep = searchRequests.firstIndex(where: { $0 > secondStart }) {
            searchRequests.removeFirst(keep)
        } else {
            searchRequests.removeAll()
        }
    }

    private func rollOverDay(_ now: Date) {
        guard now >= dayEnd else { return }
        dayEnd = Self.nextMidnight(after: now, in: limits.dailyResetTimeZone)
        requestsToday = 0
        dailyExhausted = false
        dailyLimit = limits.requestsPerDay
    }

    private static func nextMidnight(after date: Date, in timeZone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let startOfDay = calendar.startOfDay(for: date)
        return calendar.date(byAdding: .day, value: 1, to: startOfDay)
            ?? date.addingTimeInterval(86_400)
    }
}

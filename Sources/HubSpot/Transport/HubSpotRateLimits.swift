import Foundation

/// The request limits HubSpot applies to one portal (per app), used by
/// ``HubSpotRequestBudget`` to pace requests instead of provoking 429s.
///
/// Defaults are HubSpot's figures for a private app on a Professional account
/// (changelog "Increasing our API limits"): 190 requests per rolling 10 seconds and
/// 650,000 requests per day; the CRM search endpoints have their own limit of
/// 5 requests per second per account and are exempt from the 10-second limit
/// (`x-hubspot-rate-limit-exemptions: ten-secondly` in the specs). Enterprise accounts
/// get 1,000,000 per day; the API limit increase pack raises the burst to 250 per 10 s.
public struct HubSpotRateLimits: Sendable, Equatable {
    /// Requests allowed in one rolling ``window`` (HubSpot: `TEN_SECONDLY_ROLLING`).
    public var requestsPerWindow: Int
    /// The rolling window (10 seconds at HubSpot).
    public var window: Duration
    /// Requests allowed per day (HubSpot: `DAILY`), reset at midnight in ``dailyResetTimeZone``.
    public var requestsPerDay: Int
    /// Requests per second allowed on the CRM search endpoints (HubSpot: `SECONDLY`).
    public var searchRequestsPerSecond: Int
    /// The time zone whose midnight resets the daily count (the HubSpot account's time zone).
    public var dailyResetTimeZone: TimeZone

    /// - Parameters:
    ///   - requestsPerWindow: default 190.
    ///   - window: default 10 seconds.
    ///   - requestsPerDay: default 650,000.
    ///   - searchRequestsPerSecond: default 5.
    ///   - dailyResetTimeZone: default UTC; set the account's time zone when known.
    public init(
        requestsPerWindow: Int = 190,
        window: Duration = .seconds(10),
        requestsPerDay: Int = 650_000,
        searchRequestsPerSecond: Int = 5,
        dailyResetTimeZone: TimeZone = TimeZone(identifier: "UTC") ?? .current
    ) {
        self.requestsPerWindow = max(1, requestsPerWindow)
        self.window = window
        self.requestsPerDay = max(1, requestsPerDay)
        self.searchRequestsPerSecond = max(1, searchRequestsPerSecond)
        self.dailyResetTimeZone = dailyResetTimeZone
    }
}

/// The rate-limit figures HubSpot reports in `X-HubSpot-RateLimit-*` response headers.
struct HubSpotRateLimitHeaders: Sendable, Equatable {
    var dailyLimit: Int?
    var dailyRemaining: Int?
    var windowMax: Int?
    var windowRemaining: Int?
    var windowMilliseconds: Int?

    /// Reads the headers (case-insensitive names); `nil` when none is present.
    init?(header: (String) -> String?) {
        func int(_ name: String) -> Int? {
            header(name).flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        }
        dailyLimit = int("X-HubSpot-RateLimit-Daily")
        dailyRemaining = int("X-HubSpot-RateLimit-Daily-Remaining")
        windowMax = int("X-HubSpot-RateLimit-Max")
        windowRemaining = int("X-HubSpot-RateLimit-Remaining")
        windowMilliseconds = int("X-HubSpot-RateLimit-Interval-Milliseconds")
        if dailyLimit == nil, dailyRemaining == nil, windowMax == nil, windowRemaining == nil {
            return nil
        }
    }
}

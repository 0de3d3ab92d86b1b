import Foundation

/// What a source still holds about the webinars held since a date, for a backfill
/// (capability ``ConnectorCapability/pastWebinarListing``): the webinars, how much each is
/// (registrations, participants), what syncing each will cost in source requests, and the
/// source's rate limits, so the host can forecast the run before it starts.
public struct PastWebinarListing: Sendable, Codable, Hashable {
    /// The past webinars found, oldest first.
    public var webinars: [PastWebinar]
    /// The earliest date the source still keeps history for; webinars before it cannot be
    /// found any more (nil: no limit known). A `since` before it was narrowed to it.
    public var retainedSince: Date?
    /// The requests the listing itself took, by rate-limit category.
    public var listingRequests: [String: Int]
    /// The source's rate limits, one per category its requests are counted in.
    public var rateLimits: [SourceRateLimit]
    /// Things the operator should know (e.g. "reports are kept for 6 months").
    public var notes: [String]

    /// Creates a listing.
    public init(
        webinars: [PastWebinar], retainedSince: Date? = nil, listingRequests: [String: Int] = [:],
        rateLimits: [SourceRateLimit] = [], notes: [String] = []
    ) {
        self.webinars = webinars
        self.retainedSince = retainedSince
        self.listingRequests = listingRequests
        self.rateLimits = rateLimits
        self.notes = notes
    }
}

/// One past webinar a backfill can sync, with what the source knows of its size.
public struct PastWebinar: Sendable, Codable, Hashable {
    /// The webinar (as a snapshot would describe it, as far as the history shows it).
    public var webinar: Webinar
    /// Sessions held (instances).
    public var sessions: Int
    /// Registrations, when the source still knows them (nil: unknown or gone).
    public var registrants: Int?
    /// People who attended (unique participants over every session).
    public var participants: Int
    /// The source requests a snapshot of it will take, by rate-limit category.
    public var snapshotRequests: [String: Int]

    /// Creates a past webinar.
    public init(webinar: Webinar, sessions: Int, registrants: Int? = nil, participants: Int, snapshotRequests: [String: Int]) {
        self.webinar = webinar
        self.sessions = sessions
        self.registrants = registrants
        self.participants = participants
        self.snapshotRequests = snapshotRequests
    }
}

/// One rate limit of a source: how many requests of a category it admits per second, and
/// per day when it also has a daily quota.
public struct SourceRateLimit: Sendable, Codable, Hashable {
    /// The category (e.g. `Light`, `Medium`, `Heavy`).
    public var category: String
    /// Requests per second.
    public var perSecond: Double
    /// Requests per day (UTC), when the category has a daily quota.
    public var perDay: Int?

    /// Creates a limit.
    public init(category: String, perSecond: Double, perDay: Int? = nil) {
        self.category = category
        self.perSecond = perSecond
        self.perDay = perDay
    }
}

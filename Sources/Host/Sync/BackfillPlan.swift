import ConnectorKit
import Foundation

/// The forecast of a backfill (`switchyard backfill --plan`): which past webinars the tenant's
/// sources still hold, which of them are still to sync, and what syncing them costs — source
/// requests by rate-limit category (with the share of a daily quota), HubSpot requests, and
/// the time both providers' limits allow at the least.
public struct BackfillPlan: Sendable, Codable, Hashable {
    /// One past webinar found.
    public struct Item: Sendable, Codable, Hashable {
        /// What the backfill does with it.
        public enum Action: String, Sendable, Codable, Hashable, CaseIterable {
            /// Never fully synced: the backfill syncs it.
            case sync
            /// Synced (or skipped by the settings) before: left alone, also when a stopped backfill resumes.
            case done
        }

        /// The webinar's id.
        public var webinarID: String
        /// Its topic.
        public var topic: String
        /// When it (last) started.
        public var startTime: Date?
        /// The connector type it comes from.
        public var connectorType: String
        /// Why the integration will skip it, when it does (the connector says why).
        public var unsupportedReason: String?
        /// Sessions held.
        public var sessions: Int
        /// Registrations, when the source still has them.
        public var registrants: Int?
        /// Unique participants over its sessions.
        public var participants: Int
        /// What the backfill does with it.
        public var action: Action
    }

    /// Source requests of one rate-limit category of one account.
    public struct SourceRequests: Sendable, Codable, Hashable {
        /// The source, as its connector's profile names it (e.g. in sentences).
        public var sourceName: String
        /// The account (the connector's routing key).
        public var account: String
        /// The rate-limit category.
        public var category: String
        /// Requests the listing took.
        public var listing: Int
        /// Requests the snapshots of the webinars to sync will take.
        public var snapshots: Int
        /// Requests per second the category admits.
        public var perSecond: Double
        /// The category's daily quota, when it has one.
        public var perDay: Int?
        /// Percent of the daily quota the backfill uses (listing and snapshots).
        public var dailyQuotaPercent: Double?
    }

    /// The tenant.
    public var tenantID: String
    /// The start date asked for.
    public var since: Date
    /// The earliest date every source still keeps (the latest of their limits).
    public var retainedSince: Date?
    /// Every past webinar found, oldest first.
    public var webinars: [Item]
    /// Of those, how many the backfill syncs.
    public var toSync: Int
    /// Of those, how many were synced before.
    public var alreadyDone: Int
    /// Source requests by account and category.
    public var sourceRequests: [SourceRequests]
    /// HubSpot requests the syncs will take (estimated from the people found: see ``HubSpotForecast``).
    public var hubSpotRequests: Int
    /// The portal's limit: requests per 10 seconds.
    public var hubSpotRequestsPerTenSeconds: Int
    /// Seconds the source requests take at least under the sources' per-second limits.
    public var sourceSeconds: Double
    /// Seconds the HubSpot requests take at least under the portal's limit.
    public var hubSpotSeconds: Double
    /// Days a daily quota stretches the run over (0: it fits in today's quota).
    public var quotaDays: Int
    /// The least time the run takes: the sources' and HubSpot's time (a tenant's syncs run one
    /// after the other), plus the days a daily quota adds.
    public var estimatedSeconds: Double
    /// What the operator should know (the sources' notes, accounts that cannot look back).
    public var notes: [String]
}

/// HubSpot requests of syncing one webinar, calibrated on the sync benchmark (`switchyard-bench
/// sync`: 13 requests for 107 registrants, 81 for 1,007, 381 for 5,007): about 5 fixed requests
/// (marketing event, reads) plus 7.5 per hundred people (contact reads and upserts,
/// participations, timeline events, each batched by 100).
public enum HubSpotForecast {
    /// The requests one webinar with `people` (registrants or participants) takes; 0 when skipped.
    public static func requests(people: Int, skipped: Bool) -> Int {
        skipped ? 0 : 5 + Int((Double(people) * 0.075).rounded(.up))
    }
}

extension BackfillPlan {
    /// The plan of `found` webinars (with the listing of the account each came from); `done`
    /// tells whether one was synced before.
    static func make(
        tenantID: String, since: Date, listings: [(instance: ConnectorInstance, listing: PastWebinarListing)],
        done: Set<String>, hubSpotRequestsPerTenSeconds: Int, notes: [String]
    ) -> BackfillPlan {
        var items: [Item] = []
        var sourceRequests: [SourceRequests] = []
        var hubSpot = 0
        var sourceSeconds = 0.0
        var quotaDays = 0
        var allNotes = notes
        for (instance, listing) in listings {
            var snapshots: [String: Int] = [:]
            for past in listing.webinars {
                let isDone = done.contains(past.webinar.id)
                let reason: String? = if case .unsupported(let reason) = past.webinar.support { reason } else { nil }
                items.append(
                    Item(
                        webinarID: past.webinar.id, topic: past.webinar.topic, startTime: past.webinar.startTime,
                        connectorType: instance.type, unsupportedReason: reason, sessions: past.sessions,
                        registrants: past.registrants, participants: past.participants, action: isDone ? .done : .sync))
                guard !isDone else { continue }
                snapshots.merge(past.snapshotRequests, uniquingKeysWith: +)
                hubSpot += HubSpotForecast.requests(
                    people: max(past.registrants ?? 0, past.participants), skipped: reason != nil)
            }
            let sourceName = instance.descriptor.hubSpotProfile.sourceName
            for limit in listing.rateLimits {
                let listed = listing.listingRequests[limit.category] ?? 0
                let snapshot = snapshots[limit.category] ?? 0
                guard listed + snapshot > 0 else { continue }
                sourceSeconds += Double(listed + snapshot) / max(limit.perSecond, 0.001)
                let percent = limit.perDay.map { Double(listed + snapshot) / Double($0) * 100 }
                if let perDay = limit.perDay { quotaDays = max(quotaDays, (listed + snapshot - 1) / perDay) }
                sourceRequests.append(
                    SourceRequests(
                        sourceName: sourceName, account: instance.connector.routingKey, category: limit.category,
                        listing: listed, snapshots: snapshot, perSecond: limit.perSecond, perDay: limit.perDay,
                        dailyQuotaPercent: percent))
            }
            for note in listing.notes where !allNotes.contains(note) { allNotes.append(note) }
        }
        items.sort { ($0.startTime ?? .distantPast, $0.webinarID) < ($1.startTime ?? .distantPast, $1.webinarID) }
        let hubSpotSeconds = Double(hubSpot) / (Double(max(hubSpotRequestsPerTenSeconds, 1)) / 10)
        return BackfillPlan(
            tenantID: tenantID, since: since, retainedSince: listings.compactMap(\.listing.retainedSince).max(),
            webinars: items, toSync: items.filter { $0.action == .sync }.count,
            alreadyDone: items.filter { $0.action == .done }.count, sourceRequests: sourceRequests,
            hubSpotRequests: hubSpot, hubSpotRequestsPerTenSeconds: hubSpotRequestsPerTenSeconds,
            sourceSeconds: sourceSeconds, hubSpotSeconds: hubSpotSeconds, quotaDays: quotaDays,
            estimatedSeconds: sourceSeconds + hubSpotSeconds + Double(quotaDays) * 86_400, notes: allNotes)
    }
}

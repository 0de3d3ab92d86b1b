import ConnectorKit
import Foundation
import Logging

/// The Graph subscriptions of one instance: for every followed webinar, its registrations,
/// sessions and attendance reports. Virtual-event subscriptions live at most a day, so each is
/// created for a day less a margin and renewed once less than ``renewBefore`` remains.
actor TeamsSubscriptions {
    /// The resources followed per webinar, with their change types (Graph's documented table).
    static func resources(ofWebinar id: String) -> [(resource: String, changeType: String)] {
        let base = "solutions/virtualEvents/webinars/\(id)"
        return [
            (base + "/registrations", "created,updated"),
            (base + "/sessions", "created,updated"),
            (base + "/getAttendanceReports", "created"),
        ]
    }

    /// Requested lifetime: Graph's maximum for virtual events (one day) less ten minutes.
    static let lifetime: TimeInterval = 24 * 3600 - 600
    /// A subscription is renewed once less than this remains.
    static let renewBefore: TimeInterval = 6 * 3600

    struct Known: Sendable {
        var id: String
        var resource: String
        var expiresAt: Date
    }

    private let api: GraphClient
    private let clientState: String
    private let now: @Sendable () -> Date
    private let logger: Logger
    private var known: [String: Known] = [:]  // by resource
    private var adopted = false
    private var notificationURL: String?

    init(api: GraphClient, clientState: String, now: @escaping @Sendable () -> Date, logger: Logger) {
        self.api = api
        self.clientState = clientState
        self.now = now
        self.logger = logger
    }

    /// Makes sure every resource of `webinarIDs` has a live subscription delivering to `url`.
    func maintain(webinarIDs: [String], url: String) async -> SubscriptionStatus {
        notificationURL = url
        var status = SubscriptionStatus(active: 0, created: 0, renewed: 0)
        if !adopted { await adoptExisting(url: url, problems: &status.problems) }
        let wanted = webinarIDs.flatMap(Self.resources(ofWebinar:))
        for (resource, changeType) in wanted {
            if let current = known[resource], current.expiresAt.timeIntervalSince(now()) > Self.renewBefore { continue }
            do {
                if try await renewOrCreate(resource: resource, changeType: changeType, url: url) {
                    status.created += 1
                } else {
                    status.renewed += 1
                }
            } catch {
                status.problems.append("Could not subscribe to \(resource): \(error)")
            }
        }
        let wantedResources = Set(wanted.map(\.resource))
        status.active = known.keys.filter(wantedResources.contains).count
        status.nextDueAt = known.values.filter { wantedResources.contains($0.resource) }.map(\.expiresAt).min()
            .map { $0.addingTimeInterval(-Self.renewBefore) }
        return status
    }

    /// Lifecycle `reauthorizationRequired`: renews the subscription now.
    func reauthorize(subscriptionID: String) async {
        guard let entry = known.values.first(where: { $0.id == subscriptionID }) else { return }
        let expiry = now().addingTimeInterval(Self.lifetime)
        do {
            try await api.renewSubscription(subscriptionID, until: expiry)
            known[entry.resource]?.expiresAt = expiry
        } catch {
            logger.warning("could not reauthorize a subscription", metadata: ["resource": .string(entry.resource), "error": "\(error)"])
        }
    }

    /// Lifecycle `subscriptionRemoved`: subscribes to the same resource again. Returns its webinar id.
    func resubscribe(subscriptionID: String) async -> String? {
        guard let entry = known.values.first(where: { $0.id == subscriptionID }) else { return nil }
        known[entry.resource] = nil
        let changeType = Self.resources(ofWebinar: "").first { entry.resource.hasSuffix($0.resource) }?.changeType ?? "created,updated"
        if let url = notificationURL {
            do {
                try await create(resource: entry.resource, changeType: changeType, url: url)
            } catch {
                logger.warning("could not subscribe again", metadata: ["resource": .string(entry.resource), "error": "\(error)"])
            }
        }
        return TeamsNotifications.webinarID(inResource: entry.resource)
    }

    /// The webinar a subscription follows, when known.
    func webinarID(ofSubscription id: String) -> String? {
        known.values.first { $0.id == id }.flatMap { TeamsNotifications.webinarID(inResource: $0.resource) }
    }

    // MARK: Graph

    /// Renews a known subscription (true: created anew because Graph no longer had it).
    private func renewOrCreate(resource: String, changeType: String, url: String) async throws -> Bool {
        if let current = known[resource] {
            let expiry = now().addingTimeInterval(Self.lifetime)
            do {
                try await api.renewSubscription(current.id, until: expiry)
                known[resource]?.expiresAt = expiry
                return false
            } catch let error as ConnectorError where error.kind == .notFound {
                known[resource] = nil
            }
        }
        try await create(resource: resource, changeType: changeType, url: url)
        return true
    }

    private func create(resource: String, changeType: String, url: String) async throws {
        let created = try await api.createSubscription(
            GraphSubscription(
                resource: resource, changeType: changeType, notificationUrl: url, lifecycleNotificationUrl: url,
                expirationDateTime: GraphDate.format(now().addingTimeInterval(Self.lifetime)), clientState: clientState))
        guard let id = created.id else {
            throw ConnectorError(.malformedData, "Graph created a subscription to \(resource) without an id.")
        }
        known[resource] = Known(
            id: id, resource: resource, expiresAt: GraphDate.parse(created.expirationDateTime) ?? now().addingTimeInterval(Self.lifetime))
    }

    /// Takes over the app's subscriptions to this URL that a previous process created.
    private func adoptExisting(url: String, problems: inout [String]) async {
        do {
            for subscription in try await api.list(GraphSubscription.self, "/subscriptions", operation: "list the app's subscriptions")
            where subscription.notificationUrl == url {
                guard let id = subscription.id, let expiry = GraphDate.parse(subscription.expirationDateTime), expiry > now() else {
                    continue
                }
                known[subscription.resource] = Known(id: id, resource: subscription.resource, expiresAt: expiry)
            }
            adopted = true
        } catch {
            problems.append("Could not list the app's existing subscriptions: \(error)")
        }
    }
}

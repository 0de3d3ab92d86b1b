import ConnectorKit
import Foundation
import Logging
import SyncEngine

/// A backfill of one tenant: the webinars held since a date that its sources' history still
/// holds (connectors with the capability `past_webinar_listing`), including those the sources
/// no longer list, synced through the tenant's queue in batches that share HubSpot requests.
///
/// Resumable: a webinar whose last sync succeeded (or was skipped by the settings) is not
/// synced again, so a stopped backfill started again continues with the webinars left; the
/// webinar catalog in the state store is the record of what is done.
public struct Backfill: Sendable {
    let coordinator: SyncCoordinator
    let logger: Logger

    /// The `since` of a backfill without a start date: as far back as the sources keep history.
    public static let fromTheStart = Date(timeIntervalSince1970: 0)

    /// Creates a backfill over the host's coordinator.
    public init(coordinator: SyncCoordinator, logger: Logger) {
        self.coordinator = coordinator
        self.logger = logger
    }

    /// The plan: what the sources hold since `since`, what is still to sync, and its cost.
    public func plan(_ runtime: TenantRuntime, since: Date) async -> BackfillPlan {
        await survey(runtime, since: since).plan
    }

    /// Runs the backfill: plans (`planned` hears of it), then syncs the webinars still to sync
    /// in the tenant's queue, ``SyncCoordinator/webinarsPerBatch`` at a time with their HubSpot
    /// writes batched across webinars (one audit entry and ledger record set per webinar), as
    /// a reconcile does. Before each webinar's source is read it asks `shouldStop`; once told to
    /// stop, the webinars already read are written and the run ends. `progress` hears of each
    /// webinar before it is read (done so far, total, topic) and `synced` of each result.
    public func run(
        _ runtime: TenantRuntime, since: Date, planned: @Sendable (BackfillPlan) async -> Void,
        progress: @Sendable @escaping (Int, Int, String) async -> Void, synced: @Sendable @escaping (WebinarAuditEntry) async -> Void,
        shouldStop: @Sendable @escaping () async -> Bool
    ) async -> (entries: [WebinarAuditEntry], stopped: Bool) {
        let survey = await survey(runtime, since: since)
        await planned(survey.plan)
        return await coordinator.syncSeveral(
            runtime, survey.pending, trigger: .backfill, progress: progress, synced: synced, shouldStop: shouldStop)
    }

    private struct Survey {
        var plan: BackfillPlan
        var pending: [(instance: ConnectorInstance, webinar: Webinar)]
    }

    private func survey(_ runtime: TenantRuntime, since: Date) async -> Survey {
        let catalog = WebinarCatalog(store: coordinator.store)
        var listings: [(instance: ConnectorInstance, listing: PastWebinarListing)] = []
        var notes: [String] = []
        for instance in runtime.connectors {
            let source = instance.descriptor.hubSpotProfile.sourceName
            guard instance.descriptor.capabilities.contains(.pastWebinarListing) else {
                notes.append(
                    "\(source) account \(instance.connector.routingKey) cannot look back further than its webinar list; the reconcile syncs what it lists."
                )
                continue
            }
            do {
                listings.append((instance, try await instance.connector.listPastWebinars(since: since)))
            } catch {
                logger.error(
                    "cannot list past webinars",
                    metadata: [
                        "tenant": .string(runtime.id), "account": .string(instance.connector.routingKey), "error": .string("\(error)"),
                    ])
                notes.append("\(source) account \(instance.connector.routingKey): its past webinars could not be listed (\(error)).")
            }
        }
        var done: Set<String> = []
        var pending: [(instance: ConnectorInstance, webinar: Webinar)] = []
        var seen: Set<String> = []
        for (instance, listing) in listings {
            for past in listing.webinars where seen.insert(past.webinar.id).inserted {
                let known = try? await catalog.entry(tenantID: runtime.id, webinarID: past.webinar.id)
                switch known?.lastStatus {
                case .synced, .syncedWithWarnings, .skipped: done.insert(past.webinar.id)
                case nil, .failed: pending.append((instance, past.webinar))
                }
            }
        }
        pending.sort { ($0.webinar.startTime ?? .distantPast, $0.webinar.id) < ($1.webinar.startTime ?? .distantPast, $1.webinar.id) }
        let plan = BackfillPlan.make(
            tenantID: runtime.id, since: since, listings: listings, done: done,
            hubSpotRequestsPerTenSeconds: runtime.config.hubSpot.requestsPerTenSeconds, notes: notes)
        return Survey(plan: plan, pending: pending)
    }
}

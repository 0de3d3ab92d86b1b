import ConnectorKit
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import SyncEngine
import TenantConfig

/// Reconciles each tenant's webinars from the source APIs: at start (a tenant first connected),
/// after a tenant's configuration changes (so data missed while a setting was off syncs at once
/// when it is on again), and every `reconcile_interval_seconds`. Every webinar the source lists
/// that was never fully synced is synced, whatever its age; `sync.lookback_days` only bounds how
/// long already-synced webinars keep being re-checked (see ``isDue(_:catalog:lookbackDays:afterChange:now:)``).
/// Idempotent: unchanged data writes nothing.
///
/// All tenants share one timer (a ``Timetable`` of due times): an idle host sleeps until the
/// next reconcile is due. A tenant whose sync is off (`sync.global` or `sync.webinars` false)
/// is not scheduled at all, so no API is called for it.
public struct ReconcileScheduler: Service {
    let registry: TenantRegistry
    let coordinator: SyncCoordinator
    let logger: Logger
    let now: @Sendable () -> Date
    let retry: InboxRetryPolicy
    let ownership: any TenantOwnership

    /// Creates the scheduler; `now` is its clock. It reconciles only the tenants `ownership`
    /// gives this replica; a webinar whose sync failed on a transient error is synced again
    /// after `retry`'s backoff (up to its attempts; then at the next reconcile), not only at
    /// the next reconcile.
    public init(
        registry: TenantRegistry, coordinator: SyncCoordinator, logger: Logger, retry: InboxRetryPolicy = .standard,
        now: @escaping @Sendable () -> Date = { Date() }, ownership: any TenantOwnership = SoleOwnership()
    ) {
        self.ownership = ownership
        self.registry = registry
        self.coordinator = coordinator
        self.logger = logger
        self.retry = retry
        self.now = now
    }

    /// Whether the scheduler reconciles a tenant: only while its webinar sync is on.
    public static func isScheduled(_ config: TenantConfiguration) -> Bool {
        config.sync.global && config.sync.webinars
    }

    /// Runs until graceful shutdown. Each tenant's reconcile is a child task (cancelled at
    /// shutdown); a tenant is not reconciled again while its previous reconcile still runs
    /// (a change meanwhile reconciles it once more right after).
    public func run() async throws {
        let timetable = Timetable<String>()
        let inFlight = InFlightTenants()
        let changed = ChangedTenants()
        let retries = SyncRetries(policy: retry)
        let changes = await registry.changes()
        let ownershipChanges = ownership.changes()
        await withDiscardingTaskGroup { group in
            group.addTask {
                for await key in retries.timetable.cancelOnGracefulShutdown() {
                    guard ownership.owns(key.tenantID), let runtime = await registry.runtime(tenantID: key.tenantID),
                        Self.isScheduled(runtime.config), let owner = try? await coordinator.owner(of: key.webinarID, in: runtime)
                    else { continue }
                    let entry = await ownership.working(for: key.tenantID) {
                        await coordinator.sync(runtime, webinarID: key.webinarID, from: owner, trigger: .schedule)
                    }
                    retries.note(entry, tenantID: key.tenantID)
                }
            }
            group.addTask {
                for await case .gained(let tenantID) in ownershipChanges.cancelOnGracefulShutdown() {
                    timetable.schedule(tenantID, at: .now)
                }
            }
            group.addTask {
                for await change in changes.cancelOnGracefulShutdown() {
                    switch change {
                    case .loaded(let runtime) where Self.isScheduled(runtime.config):
                        changed.mark(runtime.id)
                        timetable.schedule(runtime.id, at: .now)
                    case .loaded(let runtime):
                        timetable.cancel(runtime.id)
                    case .removed(let tenantID):
                        timetable.cancel(tenantID)
                    }
                }
            }
            for await tenantID in timetable.cancelOnGracefulShutdown() {
                guard ownership.owns(tenantID), let runtime = await registry.runtime(tenantID: tenantID), Self.isScheduled(runtime.config)
                else { continue }
                guard inFlight.start(tenantID) else { continue }
                let afterChange = changed.take(tenantID)
                group.addTask {
                    let started = ContinuousClock.now
                    let entries = await ownership.working(for: tenantID) { await reconcile(runtime, afterChange: afterChange) }
                    for entry in entries { retries.note(entry, tenantID: tenantID) }
                    let again = inFlight.finish(tenantID)
                    guard !Task.isCancelled else { return }
                    let interval = Duration.seconds(runtime.config.sync.reconcileIntervalSeconds)
                    timetable.scheduleIfEarlier(tenantID, at: again ? .now : started + interval)
                }
            }
            group.cancelAll()
        }
    }

    /// Syncs every due webinar of a tenant once, ``SyncCoordinator/webinarsPerBatch`` webinars
    /// together (see ``SyncCoordinator/syncInBatches(_:items:trigger:onStart:synced:shouldStop:)``);
    /// returns the audit entries. `afterChange`: the tenant was just connected or its settings
    /// changed, so webinars skipped before are due too, whatever their age. `progress` hears of
    /// each webinar before it syncs (done so far, total, webinar id). It stops when the tenant
    /// moved to another replica (its writes would be refused).
    @discardableResult
    public func reconcile(
        _ runtime: TenantRuntime, trigger: SyncTrigger = .schedule, afterChange: Bool = false,
        progress: @escaping @Sendable (Int, Int, String) -> Void = { _, _, _ in }
    ) async -> [WebinarAuditEntry] {
        let webinars = await dueWebinars(of: runtime, afterChange: afterChange)
        let items = webinars.map { SyncCoordinator.BatchItem(webinarID: $0.webinar.id, instance: $0.instance) }
        let ownership = self.ownership
        return await coordinator.syncInBatches(
            runtime, items: items, trigger: trigger, onStart: { index in progress(index, items.count, items[index].webinarID) },
            shouldStop: { !ownership.owns(runtime.id) }
        ).entries
    }

    /// The tenant's listed webinars that are due (see ``isDue(_:catalog:lookbackDays:afterChange:now:)``),
    /// with the connector instance each belongs to. An account whose list fails is logged and skipped.
    public func dueWebinars(of runtime: TenantRuntime, afterChange: Bool = false) async
        -> [(instance: ConnectorInstance, webinar: Webinar)]
    {
        let catalog = WebinarCatalog(store: coordinator.store)
        let date = now()
        var recent: [(instance: ConnectorInstance, webinar: Webinar)] = []
        for instance in runtime.connectors {
            do {
                for webinar in try await instance.connector.listWebinars() {
                    let known = try await catalog.entry(tenantID: runtime.id, webinarID: webinar.id)
                    if Self.isDue(
                        webinar, catalog: known, lookbackDays: runtime.config.sync.lookbackDays, afterChange: afterChange, now: date)
                    {
                        recent.append((instance, webinar))
                    }
                }
            } catch {
                logger.error(
                    "cannot list webinars",
                    metadata: [
                        "tenant": .string(runtime.id), "account": .string(instance.connector.routingKey), "error": .string("\(error)"),
                    ])
            }
        }
        return recent
    }

    /// Whether a listed webinar is synced by a reconcile: always when it was never fully synced
    /// (never synced, or its last sync failed), whatever its age; when it was skipped, after a
    /// change of settings (or within the lookback); when it was synced, while it is upcoming or
    /// started less than `lookbackDays` ago.
    public static func isDue(_ webinar: Webinar, catalog: CatalogedWebinar?, lookbackDays: Int, afterChange: Bool, now: Date) -> Bool {
        let recent = (webinar.startTime ?? .distantFuture) >= now - TimeInterval(lookbackDays) * 86_400
        switch catalog?.lastStatus {
        case nil, .failed: return true
        case .skipped: return afterChange || recent
        case .synced, .syncedWithWarnings: return recent
        }
    }
}

/// Webinars whose scheduled sync failed on a transient error, each with its attempts so far,
/// and the timetable of their next attempt.
private final class SyncRetries: Sendable {
    struct Key: Hashable, Sendable {
        var tenantID: String
        var webinarID: String
    }

    let policy: InboxRetryPolicy
    let timetable = Timetable<Key>()
    private let attempts = Mutex<[Key: Int]>([:])

    init(policy: InboxRetryPolicy) { self.policy = policy }

    /// Schedules the webinar's next attempt after a transient failure (while attempts remain);
    /// forgets it after any other outcome.
    func note(_ entry: WebinarAuditEntry, tenantID: String) {
        let key = Key(tenantID: tenantID, webinarID: entry.webinarID)
        guard entry.status == .failed, entry.failure != .permanent else {
            attempts.withLock { _ = $0.removeValue(forKey: key) }
            return
        }
        let attempt = attempts.withLock { attempts in
            attempts[key, default: 0] += 1
            return attempts[key] ?? 1
        }
        guard !policy.isExhausted(afterAttempt: attempt) else {
            attempts.withLock { _ = $0.removeValue(forKey: key) }
            return
        }
        timetable.schedule(key, at: .now + .milliseconds(Int64(policy.delay(afterAttempt: attempt) * 1000)))
    }
}

/// The tenants whose reconcile is running, and whether each was asked for again meanwhile.
private final class InFlightTenants: Sendable {
    private let ids = Mutex<[String: Bool]>([:])

    /// Marks a tenant as running; false when it already was (it then runs again when done).
    func start(_ id: String) -> Bool {
        ids.withLock { ids in
            guard ids[id] == nil else {
                ids[id] = true
                return false
            }
            ids[id] = false
            return true
        }
    }

    /// Marks a tenant as done; true when it was asked for again while running.
    func finish(_ id: String) -> Bool { ids.withLock { $0.removeValue(forKey: id) ?? false } }
}

/// The tenants connected or reconfigured since their last reconcile started.
private final class ChangedTenants: Sendable {
    private let ids = Mutex<Set<String>>([])

    /// Notes that a tenant was (re)loaded.
    func mark(_ id: String) { ids.withLock { _ = $0.insert(id) } }

    /// Whether the tenant changed since it was last taken; clears the mark.
    func take(_ id: String) -> Bool { ids.withLock { $0.remove(id) != nil } }
}

import ConnectorKit
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import SyncEngine
import TenantConfig

/// Reconciles each tenant's recent webinars from the source APIs: at start, after a tenant's
/// configuration changes (so data missed while a setting was off syncs once it is on), and
/// every `reconcile_interval_seconds`. Idempotent: unchanged data writes nothing.
///
/// All tenants share one timer (a ``Timetable`` of due times): an idle host sleeps until the
/// next reconcile is due. A tenant whose sync is off (`sync.global` or `sync.webinars` false)
/// is not scheduled at all, so no API is called for it.
public struct ReconcileScheduler: Service {
    let registry: TenantRegistry
    let coordinator: SyncCoordinator
    let logger: Logger
    /// How far back ended webinars are reconciled.
    let lookback: TimeInterval

    /// Creates the scheduler.
    public init(registry: TenantRegistry, coordinator: SyncCoordinator, logger: Logger, lookback: TimeInterval = 30 * 86_400) {
        self.registry = registry
        self.coordinator = coordinator
        self.logger = logger
        self.lookback = lookback
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
        let changes = await registry.changes()
        await withDiscardingTaskGroup { group in
            group.addTask {
                for await change in changes.cancelOnGracefulShutdown() {
                    switch change {
                    case .loaded(let runtime) where Self.isScheduled(runtime.config):
                        timetable.schedule(runtime.id, at: .now)
                    case .loaded(let runtime):
                        timetable.cancel(runtime.id)
                    case .removed(let tenantID):
                        timetable.cancel(tenantID)
                    }
                }
            }
            for await tenantID in timetable.cancelOnGracefulShutdown() {
                guard let runtime = await registry.runtime(tenantID: tenantID), Self.isScheduled(runtime.config) else { continue }
                guard inFlight.start(tenantID) else { continue }
                group.addTask {
                    let started = ContinuousClock.now
                    await reconcile(runtime)
                    let again = inFlight.finish(tenantID)
                    guard !Task.isCancelled else { return }
                    let interval = Duration.seconds(runtime.config.sync.reconcileIntervalSeconds)
                    timetable.scheduleIfEarlier(tenantID, at: again ? .now : started + interval)
                }
            }
            group.cancelAll()
        }
    }

    /// Syncs every recent or upcoming webinar of a tenant once; returns the audit entries.
    /// `progress` hears of each webinar before it syncs (done so far, total, webinar id).
    @discardableResult
    public func reconcile(
        _ runtime: TenantRuntime, trigger: SyncTrigger = .schedule, progress: @Sendable (Int, Int, String) -> Void = { _, _, _ in }
    ) async -> [WebinarAuditEntry] {
        let webinars = await recentWebinars(of: runtime)
        var entries: [WebinarAuditEntry] = []
        for (index, item) in webinars.enumerated() {
            if Task.isCancelled { break }
            progress(index, webinars.count, item.webinar.id)
            entries.append(await coordinator.sync(runtime, webinarID: item.webinar.id, from: item.instance, trigger: trigger))
        }
        return entries
    }

    /// The tenant's webinars that started within the lookback or are still to come, with the
    /// connector instance each belongs to. An account whose list fails is logged and skipped.
    public func recentWebinars(of runtime: TenantRuntime) async -> [(instance: ConnectorInstance, webinar: Webinar)] {
        let cutoff = Date() - lookback
        var recent: [(instance: ConnectorInstance, webinar: Webinar)] = []
        for instance in runtime.connectors {
            do {
                let webinars = try await instance.connector.listWebinars()
                recent += webinars.filter { ($0.startTime ?? .distantFuture) >= cutoff }.map { (instance, $0) }
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

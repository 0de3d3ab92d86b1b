import ConnectorKit
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import SyncEngine

/// Reconciles each tenant's recent webinars from the source APIs: at start, after a tenant's
/// configuration changes (so data missed while a setting was off syncs once it is on), and
/// every `reconcile_interval_seconds`. Idempotent: unchanged data writes nothing.
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

    /// Runs until graceful shutdown. Each tenant's reconcile is a child task (cancelled at
    /// shutdown); a tenant is not reconciled again while its previous reconcile still runs.
    public func run() async throws {
        let inFlight = InFlightTenants()
        await withDiscardingTaskGroup { group in
            var lastRun: [String: (version: String, at: Date)] = [:]
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                for runtime in await registry.runtimes {
                    let interval = TimeInterval(runtime.config.sync.reconcileIntervalSeconds)
                    if let last = lastRun[runtime.id], last.version == runtime.config.version,
                        Date().timeIntervalSince(last.at) < interval
                    {
                        continue
                    }
                    guard inFlight.start(runtime.id) else { continue }
                    lastRun[runtime.id] = (runtime.config.version, Date())
                    group.addTask {
                        await reconcile(runtime)
                        inFlight.finish(runtime.id)
                    }
                }
                do { try await Task.sleep(for: .seconds(1)) } catch { break }
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

/// The tenants whose reconcile is running.
private final class InFlightTenants: Sendable {
    private let ids = Mutex<Set<String>>([])

    /// Marks a tenant as running; false when it already was.
    func start(_ id: String) -> Bool { ids.withLock { $0.insert(id).inserted } }

    /// Marks a tenant as done.
    func finish(_ id: String) { ids.withLock { _ = $0.remove(id) } }
}

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
    @discardableResult
    public func reconcile(_ runtime: TenantRuntime) async -> [WebinarAuditEntry] {
        var entries: [WebinarAuditEntry] = []
        let cutoff = Date() - lookback
        for instance in runtime.connectors {
            let webinars: [Webinar]
            do {
                webinars = try await instance.connector.listWebinars()
            } catch {
                logger.error(
                    "cannot list webinars",
                    metadata: [
                        "tenant": .string(runtime.id), "account": .string(instance.connector.routingKey), "error": .string("\(error)"),
                    ])
                continue
            }
            for webinar in webinars where (webinar.startTime ?? .distantFuture) >= cutoff {
                if Task.isCancelled { return entries }
                entries.append(await coordinator.sync(runtime, webinarID: webinar.id, from: instance, trigger: .schedule))
            }
        }
        return entries
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

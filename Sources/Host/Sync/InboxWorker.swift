import ConnectorKit
import Foundation
import Logging
import ServiceLifecycle
import Store
import SyncEngine

/// Drains every tenant's durable inbox: one loop per tenant, so a slow or failing tenant
/// never delays another. Webhook events are decoded by their connector, grouped by webinar,
/// and each affected webinar is synced once from a fresh snapshot (idempotent, so replays
/// and crashes write nothing twice). Failed items are retried with backoff.
public struct InboxWorker: Service {
    let registry: TenantRegistry
    let coordinator: SyncCoordinator
    let store: any StateStore
    let logger: Logger
    let pollInterval: Duration
    let batchSize: Int

    /// Creates the worker.
    public init(
        registry: TenantRegistry, coordinator: SyncCoordinator, store: any StateStore, logger: Logger,
        pollInterval: Duration = .milliseconds(200), batchSize: Int = 200
    ) {
        self.registry = registry
        self.coordinator = coordinator
        self.store = store
        self.logger = logger
        self.pollInterval = pollInterval
        self.batchSize = batchSize
    }

    /// Runs until graceful shutdown.
    public func run() async throws {
        await withDiscardingTaskGroup { group in
            var running: Set<String> = []
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                for runtime in await registry.runtimes where !running.contains(runtime.id) {
                    running.insert(runtime.id)
                    let tenantID = runtime.id
                    group.addTask { await drainForever(tenantID: tenantID) }
                }
                do {
                    try await Task.sleep(for: .seconds(1))
                } catch {
                    break
                }
            }
            group.cancelAll()
        }
    }

    private func drainForever(tenantID: String) async {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            guard let runtime = await registry.runtime(tenantID: tenantID) else { return }
            let processed = await drainOnce(runtime)
            if processed == 0 {
                do { try await Task.sleep(for: pollInterval) } catch { return }
            }
        }
    }

    /// Claims one batch of a tenant's inbox and processes it; returns how many items it handled.
    @discardableResult
    public func drainOnce(_ runtime: TenantRuntime) async -> Int {
        let now = Date()
        let items: [InboxItem]
        do {
            items = try await store.claimInbox(tenantID: runtime.id, limit: batchSize, now: now, leaseUntil: now + 300)
        } catch {
            logger.error("cannot read the inbox", metadata: ["tenant": .string(runtime.id), "error": .string("\(error)")])
            return 0
        }
        guard !items.isEmpty else { return 0 }
        var byWebinar: [String: (instance: ConnectorInstance, items: [InboxItem], cancellations: [Cancellation])] = [:]
        for item in items {
            guard
                let instance = runtime.connectors.first(where: {
                    $0.type == item.connectorType && $0.connector.routingKey == item.routingKey
                })
            else {
                await finish(item, error: nil, note: "its account is no longer connected to the tenant")
                continue
            }
            do {
                let events = try await instance.connector.decodeWebhook(item.body)
                let webinars = Set(events.filter { if case .ignored = $0 { false } else { true } }.compactMap(\.webinarID))
                if webinars.isEmpty { await finish(item, error: nil, note: nil) }
                for webinarID in webinars {
                    byWebinar[webinarID, default: (instance, [], [])].items.append(item)
                }
                for case .cancelled(let cancellation) in events {
                    byWebinar[cancellation.webinarID, default: (instance, [], [])].cancellations.append(cancellation)
                }
            } catch {
                await finish(item, error: nil, note: "undecodable: \(error)")
            }
        }
        for (webinarID, group) in byWebinar.sorted(by: { $0.key < $1.key }) {
            let entry = await coordinator.sync(
                runtime, webinarID: webinarID, from: group.instance, trigger: .webhook, cancellations: group.cancellations)
            for item in group.items {
                await finish(item, error: entry.status == .failed ? "sync failed; see the webinar's audit log" : nil, note: nil)
            }
        }
        return items.count
    }

    private func finish(_ item: InboxItem, error: String?, note: String?) async {
        do {
            if let error {
                let delay = min(300, pow(2, Double(min(item.attempts, 8))))
                try await store.failInboxItem(id: item.id, error: error, retryAt: Date() + delay)
            } else {
                if let note {
                    logger.warning(
                        "webhook event dropped",
                        metadata: ["tenant": .string(item.tenantID), "event": .string(item.eventType), "why": .string(note)])
                }
                try await store.completeInboxItem(id: item.id)
            }
        } catch {
            logger.error("cannot update the inbox", metadata: ["tenant": .string(item.tenantID), "error": .string("\(error)")])
        }
    }
}

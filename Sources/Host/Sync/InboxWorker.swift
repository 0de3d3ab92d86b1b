import ConnectorKit
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import Store
import SyncEngine

/// Drains every tenant's durable inbox when there is something to drain: woken by the
/// ``InboxSignal`` the webhook route notifies after each append, when a tenant is loaded (its
/// inbox may hold items from before a restart), and by one timer for the items waiting for a
/// retry or for a lease to end — never by polling. Tenants drain independently (one task per
/// tenant with work), so a slow or failing tenant never delays another. Webhook events are
/// decoded by their connector and grouped by webinar; each affected webinar is applied from
/// what its events carry or, where they are not enough, from a fresh snapshot
/// (``WebhookApplication``), and all of them are written together (shared HubSpot batches;
/// idempotent, so replays and crashes write nothing twice).
///
/// Poison messages end: a sync that fails permanently (``SyncFailure/permanent``) completes
/// its items at once, with its one audit entry; a transient failure is retried with the
/// ``InboxRetryPolicy``'s backoff and, when its attempts are used up, the item becomes a dead
/// letter with its reason (as does a body its connector cannot decode), until it is replayed
/// or dropped. On start, the leases of this machine's dead processes (a killed predecessor)
/// are released at once.
public struct InboxWorker: Service {
    let registry: TenantRegistry
    let coordinator: SyncCoordinator
    let store: any StateStore
    let logger: Logger
    let signal: InboxSignal
    let batchSize: Int
    let retry: InboxRetryPolicy
    let deadLetters: DeadLetterBoard?
    let incremental: Bool
    let ownership: any TenantOwnership

    /// Creates the worker; `incremental` false syncs every webhook's webinar from a fresh
    /// snapshot (the behaviour before incremental webhooks, for the benchmark's baseline). It
    /// drains only the inboxes of the tenants `ownership` gives this replica.
    public init(
        registry: TenantRegistry, coordinator: SyncCoordinator, store: any StateStore, logger: Logger,
        signal: InboxSignal = InboxSignal(), batchSize: Int = 200, retry: InboxRetryPolicy = .standard,
        deadLetters: DeadLetterBoard? = nil, incremental: Bool = true, ownership: any TenantOwnership = SoleOwnership()
    ) {
        self.incremental = incremental
        self.ownership = ownership
        self.registry = registry
        self.coordinator = coordinator
        self.store = store
        self.logger = logger
        self.signal = signal
        self.batchSize = batchSize
        self.retry = retry
        self.deadLetters = deadLetters
    }

    /// Runs until graceful shutdown.
    public func run() async throws {
        await releaseOrphanedLeases()
        await deadLetters?.refresh()
        let retries = Timetable<String>()
        let draining = DrainingTenants()
        let changes = await registry.changes()
        await withDiscardingTaskGroup { group in
            group.addTask {
                for await change in changes.cancelOnGracefulShutdown() {
                    if case .loaded(let runtime) = change { signal.notify(runtime.id) }
                }
            }
            group.addTask {
                for await tenantID in retries.cancelOnGracefulShutdown() { signal.notify(tenantID) }
            }
            for await _ in signal.wakes.cancelOnGracefulShutdown() {
                for tenantID in signal.take() where draining.begin(tenantID) {
                    group.addTask { await drain(tenantID: tenantID, draining: draining, retries: retries) }
                }
            }
            group.cancelAll()
        }
    }

    /// Releases the leases held by processes of this machine that no longer run (this host's
    /// previous run, killed mid-batch), so their items are processed now rather than when the
    /// leases expire.
    func releaseOrphanedLeases() async {
        do {
            let gone = try await store.inboxLeaseOwners().filter(LeaseHolder.isGone)
            let released = try await store.releaseInboxLeases(heldBy: gone)
            if released > 0 {
                logger.notice("released the inbox items a previous run had claimed", metadata: ["items": .string("\(released)")])
            }
        } catch {
            logger.error("cannot release the inbox leases of a previous run", metadata: ["error": .string("\(error)")])
        }
    }

    /// Drains a tenant until its inbox has nothing due (again when woken meanwhile), then sets
    /// the timer for its next due item, if any.
    private func drain(tenantID: String, draining: DrainingTenants, retries: Timetable<String>) async {
        repeat {
            guard ownership.owns(tenantID), let runtime = await registry.runtime(tenantID: tenantID) else {
                draining.end(tenantID)
                return
            }
            while !Task.isCancelled, ownership.owns(tenantID), await ownership.working(for: tenantID, { await drainOnce(runtime) }) > 0 {}
            if Task.isCancelled { return }
            do {
                if let due = try await store.inboxDueTimes(tenantID: tenantID)[tenantID] {
                    retries.scheduleIfEarlier(tenantID, at: .now + .seconds(max(0.05, due.timeIntervalSinceNow)))
                }
            } catch {
                logger.error("cannot read the inbox", metadata: ["tenant": .string(tenantID), "error": .string("\(error)")])
            }
        } while draining.endOrContinue(tenantID)
    }

    /// Claims one batch of a tenant's inbox and processes it; returns how many items it handled.
    @discardableResult
    public func drainOnce(_ runtime: TenantRuntime) async -> Int {
        let now = Date()
        let items: [InboxItem]
        do {
            items = try await store.claimInbox(
                tenantID: runtime.id, limit: batchSize, now: now, leaseUntil: now + 300, owner: LeaseHolder.current.text)
        } catch {
            logger.error("cannot read the inbox", metadata: ["tenant": .string(runtime.id), "error": .string("\(error)")])
            return 0
        }
        guard !items.isEmpty else { return 0 }
        var done = InboxOutcomes()
        var byWebinar: [String: (instance: ConnectorInstance, items: [InboxItem], events: [SourceEvent])] = [:]
        for item in items {
            guard
                let instance = runtime.connectors.first(where: {
                    $0.type == item.connectorType && $0.connector.routingKey == item.routingKey
                })
            else {
                drop(item, why: "its account is no longer connected to the tenant")
                done.complete(item.id)
                continue
            }
            do {
                let events = try await instance.connector.decodeWebhook(item.body).filter {
                    if case .ignored = $0 { false } else { true }
                }
                let webinars = Set(events.compactMap(\.webinarID))
                if webinars.isEmpty { done.complete(item.id) }
                for webinarID in webinars { byWebinar[webinarID, default: (instance, [], [])].items.append(item) }
                for event in events { if let id = event.webinarID { byWebinar[id]?.events.append(event) } }
            } catch {
                // A verified delivery its connector cannot read will not read better later: kept for inspection.
                await deadLetter(item, reason: "permanent: its connector cannot decode it: \(error)")
            }
        }
        // Items are claimed oldest first, so each webinar's events are in the source's order.
        var batch: [SyncCoordinator.BatchItem] = []
        var batchItems: [[InboxItem]] = []
        for (webinarID, group) in byWebinar.sorted(by: { $0.key < $1.key }) {
            let known = try? await WebinarCatalog(store: store).entry(tenantID: runtime.id, webinarID: webinarID)
            let application =
                incremental
                ? WebhookApplication.decide(
                    events: group.events, known: known?.webinar, now: Date(),
                    fetchesRecordings: group.instance.descriptor.capabilities.contains(.recordingFetch))
                : .snapshot(registrations: [], cancellations: group.events.compactMap { if case .cancelled(let c) = $0 { c } else { nil } })
            guard application != .nothing else {
                group.items.forEach { done.complete($0.id) }
                continue
            }
            var item = SyncCoordinator.BatchItem(webinarID: webinarID, instance: group.instance, application: application)
            item.deletedInSource = group.events.contains { if case .webinarDeleted = $0 { true } else { false } }
            batch.append(item)
            batchItems.append(group.items)
        }
        let trace = RequestTrace.id(ofWebhookBodies: batchItems.flatMap { $0 }.map(\.body))
        let entries = await RequestTrace.$current.withValue(batch.isEmpty ? nil : trace) {
            logger.debug(
                "applying webhook events",
                metadata: ["tenant": .string(runtime.id), "webinars": .string(batch.map(\.webinarID).joined(separator: ","))])
            return await coordinator.syncBatch(runtime, items: batch, trigger: .webhook)
        }
        for (entry, items) in zip(entries, batchItems) {
            for item in items {
                if entry.status == .failed, entry.failure != .permanent {
                    done.fail(
                        InboxItemRef(id: item.id, attempts: item.attempts, connectorType: item.connectorType), reason: Self.reason(entry))
                } else {
                    done.complete(item.id)
                }
            }
            if entry.status == .failed, entry.failure == .permanent, let type = items.first?.connectorType {
                deadLetters?.metrics.count("switchyard_inbox_permanent_failures_total", [("connector", type)], by: items.count)
            }
        }
        await record(done, tenantID: runtime.id)
        return items.count
    }

    /// Records a batch's outcomes: the completed items in one transaction; the failed ones
    /// released for a retry with backoff, or made dead letters when their attempts are used up.
    private func record(_ done: InboxOutcomes, tenantID: String) async {
        do {
            try await store.completeInboxItems(ids: done.completed)
            for (item, reason) in done.failed {
                if retry.isExhausted(afterAttempt: item.attempts) {
                    try await store.deadLetterInboxItem(
                        id: item.id, reason: "retries used up (\(item.attempts) attempts): \(reason)", at: Date())
                    await deadLetters?.added(connectorType: item.connectorType)
                } else {
                    try await store.failInboxItem(id: item.id, error: reason, retryAt: Date() + retry.delay(afterAttempt: item.attempts))
                    deadLetters?.metrics.count("switchyard_inbox_retries_total", [("connector", item.connectorType)])
                }
            }
        } catch {
            logger.error("cannot update the inbox", metadata: ["tenant": .string(tenantID), "error": .string("\(error)")])
        }
    }

    /// Makes an item a dead letter at once.
    private func deadLetter(_ item: InboxItem, reason: String) async {
        logger.warning(
            "webhook event kept as a dead letter",
            metadata: ["tenant": .string(item.tenantID), "event": .string(item.eventType), "why": .string(reason)])
        do {
            try await store.deadLetterInboxItem(id: item.id, reason: reason, at: Date())
            await deadLetters?.added(connectorType: item.connectorType)
        } catch {
            logger.error("cannot update the inbox", metadata: ["tenant": .string(item.tenantID), "error": .string("\(error)")])
        }
    }

    /// Why a sync failed, in one line: its first warning item's detail (secrets are never in
    /// audit entries), bounded.
    static func reason(_ entry: WebinarAuditEntry) -> String {
        let item = entry.warnings.first?.items.first
        let text = item?.detail ?? entry.warnings.first?.title ?? "sync failed"
        let line = "webinar \(entry.webinarID): " + text.replacingOccurrences(of: "\n", with: " ")
        return line.count > 500 ? String(line.prefix(500)) + "…" : line
    }

    private func drop(_ item: InboxItem, why: String) {
        logger.warning(
            "webhook event dropped", metadata: ["tenant": .string(item.tenantID), "event": .string(item.eventType), "why": .string(why)])
    }
}

/// The tenants whose inbox is being drained, and whether each was woken again meanwhile.
private final class DrainingTenants: Sendable {
    private let state = Mutex<[String: Bool]>([:])

    /// Marks a tenant as draining; false when it already was (it will look again).
    func begin(_ tenantID: String) -> Bool {
        state.withLock { state in
            if state[tenantID] != nil {
                state[tenantID] = true
                return false
            }
            state[tenantID] = false
            return true
        }
    }

    /// True when the tenant was woken while draining (drain again); else marks it idle.
    func endOrContinue(_ tenantID: String) -> Bool {
        state.withLock { state in
            if state[tenantID] == true {
                state[tenantID] = false
                return true
            }
            state[tenantID] = nil
            return false
        }
    }

    /// Marks a tenant idle.
    func end(_ tenantID: String) {
        state.withLock { _ = $0.removeValue(forKey: tenantID) }
    }
}

import Foundation
import Logging
import ServiceLifecycle
import Store
import Synchronization

/// Tenant ownership through leases in PostgreSQL, for several replicas on one database.
///
/// Every ``renewInterval`` (and at once when a replica joins or leaves, or the tenants
/// change) the replica records itself alive for ``leaseSeconds``, computes the even
/// assignment of the tenants over the live replicas (``TenantAssignment``), gives up the
/// tenants assigned elsewhere, and takes or renews its own leases (a lease still held by a
/// live other replica is taken only when it expires). Writes for a tenant are fenced by the
/// lease's token (``PostgresStateStore/setFence(_:)``). New inbox work and workflow-action
/// executions taken by any replica wake the owner through `LISTEN`. A replica killed without a
/// goodbye loses its tenants when its leases expire: the others take them within
/// ``leaseSeconds`` + ``renewInterval``.
public final class LeaseOwnership: TenantOwnership, Service {
    /// This replica's id.
    public let replicaID: String
    /// How long a lease (and a replica's liveness) lasts without renewal, in seconds.
    public let leaseSeconds: Double
    /// How often leases are renewed (a third of the lease).
    public var renewInterval: Duration { .milliseconds(Int64(leaseSeconds * 1000 / 3)) }

    private let store: PostgresStateStore
    private let registry: TenantRegistry
    private let inbox: InboxSignal
    private let workflows: InboxSignal
    private let logger: Logger
    private let metrics: HostMetrics?
    private let live = Mutex(0)
    private let liveReplicasChanged: @Sendable (Int) async -> Void
    private let owned = Mutex<[String: Int64]>([:])
    private let broadcast = OwnershipBroadcast()
    private let wake: AsyncStream<Void>.Continuation
    private let wakes: AsyncStream<Void>

    /// Creates the service; `replicaID` must differ between replicas (default: host name and pid).
    /// `workflows` is told the owned tenants whose workflow-action executions changed anywhere.
    public init(
        store: PostgresStateStore, registry: TenantRegistry, inbox: InboxSignal, workflows: InboxSignal = InboxSignal(),
        logger: Logger, replicaID: String? = nil,
        leaseSeconds: Double = 10, metrics: HostMetrics? = nil, liveReplicasChanged: @escaping @Sendable (Int) async -> Void = { _ in }
    ) {
        self.metrics = metrics
        self.liveReplicasChanged = liveReplicasChanged
        self.store = store
        self.registry = registry
        self.inbox = inbox
        self.workflows = workflows
        self.logger = logger
        self.replicaID = replicaID ?? "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
        self.leaseSeconds = leaseSeconds
        (wakes, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    public func owns(_ tenantID: String) -> Bool { owned.withLock { $0[tenantID] != nil } }

    public func ownedTenants() -> Set<String> { owned.withLock { Set($0.keys) } }

    public func leaseEpoch(of tenantID: String) -> LeaseEpoch? {
        owned.withLock { $0[tenantID] }.map { LeaseEpoch(tenantID: tenantID, token: $0) }
    }

    public func changes() -> AsyncStream<OwnershipChange> { broadcast.subscribe() }

    /// Runs until graceful shutdown, then gives its tenants up at once (the others take them
    /// without waiting for the leases to expire).
    public func run() async throws {
        metrics?.onScrape { [weak self] in
            guard let self, let metrics = self.metrics else { return }
            metrics.gauge("switchyard_tenants_owned").record(self.ownedTenants().count)
            metrics.gauge("switchyard_replicas_live").record(self.live.withLock { $0 })
        }
        store.setFence(LeaseFence(replicaID: replicaID) { [weak self] tenantID in self?.owned.withLock { $0[tenantID] } })
        let tenantChanges = await registry.changes()
        await withDiscardingTaskGroup { group in
            group.addTask { await self.listen() }
            group.addTask {
                for await _ in tenantChanges.cancelOnGracefulShutdown() { self.wake.yield() }
            }
            group.addTask {
                while (try? await Task.sleep(for: self.renewInterval)) != nil { self.wake.yield() }
            }
            wake.yield()
            var lastRenewal = ContinuousClock.now
            for await _ in wakes.cancelOnGracefulShutdown() {
                if await cycle() {
                    lastRenewal = .now
                } else if ContinuousClock.now - lastRenewal > .seconds(leaseSeconds) {
                    update(to: [:])  // the leases have expired meanwhile: stop working for them
                }
            }
            group.cancelAll()
        }
        update(to: [:])
        do { try await store.leave(replicaID: replicaID) } catch {
            logger.warning("could not give up the tenant leases", metadata: ["error": .string("\(error)")])
        }
        broadcast.finish()
    }

    /// One round of heartbeat, rebalancing and renewal; false when the database failed.
    private func cycle() async -> Bool {
        do {
            let live = try await store.heartbeat(replicaID: replicaID, seconds: leaseSeconds)
            let count = max(1, live.count)
            if self.live.withLock({ old in
                defer { old = count }; return old != count
            }) {
                await liveReplicasChanged(count)
            }
            metrics?.count("switchyard_lease_renewals_total")
            let tenants = await registry.runtimes.map(\.id)
            let assignment = TenantAssignment.assign(tenants: tenants, replicas: live.contains(replicaID) ? live : live + [replicaID])
            let wanted = tenants.filter { assignment[$0] == replicaID }
            let surplus = ownedTenants().subtracting(wanted)
            if !surplus.isEmpty {
                update(to: owned.withLock { $0.filter { !surplus.contains($0.key) } })
                try await store.releaseLeases(tenantIDs: surplus.sorted(), replicaID: replicaID)
            }
            update(to: try await store.acquireLeases(tenantIDs: wanted, replicaID: replicaID, seconds: leaseSeconds))
            return true
        } catch {
            logger.error("cannot renew the tenant leases", metadata: ["error": .string("\(error)")])
            metrics?.count("switchyard_lease_renewal_failures_total")
            return false
        }
    }

    /// Replaces the owned leases and announces the difference.
    private func update(to leases: [String: Int64]) {
        let before = owned.withLock { owned in
            defer { owned = leases }
            return owned
        }
        for (tenantID, token) in leases where before[tenantID] != token {
            if let old = before[tenantID] {  // taken over meanwhile and taken back: the old lease's work stops
                logger.info("tenant no longer owned here", metadata: ["tenant": .string(tenantID), "token": .stringConvertible(old)])
                broadcast.send(.lost(tenantID))
            }
            logger.info("tenant owned here", metadata: ["tenant": .string(tenantID), "token": .stringConvertible(token)])
            metrics?.count("switchyard_tenant_leases_gained_total")
            broadcast.send(.gained(tenantID))
            inbox.notify(tenantID)
        }
        for tenantID in before.keys where leases[tenantID] == nil {
            logger.info("tenant no longer owned here", metadata: ["tenant": .string(tenantID)])
            metrics?.count("switchyard_tenant_leases_lost_total")
            broadcast.send(.lost(tenantID))
        }
    }

    /// Wakes the inbox worker of owned tenants with new deliveries and their workflow-action
    /// completions with new executions, and rebalances when a replica joins or leaves;
    /// reconnects after a second when the connection fails. Each time it starts listening it
    /// sweeps once, as for a tenant gained: what was announced while it was not listening
    /// (the connection down, or the replica stalled) is not lost.
    private func listen() async {
        let channels = [PostgresStateStore.inboxChannel, PostgresStateStore.membershipChannel, PostgresStateStore.workflowChannel]
        while !Task.isCancelled {
            do {
                try await store.listen(channels, listening: { self.sweep() }) { channel, payload in
                    switch channel {
                    case PostgresStateStore.membershipChannel: if payload != self.replicaID { self.wake.yield() }
                    case PostgresStateStore.workflowChannel: if self.owns(payload) { self.workflows.notify(payload) }
                    default: if self.owns(payload) { self.inbox.notify(payload) }
                    }
                }
            } catch {
                logger.warning("notification connection lost; reconnecting", metadata: ["error": .string("\(error)")])
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    /// Looks at everything a missed notification could have announced: the owned tenants'
    /// inboxes and workflow-action executions, and the membership (a renewal round).
    private func sweep() {
        for tenantID in ownedTenants() {
            inbox.notify(tenantID)
            workflows.notify(tenantID)
        }
        wake.yield()
    }
}

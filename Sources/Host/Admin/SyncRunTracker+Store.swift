import Foundation
import Store

extension SyncRunTracker {
    /// Takes the runs this process should execute: at start, those of the tenants it owns that
    /// nobody executes (queued, or left by a restart or a dead replica), then those of each
    /// tenant it gains and each one requested through another replica, until cancelled.
    func takeRuns() async {
        guard let registry else { return }
        let changes = ownership.changes()
        await registry.waitForFirstLoad()
        await claim(ownership is SoleOwnership ? nil : Array(ownership.ownedTenants()))
        await withDiscardingTaskGroup { group in
            if let listen {
                group.addTask { await self.listenForRequests(listen) }
            }
            for await change in changes {
                if case .gained(let tenantID) = change { await claim([tenantID]) }
            }
        }
    }

    /// Follows the requests made through every replica, reconnecting after a lost connection;
    /// each time it starts listening it takes the owned tenants' runs requested while it was not.
    private func listenForRequests(_ listen: SyncRunRequests) async {
        while !Task.isCancelled {
            do {
                try await listen {
                    let owned = self.ownership.ownedTenants()
                    if !owned.isEmpty { await self.claim(owned.sorted()) }
                } _: { tenantID in
                    if self.ownership.owns(tenantID) { await self.claim([tenantID]) }
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning("lost the sync-run notifications; listening again in 1 s", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Takes the unfinished runs of these tenants (nil: every tenant) that no live process of
    /// this one executes and starts them here from the beginning.
    func claim(_ tenantIDs: [String]?) async {
        guard let registry else { return }
        let claimed: [StoredSyncRun]
        do {
            claimed = try await store.claimSyncRuns(tenantIDs: tenantIDs, executor: executor)
        } catch {
            logger.warning("could not take the queued sync runs", metadata: ["error": "\(error)"])
            return
        }
        for stored in claimed where local[stored.id] == nil {
            guard var run = try? Self.run(stored) else { continue }
            if run.state != .queued {
                logger.info("sync run taken over; starting it again", metadata: ["run": "\(run.id)", "tenant": "\(run.tenantID)"])
            }
            run.state = .queued
            run.progress = .of(.queued)
            run.startedAt = nil
            if let runtime = await registry.runtime(tenantID: run.tenantID) {
                await adopt(run, runtime: runtime)
            } else {
                local[run.id] = run
                await update(run.id) { run in
                    run.state = .failed
                    run.error = "tenant '\(run.tenantID)' is not loaded on this host; fix its file and start the sync again"
                    run.finishedAt = self.now()
                }
            }
        }
    }

    /// The store's record of a run.
    static func record(_ run: SyncRun, executor: String?) throws -> StoredSyncRun {
        StoredSyncRun(
            id: run.id, tenantID: run.tenantID, requestedAt: run.requestedAt, finished: run.state.isFinished, executor: executor,
            stopRequested: run.stopRequested == true, body: try JSONEncoder().encode(run))
    }

    /// A run from the store's record (a stop asked for through another replica included).
    static func run(_ stored: StoredSyncRun) throws -> SyncRun {
        var run = try JSONDecoder().decode(SyncRun.self, from: stored.body)
        if stored.stopRequested { run.stopRequested = true }
        return run
    }
}

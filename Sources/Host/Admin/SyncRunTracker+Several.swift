import Foundation
import SyncEngine

extension SyncRunTracker {
    /// Runs a tenant-wide sync (the webinars the tenant's sources list that are due, as a
    /// reconcile sees them) or a backfill, in batches whose HubSpot writes are shared across
    /// webinars; when asked to stop, it writes the webinars already read and ends.
    func syncSeveral(_ request: Request, run: SyncRun) async {
        let runID = request.runID
        await update(runID, keepingProgress: true) { run in
            run.state = .running
            run.startedAt = self.now()
            run.entries = []
            run.progress = .webinars(
                done: 0, total: 0,
                doing: run.kind == .backfill ? "Finding past webinars in the sources' history" : "Listing the webinars of the sources")
        }
        let progress: @Sendable (Int, Int, String) async -> Void = { done, total, label in
            await self.update(runID, keepingProgress: true) { run in
                run.progress = .webinars(done: done, total: total, doing: "Syncing \(done + 1) of \(total): \(label)")
            }
        }
        let synced: @Sendable (WebinarAuditEntry) async -> Void = { entry in
            await self.update(runID, keepingProgress: true) { run in
                run.entries = (run.entries ?? []) + [entry]
                run.progress.completedSteps = run.entries?.count ?? 0
            }
        }
        let shouldStop: @Sendable () async -> Bool = { await self.isStopRequested(runID) }
        let outcome: (entries: [WebinarAuditEntry], stopped: Bool)
        switch run.kind {
        case .backfill:
            outcome = await Backfill(coordinator: coordinator, logger: logger).run(
                request.runtime, since: run.since ?? Backfill.fromTheStart,
                planned: { plan in
                    await self.update(runID, keepingProgress: true) { run in
                        run.plan = plan
                        run.progress = .webinars(done: 0, total: plan.toSync, doing: "Found \(plan.toSync) webinar(s) to sync")
                    }
                }, progress: progress, synced: synced, shouldStop: shouldStop)
        case .tenant, .webinar:
            guard let registry else {
                await update(runID) { run in
                    run.state = .failed
                    run.error = "this host cannot list the tenant's webinars"
                    run.finishedAt = self.now()
                }
                return
            }
            let scheduler = ReconcileScheduler(registry: registry, coordinator: coordinator, logger: logger, now: now)
            let due = await scheduler.dueWebinars(of: request.runtime)
            outcome = await coordinator.syncSeveral(
                request.runtime, due, trigger: .syncNow, progress: progress, synced: synced, shouldStop: shouldStop)
        }
        let failed = outcome.entries.filter { $0.status == .failed }.count
        await update(runID, keepingProgress: true) { run in
            run.state = outcome.stopped ? .stopped : failed > 0 ? .failed : .succeeded
            run.finishedAt = self.now()
            let total = run.plan?.toSync ?? outcome.entries.count
            let what = outcome.stopped ? "Stopped after" : "Done:"
            run.progress = .webinars(
                done: outcome.entries.count, total: max(total, outcome.entries.count),
                doing: "\(what) \(outcome.entries.count) webinar(s) synced, \(failed) failed")
            if failed > 0 { run.error = "\(failed) of \(outcome.entries.count) webinar syncs failed; see their audit logs" }
        }
    }
}

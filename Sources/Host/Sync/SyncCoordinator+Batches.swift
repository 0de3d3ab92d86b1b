import ConnectorKit
import Foundation
import SyncEngine

extension SyncCoordinator {
    /// Webinars synced together by a reconcile, a tenant-wide "sync now" or a backfill: their
    /// HubSpot writes share batch requests (see ``syncBatch(_:items:trigger:onStart:shouldStop:)``).
    public static let webinarsPerBatch = 25

    /// How a run of several batches ended.
    public struct BatchedRun: Sendable {
        /// One audit entry per webinar synced, in the order of the items.
        public var entries: [WebinarAuditEntry]
        /// Whether `shouldStop` (or cancellation) ended the run before every item was synced.
        public var stopped: Bool
    }

    /// Syncs many webinars of a tenant, ``webinarsPerBatch`` at a time, each batch with shared
    /// HubSpot batch requests and one audit entry (one ledger record set) per webinar.
    ///
    /// `shouldStop` is asked before each webinar's source is read: once it says stop, the
    /// webinars already read are still written (so nothing read is lost and a stopped run
    /// resumes with the rest), and the run ends. `onStart` hears of each webinar before its
    /// source is read (its index among `items`), `synced` of each entry once its batch is written.
    public func syncInBatches(
        _ runtime: TenantRuntime, items: [BatchItem], trigger: SyncTrigger,
        onStart: @Sendable @escaping (Int) async -> Void = { _ in },
        synced: @Sendable @escaping (WebinarAuditEntry) async -> Void = { _ in },
        shouldStop: @Sendable @escaping () async -> Bool = { false }
    ) async -> BatchedRun {
        var entries: [WebinarAuditEntry] = []
        for first in stride(from: 0, to: items.count, by: Self.webinarsPerBatch) {
            let batch = Array(items[first..<min(first + Self.webinarsPerBatch, items.count)])
            let written = await syncBatch(
                runtime, items: batch, trigger: trigger, onStart: { index, _ in await onStart(first + index) }, shouldStop: shouldStop)
            for entry in written { await synced(entry) }
            entries += written
            if written.count < batch.count || Task.isCancelled { return BatchedRun(entries: entries, stopped: true) }
        }
        return BatchedRun(entries: entries, stopped: false)
    }
}

extension SyncCoordinator {
    /// Syncs listed webinars (a tenant-wide "sync now", a backfill) in batches, as
    /// ``syncInBatches(_:items:trigger:onStart:synced:shouldStop:)`` does; `progress` hears of
    /// each webinar before it is read (done so far, total, its topic or id).
    public func syncSeveral(
        _ runtime: TenantRuntime, _ webinars: [(instance: ConnectorInstance, webinar: Webinar)], trigger: SyncTrigger,
        progress: @Sendable @escaping (Int, Int, String) async -> Void, synced: @Sendable @escaping (WebinarAuditEntry) async -> Void,
        shouldStop: @Sendable @escaping () async -> Bool
    ) async -> (entries: [WebinarAuditEntry], stopped: Bool) {
        let items = webinars.map { BatchItem(webinarID: $0.webinar.id, instance: $0.instance) }
        let labels = webinars.map { $0.webinar.topic.isEmpty ? "webinar \($0.webinar.id)" : $0.webinar.topic }
        let run = await syncInBatches(
            runtime, items: items, trigger: trigger, onStart: { index in await progress(index, labels.count, labels[index]) },
            synced: synced, shouldStop: shouldStop)
        return (run.entries, run.stopped)
    }
}

import ConnectorKit
import Foundation
import Logging
import Store

/// Writes a tenant's webinar audit entries to the store, and the webinar's catalog row
/// with its last entry.
public struct AuditRecorder: Sendable {
    /// The tenant.
    public var tenantID: String
    /// The state store.
    public var store: any StateStore
    /// Logger.
    public var logger: Logger
    /// Clock.
    public var now: @Sendable () -> Date

    /// Creates a recorder.
    public init(tenantID: String, store: any StateStore, logger: Logger, now: @escaping @Sendable () -> Date = { Date() }) {
        self.tenantID = tenantID
        self.store = store
        self.logger = logger
        self.now = now
    }

    /// Records a sync that failed as a whole, classified as transient (retried with backoff)
    /// or permanent (see ``SyncFailure``); `items` say why, with the API's message; `sourceName` is the source's name
    /// in sentences (nil when not known).
    public func recordFailure(
        webinarID: String, topic: String?, trigger: SyncTrigger, started: Date, items: [AuditItem], error: any Error,
        sourceName: String?
    ) async -> WebinarAuditEntry {
        let failure = SyncFailure.classify(error)
        if Task.isCancelled || error is CancellationError {
            // The host is shutting down or the tenant moved to another replica: the sync was
            // interrupted, not failed. It runs again at the next start or on the new owner.
            logger.info(
                "webinar sync interrupted (shutdown or hand-over); it runs again",
                metadata: ["tenant": .string(tenantID), "webinar": .string(webinarID)])
            return WebinarAuditEntry(
                webinarID: webinarID, topic: topic, trigger: trigger.rawValue, status: .failed, startedAt: started, finishedAt: now(),
                counts: SyncCounts(), warnings: [], sourceName: sourceName, failure: .transient)
        }
        logger.error(
            failure == .transient ? "webinar sync failed; it will be retried" : "webinar sync failed for good; it is not retried",
            metadata: ["tenant": .string(tenantID), "webinar": .string(webinarID), "error": .string("\(error)")])
        let entry = WebinarAuditEntry(
            webinarID: webinarID, topic: topic, trigger: trigger.rawValue, status: .failed, startedAt: started, finishedAt: now(),
            counts: SyncCounts(), warnings: AuditWarning.grouping(items, sourceName: sourceName ?? "the source"),
            sourceName: sourceName, failure: failure)
        await persist(entry, webinar: nil, source: nil)
        return entry
    }

    /// Appends the entry to the webinar's audit log and, with the webinar, updates its catalog
    /// row: its record, and its last status and counts when `recordsOutcome` (an incremental
    /// sync from webhooks updates the record only; the status stays that of the last full sync).
    public func persist(_ entry: WebinarAuditEntry, webinar: Webinar?, source: SourceAccount?, recordsOutcome: Bool = true) async {
        do {
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            _ = try await store.appendAudit(
                AuditRecord(
                    tenantID: tenantID, webinarID: entry.webinarID, trigger: entry.trigger, status: entry.status.rawValue,
                    startedAt: entry.startedAt, finishedAt: entry.finishedAt, payload: try encoder.encode(entry)))
            if let webinar, let source {
                try await WebinarCatalog(store: store).record(
                    tenantID: tenantID, webinar: webinar, source: source, lastEntry: recordsOutcome ? entry : nil)
            }
        } catch  where Task.isCancelled || error is CancellationError {
            logger.info(
                "audit log entry not stored: the sync was interrupted (shutdown or hand-over)", metadata: ["tenant": .string(tenantID)])
        } catch {
            logger.error("cannot store the audit log entry", metadata: ["tenant": .string(tenantID), "error": .string("\(error)")])
        }
    }
}

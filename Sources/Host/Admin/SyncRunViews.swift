import Foundation
import SyncEngine

/// One "sync now" run — of a webinar, of every webinar the tenant's sources list, or a
/// backfill from the sources' history: queued behind the tenant's other syncs, running, then
/// succeeded, failed or stopped, with the resulting audit-log entries.
public struct SyncRun: Sendable, Codable, Hashable {
    /// What a run syncs.
    public enum Kind: String, Sendable, Codable, Hashable, CaseIterable {
        /// One webinar (`webinarID`).
        case webinar
        /// Every webinar the tenant's sources list that is due (as a reconcile sees it).
        case tenant
        /// The webinars held since `since` that the sources' history still holds (see ``BackfillPlan``).
        case backfill
    }

    /// Where a run is.
    public enum State: String, Sendable, Codable, Hashable, CaseIterable {
        /// Waiting for the tenant's other syncs (a tenant's syncs run one at a time).
        case queued
        /// Taking a snapshot of the webinar and writing to HubSpot.
        case running
        /// Finished; the webinar synced (possibly with warnings, or skipped by the settings).
        case succeeded
        /// Finished; the sync failed (see `error` and the result's warnings).
        case failed
        /// Stopped on request before every webinar was synced (a backfill resumes where it stopped).
        case stopped

        /// Whether the run is over.
        public var isFinished: Bool { self == .succeeded || self == .failed || self == .stopped }
    }

    /// Run id.
    public var id: String
    /// Tenant.
    public var tenantID: String
    /// What it syncs.
    public var kind: Kind
    /// Webinar id (runs of kind `webinar`).
    public var webinarID: String?
    /// The earliest start date of a backfill.
    public var since: Date?
    /// State.
    public var state: State
    /// Progress, for a progress bar.
    public var progress: SyncRunProgress
    /// When it was requested.
    public var requestedAt: Date
    /// When it started running.
    public var startedAt: Date?
    /// When it finished.
    public var finishedAt: Date?
    /// The audit-log entry of the sync, once finished.
    public var result: WebinarAuditEntry?
    /// Why it failed, when it failed without an audit entry (e.g. the tenant has no connector).
    public var error: String?
    /// The forecast of a backfill, once its sources were read.
    public var plan: BackfillPlan?
    /// Runs of several webinars: the audit-log entries of the webinars synced so far, in order.
    public var entries: [WebinarAuditEntry]?
    /// Whether a stop was requested (the webinar in progress finishes first).
    public var stopRequested: Bool?
}

/// How far a run is: steps done of a fixed number, and what happens now.
public struct SyncRunProgress: Sendable, Codable, Hashable {
    /// Steps done (0…`totalSteps`).
    public var completedSteps: Int
    /// Steps in all.
    public var totalSteps: Int
    /// What happens now, in words.
    public var description: String

    static func of(_ state: SyncRun.State) -> SyncRunProgress {
        switch state {
        case .queued: .init(completedSteps: 0, totalSteps: 2, description: "Waiting for the tenant's other syncs to finish")
        case .running: .init(completedSteps: 1, totalSteps: 2, description: "Reading the webinar from its source and writing to HubSpot")
        case .succeeded: .init(completedSteps: 2, totalSteps: 2, description: "Done")
        case .failed: .init(completedSteps: 2, totalSteps: 2, description: "Failed")
        case .stopped: .init(completedSteps: 2, totalSteps: 2, description: "Stopped")
        }
    }

    /// Progress of a run of several webinars: `done` of `total` synced.
    static func webinars(done: Int, total: Int, doing: String) -> SyncRunProgress {
        .init(completedSteps: done, totalSteps: total, description: doing)
    }
}

/// A tenant's recent runs, newest first.
public struct SyncRunList: Sendable, Codable, Hashable {
    public var runs: [SyncRun]
}

import Foundation
import SyncEngine

/// One "sync now" run of a webinar: queued behind the tenant's other syncs, running, then
/// succeeded or failed, with the resulting audit-log entry.
public struct SyncRun: Sendable, Codable, Hashable {
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

        /// Whether the run is over.
        public var isFinished: Bool { self == .succeeded || self == .failed }
    }

    /// Run id.
    public var id: String
    /// Tenant.
    public var tenantID: String
    /// Webinar id.
    public var webinarID: String
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
        }
    }
}

/// A tenant's recent runs, newest first.
public struct SyncRunList: Sendable, Codable, Hashable {
    public var runs: [SyncRun]
}

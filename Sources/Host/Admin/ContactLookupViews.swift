import Foundation
import SyncEngine

/// What Switchyard did with one email address in a tenant, and why: from the ledger (what was
/// written to HubSpot), the participation facts, the audit log (exclusions and failures, with
/// reasons) and the inbox (deliveries not processed yet).
public struct ContactLookup: Sendable, Codable, Hashable {
    /// The overall outcome.
    public enum Outcome: String, Sendable, Codable, Hashable, CaseIterable {
        /// A HubSpot contact was created or updated from this email.
        case synced
        /// Deliveries mentioning the email wait in the inbox; nothing is written yet.
        case pending
        /// The email is excluded (see `reasons`); no contact is written for it.
        case excluded
        /// The email was seen but not synced because of an error or missing data (see `reasons`).
        case notSynced = "not_synced"
        /// Switchyard has no record of this email.
        case unknown
    }

    /// The email as asked.
    public var email: String
    /// The normalized (lower-cased) email Switchyard keys records by.
    public var normalizedEmail: String
    /// The overall outcome.
    public var outcome: Outcome
    /// The outcome in one sentence.
    public var explanation: String
    /// The HubSpot contact written for it, when there is one.
    public var contact: ContactRecordView?
    /// Reasons the current tenant settings alone give (invalid email, excluded domain), and
    /// the reasons of the latest sync of each webinar that mentions it.
    public var reasons: [ContactReasonView]
    /// Per webinar: what was recorded for the person.
    public var webinars: [ContactWebinarView]
    /// Inbox deliveries mentioning the email, not processed yet.
    public var pendingDeliveries: [PendingDeliveryView]
}

/// The HubSpot contact the sync wrote for an email.
public struct ContactRecordView: Sendable, Codable, Hashable {
    /// HubSpot contact id.
    public var hubSpotContactID: String?
    /// When Switchyard last wrote it.
    public var lastWrittenAt: Date
}

/// Why an email was not synced (or not entirely).
public struct ContactReasonView: Sendable, Codable, Hashable {
    /// The reason code, e.g. `excluded_domain`.
    public var reason: AuditReason
    /// The warning kind it belongs to, e.g. `emails_excluded`.
    public var kind: AuditWarningKind
    /// The reason in plain language.
    public var explanation: String
    /// What to do about it.
    public var whatToDo: String
    /// The webinar whose sync recorded it (absent for reasons from the current settings).
    public var webinarID: String?
    /// More detail, e.g. an API error message.
    public var detail: String?
}

/// A person's participation in one webinar, as Switchyard recorded it.
public struct ContactWebinarView: Sendable, Codable, Hashable {
    /// Webinar id.
    public var webinarID: String
    /// Topic, when the webinar is in the catalog.
    public var topic: String?
    /// Registered (and not cancelled).
    public var registered: Bool
    /// Attended.
    public var attended: Bool
    /// Share of the webinar attended, 0–100.
    public var attendancePercent: Double?
    /// Marketing-event participations written: `register`, `attend`, `cancel`.
    public var participationsWritten: [String]
    /// `synced` when written, `excluded` or `not_synced` when the latest sync says so.
    public var outcome: ContactLookup.Outcome
}

/// A webhook delivery waiting in the inbox.
public struct PendingDeliveryView: Sendable, Codable, Hashable {
    /// Event type, e.g. `webinar.registration_created`.
    public var eventType: String
    /// When the host received it.
    public var receivedAt: Date
    /// Processing attempts so far.
    public var attempts: Int
    /// The error of the last failed attempt.
    public var lastError: String?
}

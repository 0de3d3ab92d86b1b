import ConnectorKit
import Foundation
import Store

/// A contact to create or update (by primary email).
public struct PlannedContact: Sendable, Hashable {
    /// Normalized email.
    public var email: String
    /// The contact's id when it exists already.
    public var existingID: String?
    /// Properties to write: names, business units and the source's four properties.
    public var properties: [String: String]
    /// Whether the business units written differ from the contact's (a new or unknown contact,
    /// or one not yet in the source's unit); when false, writing them changes nothing.
    public var unitsChange = true
}

/// A marketing-event participation to record (register, attend or cancel).
public struct PlannedParticipation: Sendable, Hashable {
    /// `register`, `attend` or `cancel` (HubSpot's subscriber states).
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        case register, attend, cancel
    }

    public var state: State
    public var email: String
    /// When it happened (registration time, join time, cancellation time).
    public var interactionAt: Date?
    /// For attendance: first join and last leave.
    public var joinedAt: Date?
    public var leftAt: Date?
}

/// The marketing event that represents the webinar.
public struct PlannedMarketingEvent: Sendable, Hashable {
    public var externalAccountID: String
    public var externalEventID: String
    public var name: String
    public var organizer: String
    public var eventType: String
    public var startAt: Date?
    public var endAt: Date?
    public var url: String?
    public var cancelled: Bool
}

/// A timeline event on a contact.
public struct PlannedTimelineEvent: Sendable, Hashable {
    /// Which template.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case registration, attendance, recording
    }

    /// Deterministic id: the same source fact always gives the same id (HubSpot de-duplicates by it).
    public var id: String
    public var kind: Kind
    public var email: String
    public var timestamp: Date
    /// Token values by token name.
    public var tokens: [String: String]
}

/// The call record of a webinar's recording.
public struct PlannedCall: Sendable, Hashable {
    /// Stable key of the recording (webinar id and instance).
    public var key: String
    public var properties: [String: String]
    /// Emails of the attending contacts to associate.
    public var attendeeEmails: [String]
}

/// Everything one sync of one webinar writes, and why anything is left out.
public struct WebinarPlan: Sendable {
    public var webinar: Webinar
    public var account: SourceAccount
    public var contacts: [PlannedContact]
    public var marketingEvent: PlannedMarketingEvent?
    public var participations: [PlannedParticipation]
    public var timelineEvents: [PlannedTimelineEvent]
    public var call: PlannedCall?
    /// The call records of earlier instances' recordings (see ``WebinarSnapshot/earlierRecordings``), oldest first.
    public var earlierCalls: [PlannedCall] = []
    /// HubSpot ids of the webinar's earlier participants this snapshot does not list, by email:
    /// recipients of its recording's timeline events that no contact write of this plan names.
    public var earlierParticipantIDs: [String: String] = [:]
    /// The participation facts of this webinar after the sync (stored; the properties derive from them).
    public var facts: [ParticipationFact]
    /// Audit items (exclusions, things not synced).
    public var auditItems: [AuditItem]
    /// Counts of the source data.
    public var counts: SyncCounts

    /// Whether the webinar is skipped entirely (settings or support).
    public var skipped: Bool
    /// Whether the plan comes from a full snapshot or from webhook events only; an incremental
    /// plan creates the marketing event when HubSpot has none, but never rewrites one (its
    /// times come from the occurrences, which only a snapshot knows).
    public var mode: PlanningInput.Mode = .full
}

import ConnectorKit
import Foundation
import Store
import TenantConfig

/// Everything the planner needs to decide the writes of one webinar sync.
public struct PlanningInput: Sendable {
    /// A full snapshot replaces what is known of the webinar's people; an incremental one
    /// (built from webhooks) only adds to it.
    public enum Mode: String, Sendable, Hashable {
        case full, incremental
    }

    public var tenantID: String
    public var snapshot: WebinarSnapshot
    public var mode: Mode
    public var settings: SyncSettings
    public var exclusions: Exclusions
    public var account: SourceAccount
    public var directory: PortalDirectory
    /// HubSpot's answer for each normalized email of the snapshot (missing: unknown).
    public var contactStates: [String: ContactState]
    /// Normalized emails the ledger shows a contact was written for before.
    public var previouslySynced: Set<String>
    /// Every stored participation fact of the snapshot's people (all webinars).
    public var existingFacts: [ParticipationFact]
    /// The stored facts of this webinar (from this source), of everyone who took part in it,
    /// including people this snapshot does not list (a registrant list that could not be read).
    public var webinarFacts: [ParticipationFact] = []
    /// Whether to write `hs_all_assigned_business_unit_ids` (tenants with business units).
    public var writeBusinessUnits: Bool
    /// Whether the input is a recording applied from its webhook alone: an incremental snapshot
    /// carrying a recording and no people (the webinar's attendance was settled by the snapshot
    /// taken when it ended, and is in ``webinarFacts``; its participants are the plan's
    /// earlier participants).
    public var isRecordingOnly: Bool { Self.isRecordingOnly(snapshot, mode: mode) }

    /// Whether a snapshot synced in `mode` is a recording applied from its webhook alone.
    public static func isRecordingOnly(_ snapshot: WebinarSnapshot, mode: Mode) -> Bool {
        mode == .incremental && snapshot.recording != nil && snapshot.attendance.isEmpty && snapshot.registrations.isEmpty
            && snapshot.cancellations.isEmpty
    }

    /// Creates an input.
    public init(
        tenantID: String,
        snapshot: WebinarSnapshot,
        mode: Mode,
        settings: SyncSettings,
        exclusions: Exclusions,
        account: SourceAccount,
        directory: PortalDirectory,
        contactStates: [String: ContactState],
        previouslySynced: Set<String>,
        existingFacts: [ParticipationFact],
        writeBusinessUnits: Bool
    ) {
        self.tenantID = tenantID
        self.snapshot = snapshot
        self.mode = mode
        self.settings = settings
        self.exclusions = exclusions
        self.account = account
        self.directory = directory
        self.contactStates = contactStates
        self.previouslySynced = previouslySynced
        self.existingFacts = existingFacts
        self.writeBusinessUnits = writeBusinessUnits
    }

    /// The stored facts of the snapshot's people from this source's webinars (each source's
    /// properties count only its own).
    public var sourceFacts: [ParticipationFact] {
        existingFacts.filter { $0.connectorType == account.connectorType }
    }

    /// Every normalized email in the snapshot (registrations, cancellations, attendance).
    public var emails: Set<String> {
        Set(
            snapshot.registrations.map(\.email) + snapshot.cancellations.map(\.email) + snapshot.attendance.map(\.email)
        ).map(EmailAddress.normalized).reduce(into: Set<String>()) { $0.insert($1) }
    }
}

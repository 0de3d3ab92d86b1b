import Foundation
import SyncEngine

/// A webinar as the admin API lists it, with how its last sync went.
public struct WebinarSummary: Sendable, Codable, Hashable {
    /// Webinar id (digits).
    public var id: String
    /// Topic.
    public var topic: String
    /// Scheduled start.
    public var startTime: Date?
    /// Scheduled length in minutes.
    public var durationMinutes: Int?
    /// The host's email, when known.
    public var hostEmail: String?
    /// The business unit its data is assigned to.
    public var businessUnit: BusinessUnitReference
    /// Connector type, e.g. `webinar-export`.
    public var connectorType: String
    /// The connected account it belongs to.
    public var accountID: String
    /// Whether Switchyard can sync it at all.
    public var supported: Bool
    /// Why not, when it is not supported (e.g. a webinar of an event product the integration skips).
    public var unsupportedReason: String?
    /// `synced`, `synced_with_warnings`, `skipped`, `failed`, or `never_synced`.
    public var syncStatus: String
    /// When the last sync finished.
    public var lastSyncedAt: Date?
    /// What the last sync wrote.
    public var counts: SyncCounts?
    /// The join URL.
    public var joinURL: String?
    /// The registration URL.
    public var registrationURL: String?
}

/// A business unit by id and name.
public struct BusinessUnitReference: Sendable, Codable, Hashable {
    /// HubSpot business unit id.
    public var id: Int
    /// Its name in the tenant file (empty when the unit is no longer configured).
    public var name: String
}

/// A list of tenants, and (for the operator) the tenant files no version of which runs.
public struct TenantList: Sendable, Codable, Hashable {
    public var tenants: [TenantSummary]
    /// Tenant files that have never loaded, with their errors; always empty for a tenant token
    /// (such a file cannot be told to belong to the token's tenant).
    public var failedFiles: [FailedTenantFile]
}

/// A tenant file that does not validate and has no good version running.
public struct FailedTenantFile: Sendable, Codable, Hashable {
    /// The file.
    public var file: String
    /// Its errors, `file:line:column: message`.
    public var errors: [String]
}

/// A tenant's business units.
public struct BusinessUnitList: Sendable, Codable, Hashable {
    public var businessUnits: [BusinessUnitView]
}

/// A tenant's webinars, newest start first.
public struct WebinarList: Sendable, Codable, Hashable {
    public var webinars: [WebinarSummary]
}

/// A webinar's audit log, newest first.
public struct AuditLog: Sendable, Codable, Hashable {
    /// Webinar id.
    public var webinarID: String
    /// The entries (one per sync).
    public var entries: [WebinarAuditEntry]
}

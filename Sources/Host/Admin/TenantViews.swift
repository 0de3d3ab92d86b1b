import Foundation

/// A tenant as the admin API lists it: its state, the configuration version running, and the
/// errors of its file on disk since the last reload.
public struct TenantSummary: Sendable, Codable, Hashable {
    /// Tenant id.
    public var id: String
    /// Name for people.
    public var displayName: String
    /// `ok`, or `degraded` when the file on disk has errors and the last good version runs, or
    /// one of its connectors is failing (see ``connectorErrors``).
    public var state: TenantStatus.State
    /// The configuration version running.
    public var configVersion: ConfigVersionView
    /// The errors of the tenant file on disk (`file:line:column: message`); empty when valid.
    public var lastReloadErrors: [String]
    /// The HubSpot portal id.
    public var portalID: Int
    /// Number of business units.
    public var businessUnitCount: Int
    /// Connectors running, e.g. `webinar-export:tailspin-export`.
    public var connectors: [String]
    /// Webhook deliveries waiting in the tenant's inbox (dead letters not counted).
    public var inboxDepth: Int
    /// Dead letters of the tenant's inbox, waiting for an operator to replay or drop them.
    public var deadLetters: Int = 0
    /// What the tenant's HubSpot portal lacks and what to do (e.g. an optional property whose
    /// add-on is off); empty when nothing.
    public var warnings: [String] = []
    /// What is wrong with the tenant's connector processes (a plugin down or restarting often).
    public var connectorErrors: [String] = []
}

/// Which version of a tenant file runs.
public struct ConfigVersionView: Sendable, Codable, Hashable {
    /// Short hash of the file's bytes.
    public var hash: String
    /// When this version was loaded.
    public var loadedAt: Date
    /// The file it was loaded from.
    public var file: String
}

/// A tenant's settings as loaded. Secrets appear only as their redacted reference,
/// e.g. `<redacted ${env:NORTHWIND_HUBSPOT_TOKEN}>`.
public struct TenantSettingsView: Sendable, Codable, Hashable {
    /// Tenant id.
    public var tenant: String
    /// Name for people.
    public var displayName: String
    /// The configuration version.
    public var configVersion: ConfigVersionView
    /// The HubSpot account.
    public var hubSpot: HubSpotSettingsView
    /// The sync switches and host selections.
    public var sync: SyncSettingsView
    /// The exclusion domains.
    public var exclusions: ExclusionsView
    /// The tenant's admin token (redacted), when configured.
    public var adminToken: String?
    /// Business units and their connected accounts.
    public var businessUnits: [BusinessUnitView]
}

/// The tenant's HubSpot settings (secrets redacted).
public struct HubSpotSettingsView: Sendable, Codable, Hashable {
    public var portalID: Int
    /// API base URL, or `sandbox`.
    public var apiBase: String
    public var accessToken: String
    public var appID: Int?
    public var clientSecret: String?
    public var developerAPIKey: String?
    public var requestsPerTenSeconds: Int
    public var requestsPerDay: Int
}

/// The sync settings, in the words of HubSpot's webinar integrations.
public struct SyncSettingsView: Sendable, Codable, Hashable {
    /// Global sync (an account-admin setting).
    public var globalSync: Bool
    /// Webinar sync (effective only while global sync is on).
    public var webinarSync: Bool
    /// Whether webinar data syncs at all (both switches on).
    public var webinarSyncEffective: Bool
    /// Whose webinars are synced.
    public var webinarHosts: HostSelectionView
    /// Whose recordings and transcripts are synced.
    public var recordingsAndTranscripts: HostSelectionView
    /// Seconds between reconciles of recent webinars.
    public var reconcileIntervalSeconds: Int
}

/// A selection of webinar host users: `none`, `all`, or `selected` with their emails.
public struct HostSelectionView: Sendable, Codable, Hashable {
    /// `none`, `all` or `selected`.
    public var mode: String
    /// The selected users' emails (empty unless `selected`).
    public var users: [String]
}

/// Exclusion domains.
public struct ExclusionsView: Sendable, Codable, Hashable {
    /// Webinars of hosts in these domains are not synced (nor their recordings).
    public var recordingDomains: [String]
    /// People in these domains never become contacts.
    public var contactDomains: [String]
}

/// A business unit and the accounts connected to it.
public struct BusinessUnitView: Sendable, Codable, Hashable {
    /// HubSpot business unit id (0 is the primary "Account" unit).
    public var id: Int
    /// Name.
    public var name: String
    /// Whether this is the primary unit (the workflow action registers only for its webinars).
    public var primary: Bool
    /// Connected accounts (e.g. webinar platform accounts).
    public var connectedAccounts: [ConnectedAccountView]
}

/// One connected source account (a connector instance).
public struct ConnectedAccountView: Sendable, Codable, Hashable {
    /// Connector type, e.g. `webinar-export`.
    public var connectorType: String
    /// The source's name in sentences (its connector's HubSpot profile), e.g. `Webinar export`.
    public var sourceName: String
    /// The account id webhooks route by (e.g. the source's account id).
    public var accountID: String
    /// Whether the connector is running (false when it could not be built).
    public var running: Bool
    /// Per-user settings of the account's webinar hosts.
    public var users: [HostUserView]
    /// The connector's other settings as text (secrets redacted), by key.
    public var settings: [String: String]
}

/// Per-user settings of a webinar host ("Per … user" in HubSpot's webinar integrations).
public struct HostUserView: Sendable, Codable, Hashable {
    /// The host user's email.
    public var email: String
    /// Sync data from newly scheduled webinars by default.
    public var syncNewWebinarsByDefault: Bool
    /// Sync this user's webinar recordings and transcripts.
    public var syncRecordingsAndTranscripts: Bool
    /// Per-webinar sync toggles: webinar id → on/off.
    public var webinarToggles: [String: Bool]
}

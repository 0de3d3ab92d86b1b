import ConnectorKit

/// One tenant, loaded and validated from its YAML file.
public struct TenantConfiguration: Sendable {
    /// Tenant id.
    public var id: String
    /// Name for people.
    public var displayName: String
    /// The file it was loaded from.
    public var sourceFile: String
    /// Short hash of the file's bytes: changes whenever the file changes.
    public var version: String
    /// The HubSpot portal.
    public var hubSpot: HubSpotSettings
    /// Sync settings.
    public var sync: SyncSettings
    /// Exclusion domains.
    public var exclusions: Exclusions
    /// Token for this tenant's admin API, if configured.
    public var adminToken: Secret?
    /// Business units, in file order.
    public var businessUnits: [BusinessUnitConfig] {
        didSet { connectors = businessUnits.flatMap(\.connectors) }
    }
    /// Where the tenant id and the portal id are written (cross-file errors point there).
    public var idLocation: SourceLocation
    /// Where the HubSpot portal id is written.
    public var portalIDLocation: SourceLocation

    /// The primary ("Account") business unit.
    public var primaryBusinessUnit: BusinessUnitConfig? { businessUnits.first(where: \.isPrimary) }

    /// Every connector of every business unit, in file order (kept with ``businessUnits``,
    /// not rebuilt on each read: routing and conflict checks read it per tenant).
    public private(set) var connectors: [ConnectorInstanceConfig]

    init(
        id: String, displayName: String, sourceFile: String, version: String, hubSpot: HubSpotSettings,
        sync: SyncSettings, exclusions: Exclusions, adminToken: Secret?, businessUnits: [BusinessUnitConfig],
        idLocation: SourceLocation, portalIDLocation: SourceLocation
    ) {
        self.id = id
        self.displayName = displayName
        self.sourceFile = sourceFile
        self.version = version
        self.hubSpot = hubSpot
        self.sync = sync
        self.exclusions = exclusions
        self.adminToken = adminToken
        self.businessUnits = businessUnits
        self.idLocation = idLocation
        self.portalIDLocation = portalIDLocation
        self.connectors = businessUnits.flatMap(\.connectors)
    }
}

/// The tenant's HubSpot account.
public struct HubSpotSettings: Sendable {
    /// Portal id.
    public var portalID: Int
    /// API base URL, or `sandbox`.
    public var apiBase: String
    /// Private-app token.
    public var accessToken: Secret
    /// Public app id, if any.
    public var appID: Int?
    /// App client secret (workflow-action signatures), if any.
    public var clientSecret: Secret?
    /// Developer API key, if any.
    public var developerAPIKey: Secret?
    /// Rolling 10-second request limit.
    public var requestsPerTenSeconds: Int
    /// Daily request limit.
    public var requestsPerDay: Int
}

/// Which Zoom users' data a setting covers.
public enum HostSelection: Sendable, Hashable, Codable {
    /// Nobody's.
    case none
    /// Everybody's.
    case all
    /// Only these users' (emails, compared case-insensitively).
    case selected([String])

    /// Whether the user with this email is covered.
    public func includes(_ email: String?) -> Bool {
        switch self {
        case .none: false
        case .all: true
        case .selected(let emails):
            email.map { candidate in
                emails.contains { EmailAddress.normalized($0) == EmailAddress.normalized(candidate) }
            } ?? false
        }
    }
}

/// Sync settings of a tenant.
public struct SyncSettings: Sendable, Hashable, Codable {
    /// Global sync switch.
    public var global: Bool
    /// Webinar sync switch (only effective with global on).
    public var webinars: Bool
    /// Whose webinars are synced.
    public var webinarHosts: HostSelection
    /// Whose recordings and transcripts are synced.
    public var recordingsAndTranscripts: HostSelection
    /// Seconds between reconciles of recent webinars.
    public var reconcileIntervalSeconds: Int
    /// Days after its start during which an already-synced webinar keeps being re-checked by the
    /// reconcile (webinars never fully synced are synced whatever their age).
    public var lookbackDays: Int

    /// Creates settings.
    public init(
        global: Bool,
        webinars: Bool,
        webinarHosts: HostSelection,
        recordingsAndTranscripts: HostSelection,
        reconcileIntervalSeconds: Int = 900,
        lookbackDays: Int = 30
    ) {
        self.lookbackDays = lookbackDays
        self.global = global
        self.webinars = webinars
        self.webinarHosts = webinarHosts
        self.recordingsAndTranscripts = recordingsAndTranscripts
        self.reconcileIntervalSeconds = reconcileIntervalSeconds
    }
}

/// Exclusion domains of a tenant.
public struct Exclusions: Sendable, Hashable, Codable {
    /// Hosts in these domains: their webinars are not synced.
    public var recordingDomains: [String]
    /// People in these domains never become contacts.
    public var contactDomains: [String]

    /// Creates exclusions; domains are lower-cased.
    public init(recordingDomains: [String], contactDomains: [String]) {
        self.recordingDomains = recordingDomains.map { $0.lowercased() }
        self.contactDomains = contactDomains.map { $0.lowercased() }
    }
}

/// A business unit and its connectors.
public struct BusinessUnitConfig: Sendable {
    /// HubSpot business unit id.
    public var id: Int
    /// Name.
    public var name: String
    /// Whether this is the primary "Account" unit.
    public var isPrimary: Bool
    /// Its connectors.
    public var connectors: [ConnectorInstanceConfig]
    /// Where the unit is written.
    public var location: SourceLocation
}

/// One connector entry of a business unit, validated against its connector's spec.
public struct ConnectorInstanceConfig: Sendable {
    /// The connector type, e.g. `zoom`.
    public var type: String
    /// The value of the connector's routing-key field (e.g. the Zoom account id), if it has one.
    public var routingKey: String?
    /// Where the routing key is written.
    public var routingKeyLocation: SourceLocation?
    /// The validated fields (without `type`).
    public var config: ConfigObject
    /// Where the entry is.
    public var location: SourceLocation
}

import ConnectorKit
import Foundation
import TenantConfig

/// A connector built for one business unit of a tenant.
public struct ConnectorInstance: Sendable {
    /// The connector type, e.g. `webinar-export`.
    public var type: String
    /// The type's descriptor (capabilities, actions, HubSpot profile).
    public var descriptor: ConnectorDescriptor
    /// The business unit the connector's data is assigned to.
    public var businessUnitID: Int
    /// Whether that business unit is the primary ("Account") unit.
    public var isPrimaryUnit: Bool
    /// The connector.
    public var connector: any Connector
}

/// A loaded tenant: its configuration and its running connectors.
public struct TenantRuntime: Sendable {
    /// The configuration.
    public var config: TenantConfiguration
    /// Its connectors, in file order.
    public var connectors: [ConnectorInstance]
    /// When this version was loaded.
    public var loadedAt: Date

    /// Tenant id.
    public var id: String { config.id }
}

/// What `/health` and the admin API say about one tenant file.
public struct TenantStatus: Sendable, Codable, Hashable {
    /// `ok`; `degraded` (the last good version runs, the file on disk has errors, or one of
    /// its connector types is failing); `error` (nothing runs for this file).
    public enum State: String, Sendable, Codable, Hashable {
        case ok, degraded, error
    }

    /// Tenant id (of the running version, or as far as the broken file says).
    public var tenant: String?
    /// The file.
    public var file: String
    /// State.
    public var state: State
    /// Version (file hash) of the running configuration.
    public var version: String?
    /// When the running version was loaded.
    public var loadedAt: Date?
    /// Connectors running, e.g. `["webinar-export:tailspin-export"]`.
    public var connectors: [String]
    /// Errors of the file on disk (`file:line:column: message`), empty when it is valid.
    public var errors: [String]
    /// What is wrong with the tenant's connector processes (a plugin that is down or keeps
    /// restarting), naming each connector; empty when they are healthy.
    public var connectorErrors: [String] = []
}

import ConnectorKit
import Foundation
import TenantConfig

/// Turns a loaded tenant into its settings views; secrets become their redacted reference.
enum TenantSettingsViewBuilder {
    static func version(of runtime: TenantRuntime) -> ConfigVersionView {
        ConfigVersionView(hash: runtime.config.version, loadedAt: runtime.loadedAt, file: runtime.config.sourceFile)
    }

    static func settings(of runtime: TenantRuntime) -> TenantSettingsView {
        let config = runtime.config
        let hubSpot = config.hubSpot
        return TenantSettingsView(
            tenant: config.id, displayName: config.displayName, configVersion: version(of: runtime),
            hubSpot: HubSpotSettingsView(
                portalID: hubSpot.portalID, apiBase: hubSpot.apiBase, accessToken: hubSpot.accessToken.description,
                appID: hubSpot.appID, clientSecret: hubSpot.clientSecret?.description,
                developerAPIKey: hubSpot.developerAPIKey?.description, requestsPerTenSeconds: hubSpot.requestsPerTenSeconds,
                requestsPerDay: hubSpot.requestsPerDay),
            sync: SyncSettingsView(
                globalSync: config.sync.global, webinarSync: config.sync.webinars,
                webinarSyncEffective: config.sync.global && config.sync.webinars,
                webinarHosts: selection(config.sync.webinarHosts),
                recordingsAndTranscripts: selection(config.sync.recordingsAndTranscripts),
                reconcileIntervalSeconds: config.sync.reconcileIntervalSeconds),
            exclusions: ExclusionsView(
                recordingDomains: config.exclusions.recordingDomains, contactDomains: config.exclusions.contactDomains),
            adminToken: config.adminToken?.description,
            businessUnits: businessUnits(of: runtime))
    }

    static func businessUnits(of runtime: TenantRuntime) -> [BusinessUnitView] {
        runtime.config.businessUnits.map { unit in
            BusinessUnitView(
                id: unit.id, name: unit.name, primary: unit.isPrimary,
                connectedAccounts: unit.connectors.map { account($0, unit: unit, runtime: runtime) })
        }
    }

    private static func account(_ entry: ConnectorInstanceConfig, unit: BusinessUnitConfig, runtime: TenantRuntime)
        -> ConnectedAccountView
    {
        let instance = runtime.connectors.first {
            $0.type == entry.type && $0.businessUnitID == unit.id && $0.connector.routingKey == entry.routingKey
        }
        let users = (instance?.connector.hostPolicies ?? []).map { policy in
            HostUserView(
                email: policy.email, syncNewWebinarsByDefault: policy.syncNewWebinarsByDefault,
                syncRecordingsAndTranscripts: policy.syncRecordings, webinarToggles: policy.webinarOverrides)
        }
        var settings: [String: String] = [:]
        for (key, value) in entry.config.values where key != "users" && value != .null {
            settings[key] = value.displayText
        }
        let descriptor = (instance ?? runtime.connectors.first { $0.type == entry.type })?.descriptor
        return ConnectedAccountView(
            connectorType: entry.type, sourceName: descriptor?.hubSpotProfile.sourceName ?? entry.type,
            accountID: entry.routingKey ?? instance?.connector.routingKey ?? "",
            running: instance != nil, users: users, settings: settings)
    }

    private static func selection(_ selection: HostSelection) -> HostSelectionView {
        switch selection {
        case .none: HostSelectionView(mode: "none", users: [])
        case .all: HostSelectionView(mode: "all", users: [])
        case .selected(let emails): HostSelectionView(mode: "selected", users: emails)
        }
    }
}

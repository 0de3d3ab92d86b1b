import Foundation
import ConnectorKit
import Host
import Sandbox
import TenantConfig
import ZoomConnector

/// Builds the sandbox scenario input from the tenants that point at the sandbox, so the
/// simulated accounts accept exactly the credentials of the tenant files.
public enum SandboxScenarioInput {
    /// Whether a tenant uses the sandbox for HubSpot or any Zoom account.
    static func usesSandbox(_ tenant: TenantConfiguration) -> Bool {
        tenant.hubSpot.apiBase == "sandbox"
            || tenant.connectors.contains { connector in
                (try? ZoomConnectorConfig(connector.config)).map { $0.apiBase == "sandbox" || $0.oauthBase == "sandbox" } ?? false
            }
    }

    /// The scenario's reference date: the start of the current UTC day, so a seed gives the
    /// same data all day long.
    public static func referenceDate(now: Date = Date()) -> Date {
        Date(timeIntervalSince1970: (now.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400)
    }

    /// The scenario input of every sandbox tenant (nil when there is none).
    public static func make(from tenants: [TenantConfiguration], sizes: ScenarioSizes = ScenarioSizes()) -> ScenarioInput? {
        let scenarioTenants = tenants.filter(usesSandbox).map(scenarioTenant)
        return scenarioTenants.isEmpty ? nil : ScenarioInput(tenants: scenarioTenants, sizes: sizes)
    }

    /// One tenant: its portal, and its Zoom accounts ordered as the generator expects
    /// (the primary unit's account first, then one per other business unit).
    static func scenarioTenant(_ tenant: TenantConfiguration) -> ScenarioTenant {
        var accounts: [ZoomAccountCredentials] = []
        var extraUnits: [HubSpotPortalSeed.BusinessUnit] = []
        let units = tenant.businessUnits.filter(\.isPrimary) + tenant.businessUnits.filter { !$0.isPrimary }
        for unit in units {
            guard let zoom = unit.connectors.lazy.compactMap({ try? ZoomConnectorConfig($0.config) }).first else { continue }
            if !unit.isPrimary { extraUnits.append(HubSpotPortalSeed.BusinessUnit(id: unit.id, name: unit.name)) }
            accounts.append(
                ZoomAccountCredentials(
                    accountID: zoom.accountID,
                    clientID: zoom.clientID,
                    clientSecret: zoom.clientSecret.reveal(),
                    webhookSecretToken: zoom.webhookSecretToken.reveal(),
                    hostEmails: zoom.users.isEmpty ? ["host@\(tenant.id).example"] : zoom.users.map(\.email),
                    plan: zoom.plan == "pro" ? "pro" : "business"
                ))
        }
        return ScenarioTenant(
            portal: HubSpotPortalCredentials(
                portalID: tenant.hubSpot.portalID,
                accessToken: tenant.hubSpot.accessToken.reveal(),
                appID: tenant.hubSpot.appID,
                developerAPIKey: tenant.hubSpot.developerAPIKey?.reveal(),
                clientSecret: tenant.hubSpot.clientSecret?.reveal()
            ),
            extraBusinessUnits: extraUnits,
            zoomAccounts: accounts,
            contactExclusionDomains: tenant.exclusions.contactDomains
        )
    }
}

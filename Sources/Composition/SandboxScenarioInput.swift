import Foundation
import ConnectorKit
import Host
import Sandbox
import TenantConfig
import ZoomConnector

/// Builds the sandbox scenario input from the tenants that point at the sandbox, so the
/// simulated accounts accept exactly the credentials of the tenant files.
public enum SandboxScenarioInput {
    /// Whether a tenant uses the sandbox for HubSpot, any Zoom account or any Teams tenant.
    static func usesSandbox(_ tenant: TenantConfiguration) -> Bool {
        tenant.hubSpot.apiBase == "sandbox"
            || tenant.connectors.contains { connector in
                (try? ZoomConnectorConfig(connector.config)).map { $0.apiBase == "sandbox" || $0.oauthBase == "sandbox" } ?? false
            }
            || tenant.connectors.contains { connector in
                connector.type == "teams" && teamsTenant(connector.config, unit: .init(id: 0, name: "Account"))?.usesSandbox == true
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
        var teamsTenants: [GraphTenantCredentials] = []
        for unit in units {
            for connector in unit.connectors where connector.type == "teams" {
                if let teams = teamsTenant(connector.config, unit: .init(id: unit.id, name: unit.name)) {
                    teamsTenants.append(teams.credentials)
                }
            }
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
            contactExclusionDomains: tenant.exclusions.contactDomains,
            teamsTenants: teamsTenants
        )
    }

    /// The Entra tenant of a `type: teams` connector entry (its fields as the Teams connector's
    /// spec names them: `tenant_id`, `client_id`, `client_secret`, `organizers` — emails, or
    /// mappings with an `email` — `graph_base_url` and `token_url`), and whether either URL is
    /// `sandbox`; nil when a required field is missing.
    static func teamsTenant(_ config: ConfigObject, unit: HubSpotPortalSeed.BusinessUnit)
        -> (credentials: GraphTenantCredentials, usesSandbox: Bool)?
    {
        func text(_ key: String) -> String? {
            switch config[key] {
            case .string(let value)?: value
            case .secret(let secret)?: secret.reveal()
            default: nil
            }
        }
        guard let tenantID = text("tenant_id"), let clientID = text("client_id"), let secret = text("client_secret") else {
            return nil
        }
        let organizers: [String] = ((try? config.list("organizers")) ?? []).compactMap { item in
            switch item {
            case .string(let email): email
            case .object(let object): (try? object.optionalString("email")) ?? nil
            default: nil
            }
        }
        let credentials = GraphTenantCredentials(
            tenantID: tenantID, clientID: clientID, clientSecret: secret,
            organizerEmails: organizers.isEmpty ? ["organizer@\(tenantID.prefix(8)).example"] : organizers, businessUnit: unit)
        return (credentials, text("graph_base_url") == "sandbox" || text("token_url") == "sandbox")
    }
}

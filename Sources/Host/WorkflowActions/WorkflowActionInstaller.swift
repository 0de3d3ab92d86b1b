import AsyncHTTPClient
import ConnectorKit
import Foundation
import Logging
import Store
import SyncEngine
import TenantConfig

/// Why the workflow action could not be installed for a tenant.
public struct WorkflowActionInstallError: Error, Sendable, CustomStringConvertible {
    /// What went wrong and what to do.
    public var message: String
    /// The message.
    public var description: String { message }
}

/// What installing one workflow action did.
public struct InstalledWorkflowAction: Sendable, Equatable {
    /// The action.
    public var action: WebinarRegistrationWorkflowAction
    /// The URL it calls.
    public var url: String
    /// Created, updated or unchanged.
    public var outcome: WebinarRegistrationWorkflowAction.InstallOutcome
}

/// Installs the workflow actions of a tenant's connector types for one tenant on demand
/// (`switchyard hubspot install-action TENANT`), outside a running host.
public enum WorkflowActionInstaller {
    /// Installs (or updates) each workflow action the HubSpot profiles of the tenant's connector
    /// types declare in the tenant's app, so that it calls `publicURL` + `/actions/{type}/{segment}`.
    ///
    /// - Parameters:
    ///   - tenant: the tenant, as loaded from its file.
    ///   - connectors: the registered connector types (their profiles declare the actions).
    ///   - publicURL: the URL HubSpot reaches the host at.
    ///   - hubSpotBaseURL: a HubSpot API base overriding the tenant's `api_base` (needed for
    ///     `api_base: sandbox`: the address of the running sandbox).
    public static func install(
        tenant: TenantConfiguration, connectors: ConnectorRegistry, publicURL: String, hubSpotBaseURL: String?, httpClient: HTTPClient,
        logger: Logger
    ) async throws -> [InstalledWorkflowAction] {
        var config = tenant
        guard config.hubSpot.appID != nil, config.hubSpot.developerAPIKey != nil else {
            throw WorkflowActionInstallError(
                message:
                    "tenant '\(tenant.id)' has no hubspot.app_id and hubspot.developer_api_key; workflow actions belong to a HubSpot app, add both to its tenant file"
            )
        }
        if let hubSpotBaseURL { config.hubSpot.apiBase = hubSpotBaseURL }
        guard config.hubSpot.apiBase != "sandbox" else {
            throw WorkflowActionInstallError(
                message:
                    "tenant '\(tenant.id)' uses the HubSpot sandbox; pass --hubspot-url with the sandbox address the host logged (e.g. http://127.0.0.1:40123)"
            )
        }
        let coordinator = SyncCoordinator(
            store: try SQLiteStateStore(path: nil), httpClient: httpClient, sandboxBaseURLs: [:], logger: logger)
        let actions = Set(tenant.connectors.map(\.type)).sorted().flatMap { type in
            connectors.descriptor(named: type).map {
                WebinarRegistrationWorkflowAction.all(connectorType: type, profile: $0.hubSpotProfile)
            }
                ?? []
        }
        guard !actions.isEmpty else {
            throw WorkflowActionInstallError(
                message: "the connectors of tenant '\(tenant.id)' declare no workflow action; there is nothing to install")
        }
        let client = try await coordinator.hubSpotClient(for: config)
        var installed: [InstalledWorkflowAction] = []
        for action in actions {
            let url = publicURL + action.path
            installed.append(
                InstalledWorkflowAction(action: action, url: url, outcome: try await action.install(client: client, actionURL: url)))
        }
        return installed
    }
}

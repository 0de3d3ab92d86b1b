import AsyncHTTPClient
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

/// Installs "Add contact to Zoom webinar" for one tenant on demand
/// (`switchyard hubspot install-action TENANT`), outside a running host.
public enum WorkflowActionInstaller {
    /// Installs (or updates) the definition in the tenant's app so that it calls
    /// `publicURL` + `/actions/zoom/register`.
    ///
    /// - Parameters:
    ///   - tenant: the tenant, as loaded from its file.
    ///   - publicURL: the URL HubSpot reaches the host at.
    ///   - hubSpotBaseURL: a HubSpot API base overriding the tenant's `api_base` (needed for
    ///     `api_base: sandbox`: the address of the running sandbox).
    public static func install(
        tenant: TenantConfiguration, publicURL: String, hubSpotBaseURL: String?, httpClient: HTTPClient, logger: Logger
    ) async throws -> ZoomWebinarWorkflowAction.InstallOutcome {
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
        let client = try await coordinator.hubSpotClient(for: config)
        return try await ZoomWebinarWorkflowAction.install(client: client, actionURL: publicURL + ZoomWebinarWorkflowAction.path)
    }
}

import ArgumentParser
import AsyncHTTPClient
import Foundation
import Composition
import Host
import SyncEngine
import TenantConfig

/// `switchyard hubspot …`: HubSpot-side setup of a tenant.
struct HubSpotCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hubspot",
        abstract: "Set up a tenant's HubSpot app.",
        subcommands: [InstallActionCommand.self]
    )
}

/// `switchyard hubspot install-action TENANT`: installs the workflow action now.
struct InstallActionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install-action",
        abstract: "Install (or update) the workflow action 'Add contact to Zoom webinar' in the tenant's HubSpot app.",
        discussion: """
            Idempotent: an installed definition is updated when its URL or labels changed, and left alone otherwise. \
            Needs the tenant's hubspot.app_id and hubspot.developer_api_key. The host also installs it during setup.
            """
    )

    @Argument(help: "Tenant id.") var tenant: String
    @Option(name: .long, help: "Tenants directory (env SWITCHYARD_TENANTS; default tenants).") var tenants: String?
    @Option(name: .long, help: "The URL HubSpot reaches the host at (env SWITCHYARD_PUBLIC_URL).") var publicURL: String?
    @Option(name: .long, help: "HubSpot API base URL, overriding the tenant's api_base (required for api_base: sandbox).")
    var hubspotURL: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        guard let url = publicURL ?? environment["SWITCHYARD_PUBLIC_URL"] else {
            printError(
                "switchyard: pass --public-url (or set SWITCHYARD_PUBLIC_URL): the URL HubSpot reaches this host at, e.g. https://switchyard.example.com"
            )
            throw ExitCode.failure
        }
        let publicURL = try HostOptions.publicURL(url)
        let directory = tenants ?? environment["SWITCHYARD_TENANTS"] ?? "tenants"
        let loaded = try TenantLoader(registry: BuiltInConnectors.registry, environment: environment).loadDirectory(directory)
        guard let config = loaded.tenants.first(where: { $0.id == tenant }) else {
            let known = loaded.tenants.map(\.id).joined(separator: ", ")
            printError("switchyard: no valid tenant '\(tenant)' in \(directory) (tenants: \(known.isEmpty ? "none" : known))")
            throw ExitCode.failure
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        defer { _ = client.shutdown() }
        let logger = LoggingSetup.bootstrap(format: .text, level: .warning)
        do {
            let installed = try await WorkflowActionInstaller.install(
                tenant: config, connectors: BuiltInConnectors.registry, publicURL: publicURL, hubSpotBaseURL: hubspotURL,
                httpClient: client, logger: logger)
            for item in installed {
                let what: String
                switch item.outcome {
                case .created: what = "installed"
                case .updated: what = "updated"
                case .unchanged: what = "already installed and up to date"
                }
                print(
                    "Workflow action '\(item.action.profile.actionName)' \(what) for tenant '\(tenant)' (definition \(item.outcome.definitionID)), calling \(item.url)"
                )
            }
        } catch let error as WorkflowActionInstallError {
            printError("switchyard: \(error.message)")
            throw ExitCode.failure
        } catch {
            printError("switchyard: could not install the workflow action for tenant '\(tenant)': \(error)")
            throw ExitCode.failure
        }
    }
}

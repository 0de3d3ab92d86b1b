import ArgumentParser
import Foundation
import Composition
import Host

/// `switchyard sandbox`: the simulated Zoom, HubSpot and Microsoft Graph APIs, standing alone.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Serve the simulated Zoom, HubSpot and Microsoft Graph APIs (seeded scenario) on one port.",
        discussion: """
            The accounts are those of the tenants in --tenants whose api_base is 'sandbox' (so the tenant files' \
            credentials work), or Switchyard's default two-tenant scenario. Zoom is served under /oauth/token and /v2, \
            HubSpot under its own paths, Microsoft Graph under /v1.0 (token at /{tenantId}/oauth2/v2.0/token), \
            inspection under /_sandbox/ (scenario, zoom/…, hubspot/…, graph/…).
            """
    )

    @Option(name: .long, help: "Address to bind.") var bind = "127.0.0.1"
    @Option(name: .long, help: "Port (0: any free port).") var port = 8090
    @Option(name: .long, help: "Scenario seed: the same seed gives the same data.") var seed: UInt64 = 7
    @Option(name: .long, help: "Tenants directory to take the accounts from.") var tenants = "tenants"
    @Flag(name: .long, help: "Serve the default scenario instead of the tenants' accounts.") var defaultScenario = false
    @OptionGroup var plugins: PluginOptions

    func run() async throws {
        let logger = LoggingSetup.bootstrap(format: .text, level: .info)
        // Tenant files may name plugin types: their config specs come from the plugins' handshakes.
        let connectors = try await plugins.withConnectors { registry, _ in registry }
        let sandbox = StandaloneSandbox(
            bindAddress: bind, port: port, seed: seed, tenantsDirectory: defaultScenario ? nil : tenants, logger: logger,
            connectors: connectors)
        try await sandbox.run { port, server in
            let origin = "http://\(bind):\(port)"
            let line =
                "sandbox listening on \(origin): Zoom API at \(origin)/v2 (OAuth at \(origin)/oauth/token), HubSpot API at \(origin), "
                + "Microsoft Graph at \(origin)/v1.0 (token at \(origin)/{tenantId}/oauth2/v2.0/token); "
                + "\(server.scenario.zoomAccounts.count) Zoom accounts, \(server.scenario.hubSpotPortals.count) HubSpot portals, "
                + "\(server.scenario.graphTenants.count) Entra tenants, "
                + "seed \(seed); inspect at \(origin)/_sandbox/scenario"
            logger.notice("\(line)")
        }
    }
}

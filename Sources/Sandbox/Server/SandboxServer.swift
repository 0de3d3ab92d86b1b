import AsyncHTTPClient
import Foundation
import Hummingbird

/// The simulators (Zoom, HubSpot and Microsoft Graph) on one HTTP server, seeded from one scenario.
///
/// Zoom is served under `/oauth/token`, `/v2/…` and `/rec/download/…`; HubSpot under its own
/// paths (`/crm/…`, `/marketing/…`, `/integrators/…`, `/automation/…`, `/settings/…`,
/// `/business-units/…`); Graph under `/v1.0/…` and its token endpoint under
/// `/{tenantId}/oauth2/v2.0/token`; inspection and control under `/_sandbox/zoom/…`,
/// `/_sandbox/hubspot/…` and `/_sandbox/graph/…`. The paths do not overlap, as they do not
/// between the real APIs.
public final class SandboxServer: Sendable {
    /// The Zoom simulator.
    public let zoom: ZoomSimulator
    /// The HubSpot simulator.
    public let hubspot: HubSpotSimulator
    /// The Microsoft Graph simulator (Teams webinars).
    public let graph: GraphSimulator
    /// The scenario both were seeded from.
    public let scenario: SandboxScenario

    /// Creates both simulators from a scenario.
    public init(
        scenario: SandboxScenario,
        zoomConfiguration: ZoomSimulatorConfiguration = ZoomSimulatorConfiguration(),
        hubSpotRateLimits: HubSpotRateLimits = HubSpotRateLimits(),
        graphConfiguration: GraphSimulatorConfiguration = GraphSimulatorConfiguration(),
        httpClient: HTTPClient = .shared
    ) {
        self.scenario = scenario
        self.zoom = ZoomSimulator(accounts: scenario.zoomAccounts, configuration: zoomConfiguration, httpClient: httpClient)
        self.hubspot = HubSpotSimulator(portals: scenario.hubSpotPortals, rateLimits: hubSpotRateLimits, httpClient: httpClient)
        self.graph = GraphSimulator(tenants: scenario.graphTenants, configuration: graphConfiguration, httpClient: httpClient)
    }

    /// The base URLs clients use for a server at `origin` (e.g. `http://127.0.0.1:8090`), by
    /// service: `zoom` (API, with `/v2`), `zoom_oauth`, `hubspot`, `graph` (with `/v1.0`, like
    /// `https://graph.microsoft.com/v1.0`) and `graph_login` (the authority host, like
    /// `https://login.microsoftonline.com`: the token URL is `{graph_login}/{tenantId}/oauth2/v2.0/token`).
    public static func baseURLs(origin: String) -> [String: String] {
        ["zoom": origin + "/v2", "zoom_oauth": origin, "hubspot": origin, "graph": origin + "/v1.0", "graph_login": origin]
    }

    /// Adds every simulator's routes to a router.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        zoom.addRoutes(to: router)
        hubspot.addRoutes(to: router)
        graph.addRoutes(to: router)
        router.get("/_sandbox/scenario") { _, _ in try JSONResponse(self.scenario) }
        router.get("/_sandbox") { _, _ in try JSONResponse(self.index) }
    }

    /// An application serving both on `host:port` (0: an ephemeral port); `onServerRunning`
    /// receives the bound port.
    public func makeApplication(
        host: String = "127.0.0.1",
        port: Int = 0,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> Application<RouterResponder<BasicRequestContext>> {
        let router = Router()
        addRoutes(to: router)
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "Switchyard-Sandbox"),
            onServerRunning: { [zoom] channel in
                let bound = channel.localAddress?.port ?? port
                zoom.setBaseURL("http://\(host):\(bound)")
                await onServerRunning(bound)
            }
        )
    }
}

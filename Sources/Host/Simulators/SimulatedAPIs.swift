import AsyncHTTPClient
import Logging
import TenantConfig

/// Simulated provider APIs (the sandbox) that tenants reach by writing `sandbox` instead of a
/// URL. The host library knows only this seam; the simulators themselves are a separate
/// product, started by the composition root (the `switchyard` executable) through a
/// ``SimulatedAPIsLauncher``.
public protocol SimulatedAPIs: Sendable {
    /// Where they listen, e.g. `http://127.0.0.1:40123`.
    var origin: String { get }
    /// Base URLs by service name (e.g. `hubspot` and each source's API), for connectors and
    /// HubSpot clients configured with `sandbox`.
    var baseURLs: [String: String] { get }
    /// Called once the host listens: the simulated sources deliver their webhooks to the host,
    /// at `{hostBaseURL}/webhooks/{type}` for each running connector `(type, routing key)`.
    func hostStarted(baseURL hostBaseURL: String, connectors: [(type: String, routingKey: String)], httpClient: HTTPClient) async
}

/// Starts the ``SimulatedAPIs`` a host needs, or none, for the duration of a body.
public protocol SimulatedAPIsLauncher: Sendable {
    /// Runs `body` with the simulators these settings and tenants ask for (seeded so the
    /// tenants' credentials work), or with nil when nothing needs them; simulators started
    /// here stop when `body` returns or throws.
    func withSimulators<Result: Sendable>(
        settings: HostSettings, tenants: [TenantConfiguration], httpClient: HTTPClient, logger: Logger,
        _ body: @Sendable ((any SimulatedAPIs)?) async throws -> Result
    ) async throws -> Result
}

import AsyncHTTPClient
import Foundation
import Host
import Logging
import Sandbox
import ServiceLifecycle
import TenantConfig

/// The simulators a host uses for its `sandbox` tenants: started in-process (embedded), or
/// already running elsewhere (`switchyard sandbox`, `--sandbox-url`).
public struct EmbeddedSandbox: SimulatedAPIs {
    /// Where the simulators listen, e.g. `http://127.0.0.1:40123`.
    public let origin: String
    /// The in-process simulators, when embedded.
    public let server: SandboxServer?
    let logger: Logger

    /// Base URLs by service, for connectors and HubSpot clients configured with `sandbox`.
    public var baseURLs: [String: String] { SandboxServer.baseURLs(origin: origin) }

    /// Makes the simulated Zoom accounts push their webhooks to the host: in-process, or
    /// through the sandbox's control API (`PUT /_sandbox/zoom/accounts/{id}/webhook`).
    public func hostStarted(baseURL hostBaseURL: String, connectors: [(type: String, routingKey: String)], httpClient: HTTPClient)
        async
    {
        let zoomAccounts = connectors.filter { $0.type == "zoom" }.map(\.routingKey)
        let url = hostBaseURL + "/webhooks/zoom"
        if let server {
            for accountID in zoomAccounts { _ = server.zoom.setWebhookURL(accountID: accountID, url: url) }
            return
        }
        for accountID in zoomAccounts {
            let encoded = accountID.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? accountID
            var request = HTTPClientRequest(url: "\(origin)/_sandbox/zoom/accounts/\(encoded)/webhook")
            request.method = .PUT
            request.headers.add(name: "Content-Type", value: "application/json")
            let body = try? JSONEncoder().encode(["url": url])
            request.body = .bytes(body ?? Data())
            do {
                _ = try await httpClient.execute(request, timeout: .seconds(5))
            } catch {
                logger.warning(
                    "cannot point the sandbox's webhooks at this host",
                    metadata: ["account": .string(accountID), "sandbox": .string(origin), "error": .string("\(error)")])
            }
        }
    }
}

/// Starts the sandbox for `switchyard serve`: the one at `--sandbox-url`, or the embedded
/// simulators when the settings and tenants ask for them.
public struct EmbeddedSandboxLauncher: SimulatedAPIsLauncher {
    /// Creates the launcher.
    public init() {}

    /// Runs `body` with the sandbox the settings and tenants ask for, or with nil.
    public func withSimulators<Result: Sendable>(
        settings: HostSettings, tenants: [TenantConfiguration], httpClient: HTTPClient, logger: Logger,
        _ body: @Sendable ((any SimulatedAPIs)?) async throws -> Result
    ) async throws -> Result {
        if let origin = settings.sandboxURL {
            logger.notice("using the sandbox (simulated Zoom and HubSpot APIs) at \(origin)")
            return try await body(EmbeddedSandbox(origin: origin, server: nil, logger: logger))
        }
        guard settings.sandbox != .off,
            let input = SandboxScenarioInput.make(from: tenants) ?? (settings.sandbox == .on ? ScenarioInput.default : nil)
        else { return try await body(nil) }
        let scenario = ScenarioGenerator.generate(input, seed: settings.sandboxSeed, referenceDate: SandboxScenarioInput.referenceDate())
        let server = SandboxServer(scenario: scenario, httpClient: httpClient)
        let statePath = Self.statePath(hostStatePath: settings.statePath)
        let scenarioKey = "seed-\(settings.sandboxSeed)"
        if let statePath {
            if let saved = try SandboxServer.savedState(at: statePath, scenarioKey: scenarioKey) {
                let restored = server.restore(saved)
                logger.notice("sandbox state restored from \(statePath) (\(restored) portals and accounts, saved \(saved.savedAt))")
            }
            try server.saveState(to: statePath, scenarioKey: scenarioKey)
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = server.makeApplication(host: "127.0.0.1", port: settings.sandboxPort) { port in continuation.yield(port) }
        var services: [any Service] = [app]
        if let statePath { services.append(SandboxPersister(server: server, path: statePath, scenarioKey: scenarioKey)) }
        return try await withGracefulServices(services, logger: logger) {
            guard let port = await ports.first(where: { _ in true }) else {
                throw HostStartupError(message: "the sandbox did not start")
            }
            let origin = "http://127.0.0.1:\(port)"
            logger.notice("sandbox (simulated Zoom and HubSpot APIs) listening on \(origin); inspect it under \(origin)/_sandbox/")
            return try await body(EmbeddedSandbox(origin: origin, server: server, logger: logger))
        }
    }

    /// Where the embedded sandbox keeps its state: beside the host's state file
    /// (`.switchyard/state.sqlite` → `.switchyard/state-sandbox.json`); nil for an in-memory host.
    public static func statePath(hostStatePath: String?) -> String? {
        guard let hostStatePath, hostStatePath != ":memory:" else { return nil }
        return (hostStatePath as NSString).deletingPathExtension + "-sandbox.json"
    }
}

/// Saves the embedded sandbox's state after every burst of changes, and once more when the
/// host shuts down.
private struct SandboxPersister: Service {
    let server: SandboxServer
    let path: String
    let scenarioKey: String

    func run() async {
        await cancelWhenGracefulShutdown { [server, path, scenarioKey] in
            await server.persistChanges(to: path, scenarioKey: scenarioKey)
        }
    }
}

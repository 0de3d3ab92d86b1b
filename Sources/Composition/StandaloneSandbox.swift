import ConnectorKit
import Host
import Foundation
import Hummingbird
import Logging
import Sandbox
import ServiceLifecycle
import TenantConfig

/// `switchyard sandbox`: both simulators standing alone, seeded from the sandbox tenants of a
/// tenants directory (or Switchyard's default two-tenant scenario).
public struct StandaloneSandbox: Sendable {
    /// Address to bind.
    public var bindAddress: String
    /// Port (0: any free port).
    public var port: Int
    /// Scenario seed.
    public var seed: UInt64
    /// Tenants directory to derive the accounts from; nil: the default scenario.
    public var tenantsDirectory: String?
    /// Logger.
    public var logger: Logger
    /// The connector types tenant files may name (built-ins, plus plugins when the caller adds them).
    public var connectors: ConnectorRegistry

    /// Creates the command's runner.
    public init(
        bindAddress: String, port: Int, seed: UInt64, tenantsDirectory: String?, logger: Logger,
        connectors: ConnectorRegistry = BuiltInConnectors.registry
    ) {
        self.bindAddress = bindAddress
        self.port = port
        self.seed = seed
        self.tenantsDirectory = tenantsDirectory
        self.logger = logger
        self.connectors = connectors
    }

    /// The scenario the sandbox serves.
    public func scenario(environment: [String: String] = ProcessInfo.processInfo.environment) -> SandboxScenario {
        let tenants =
            tenantsDirectory.flatMap {
                try? TenantLoader(registry: connectors, environment: environment).loadDirectory($0).tenants
            } ?? []
        let input = SandboxScenarioInput.make(from: tenants) ?? ScenarioInput.default
        return ScenarioGenerator.generate(input, seed: seed, referenceDate: SandboxScenarioInput.referenceDate())
    }

    /// Runs until SIGTERM/SIGINT; `onRunning` receives the bound port.
    public func run(onRunning: @escaping @Sendable (Int, SandboxServer) async -> Void = { _, _ in }) async throws {
        let server = SandboxServer(scenario: scenario())
        let app = server.makeApplication(host: bindAddress, port: port) { port in await onRunning(port, server) }
        let group = ServiceGroup(
            configuration: .init(services: [.init(service: app)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

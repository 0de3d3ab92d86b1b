import AsyncHTTPClient
import ConnectorKit
import Foundation
import Hummingbird
import Logging
import Sandbox
import ServiceLifecycle
import Store
import TenantConfig
import ZoomConnector

/// The connectors built into this host.
public enum BuiltInConnectors {
    /// A registry of every built-in connector.
    public static var registry: ConnectorRegistry { ConnectorRegistry([ZoomConnector.self]) }
}

/// A running host's handles, for the code that started it (the CLI, tests).
public struct RunningHost: Sendable {
    /// The port the HTTP server is bound to.
    public var port: Int
    /// `http://address:port`.
    public var baseURL: String
    /// The tenants.
    public var registry: TenantRegistry
    /// The metrics.
    public var metrics: HostMetrics
    /// The state store.
    public var store: any StateStore
    /// The sync coordinator.
    public var coordinator: SyncCoordinator
    /// The admin data layer (tokens, queries, "sync now" runs), shared by the API and the console.
    public var admin: AdminServices
    /// The embedded simulators, when they run.
    public var sandbox: SandboxServer?
    /// Where the simulators listen (e.g. `http://127.0.0.1:40123`), when they run.
    public var sandboxOrigin: String?
    /// The web console's address and, for a demo setup, the tokens to sign in with.
    public var console: ConsoleSignInHint
}

/// Why the host could not start.
public struct HostStartupError: Error, CustomStringConvertible {
    /// What went wrong and what to do.
    public var message: String
    /// The message.
    public var description: String { message }
}

/// The Switchyard host: loads tenants, runs their connectors and serves HTTP, as services of
/// one swift-service-lifecycle `ServiceGroup` (graceful shutdown on SIGTERM/SIGINT).
public struct SwitchyardHost: Sendable {
    /// Settings.
    public var settings: HostSettings
    /// Root logger.
    public var logger: Logger
    /// Known connectors.
    public var connectors: ConnectorRegistry
    /// Environment for secret references.
    public var environment: [String: String]
    /// Whether the process's signals are handled (off in tests running many hosts).
    public var handlesSignals: Bool

    /// Creates a host.
    public init(
        settings: HostSettings,
        logger: Logger,
        connectors: ConnectorRegistry = BuiltInConnectors.registry,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        handlesSignals: Bool = true
    ) {
        self.settings = settings
        self.logger = logger
        self.connectors = connectors
        self.environment = environment
        self.handlesSignals = handlesSignals
    }

    /// Runs until SIGTERM/SIGINT (or until the task is cancelled); `onRunning` is called once
    /// the HTTP server listens.
    public func run(onRunning: @escaping @Sendable (RunningHost) async -> Void = { _ in }) async throws {
        guard FileManager.default.fileExists(atPath: settings.tenantsDirectory) else {
            throw HostStartupError(
                message: "the tenants directory '\(settings.tenantsDirectory)' does not exist; create it or pass --tenants DIR")
        }
        let metrics = HostMetrics()
        let store: any StateStore
        do {
            store = try SQLiteStateStore(path: settings.statePath)
        } catch {
            throw HostStartupError(message: "\(error)")
        }
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                let sandbox = try await startSandbox(in: &group, httpClient: httpClient)
                do {
                    try await runServices(
                        metrics: metrics, store: store, httpClient: httpClient, sandbox: sandbox, onRunning: onRunning)
                } catch {
                    await sandbox?.services.triggerGracefulShutdown()
                    throw error
                }
                await sandbox?.services.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
        try await httpClient.shutdown()
    }

    /// Starts the embedded simulators when the settings and tenants ask for them, and returns
    /// them with their base URLs.
    private func startSandbox(in group: inout ThrowingTaskGroup<Void, any Error>, httpClient: HTTPClient) async throws
        -> EmbeddedSandbox?
    {
        guard settings.sandbox != .off else { return nil }
        let tenants =
            (try? TenantLoader(registry: connectors, environment: environment).loadDirectory(settings.tenantsDirectory))?.tenants ?? []
        guard let input = SandboxScenarioInput.make(from: tenants) ?? (settings.sandbox == .on ? ScenarioInput.default : nil) else {
            return nil
        }
        let scenario = ScenarioGenerator.generate(input, seed: settings.sandboxSeed, referenceDate: EmbeddedSandbox.referenceDate())
        let server = SandboxServer(scenario: scenario, httpClient: httpClient)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = server.makeApplication(host: "127.0.0.1", port: settings.sandboxPort) { port in continuation.yield(port) }
        let services = ServiceGroup(
            configuration: .init(services: [.init(service: app)], gracefulShutdownSignals: [], logger: logger))
        group.addTask { try await services.run() }
        guard let port = await ports.first(where: { _ in true }) else {
            throw HostStartupError(message: "the sandbox did not start")
        }
        let origin = "http://127.0.0.1:\(port)"
        logger.notice("sandbox (simulated Zoom and HubSpot APIs) listening on \(origin); inspect it under \(origin)/_sandbox/")
        return EmbeddedSandbox(server: server, origin: origin, services: services)
    }

    private func runServices(
        metrics: HostMetrics,
        store: any StateStore,
        httpClient: HTTPClient,
        sandbox: EmbeddedSandbox?,
        onRunning: @escaping @Sendable (RunningHost) async -> Void
    ) async throws {
        let factory = ConnectorFactory(
            registry: connectors, httpClient: httpClient, sandboxBaseURLs: sandbox?.baseURLs ?? [:], logger: logger)
        let registry = TenantRegistry(
            directory: settings.tenantsDirectory,
            loader: TenantLoader(registry: connectors, environment: environment),
            factory: factory,
            logger: logger,
            metrics: metrics
        )
        await registry.reload()
        let coordinator = SyncCoordinator(
            store: store, httpClient: httpClient, sandboxBaseURLs: sandbox?.baseURLs ?? [:], logger: logger)
        let router = HostRoutes.makeRouter(registry: registry, metrics: metrics)
        WebhookRoutes.add(to: router, registry: registry, store: store, metrics: metrics)
        let operatorToken = ConsoleSignInHint.operatorToken(configured: settings.operatorToken, sandboxRuns: sandbox != nil)
        let admin = AdminServices(
            registry: registry, store: store, coordinator: coordinator, operatorToken: operatorToken.token)
        AdminRoutes.add(to: router, admin: admin)
        do {
            ConsoleRoutes.add(to: router, console: try Console(admin: admin, logger: logger))
        } catch {
            throw HostStartupError(message: "\(error)")
        }
        let bindAddress = settings.bindAddress
        let app = Application(
            router: router,
            configuration: .init(
                address: .hostname(bindAddress, port: settings.port), serverName: "switchyard"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                let baseURL = "http://\(bindAddress):\(port)"
                sandbox?.pointWebhooks(at: baseURL + "/webhooks/zoom")
                let console = ConsoleSignInHint(
                    consoleURL: baseURL + "/console", generatedOperatorToken: operatorToken.generated ? operatorToken.token : nil,
                    tenantTokens: sandbox == nil ? [] : ConsoleSignInHint.demoTenantTokens(await registry.runtimes))
                await onRunning(
                    RunningHost(
                        port: port, baseURL: baseURL, registry: registry, metrics: metrics, store: store,
                        coordinator: coordinator, admin: admin, sandbox: sandbox?.server, sandboxOrigin: sandbox?.origin,
                        console: console))
            },
            logger: logger
        )
        let watcher = TenantDirectoryWatcher(
            registry: registry, interval: settings.reloadPollInterval, logger: logger,
            handleSIGHUP: handlesSignals)
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: app), .init(service: watcher), .init(service: admin.runs)]
                    + syncServices(registry: registry, coordinator: coordinator, store: store),
                gracefulShutdownSignals: handlesSignals ? [.sigterm, .sigint] : [],
                logger: logger
            )
        )
        try await group.run()
    }

    private func syncServices(registry: TenantRegistry, coordinator: SyncCoordinator, store: any StateStore)
        -> [ServiceGroupConfiguration.ServiceConfiguration]
    {
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: InboxWorker(registry: registry, coordinator: coordinator, store: store, logger: logger))
        ]
        if settings.reconcile {
            services.append(.init(service: ReconcileScheduler(registry: registry, coordinator: coordinator, logger: logger)))
        }
        return services
    }
}

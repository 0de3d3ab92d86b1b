import AsyncHTTPClient
import ConnectorKit
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Store
import TenantConfig

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
    /// The simulators (sandbox) the host uses, when any.
    public var simulators: (any SimulatedAPIs)?
    /// Where the simulators listen (e.g. `http://127.0.0.1:40123`), when they run.
    public var sandboxOrigin: String? { simulators?.origin }
    /// The URL HubSpot reaches the host at (the public URL setting, else `baseURL`).
    public var publicURL: String = ""
    /// The workflow action's executions.
    public var workflowExecutions: (any WorkflowExecutionStore)?
    /// The web console's address and, for a demo setup, the tokens to sign in with.
    public var console: ConsoleSignInHint
}

/// Why the host could not start.
public struct HostStartupError: Error, CustomStringConvertible {
    /// What went wrong and what to do.
    public var message: String
    /// Creates an error.
    public init(message: String) { self.message = message }
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
    /// The built-in connectors; the plugins of ``HostSettings/pluginsDirectory`` are added
    /// (replacing a built-in type of the same name) when the host runs.
    public var connectors: ConnectorRegistry
    /// Environment for secret references.
    public var environment: [String: String]
    /// Whether the process's signals are handled (off in tests running many hosts).
    public var handlesSignals: Bool
    /// Starts the simulated APIs for `sandbox` tenants (nil: the host runs without them).
    public var simulators: (any SimulatedAPIsLauncher)?
    /// Replaces how tenant files are read (tests hold a file back to watch the loading).
    var readTenantFile: (@Sendable (String) -> Data?)?

    /// Creates a host.
    public init(
        settings: HostSettings,
        logger: Logger,
        connectors: ConnectorRegistry,
        simulators: (any SimulatedAPIsLauncher)? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        handlesSignals: Bool = true
    ) {
        self.settings = settings
        self.logger = logger
        self.connectors = connectors
        self.simulators = simulators
        self.environment = environment
        self.handlesSignals = handlesSignals
    }

    /// Runs until SIGTERM/SIGINT (or until the task is cancelled). The HTTP server listens at
    /// once — `onListening` gets its port, before any tenant is loaded — and `onRunning` is
    /// called when the first load of the tenants directory is done too.
    public func run(
        onRunning: @escaping @Sendable (RunningHost) async -> Void = { _ in },
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        guard FileManager.default.fileExists(atPath: settings.tenantsDirectory) else {
            throw HostStartupError(
                message: "the tenants directory '\(settings.tenantsDirectory)' does not exist; create it or pass --tenants DIR")
        }
        let metrics = HostMetrics(tenantLabels: settings.metricsTenantLabels)
        let opened = try await OpenedStateStore.open(settings, logger: logger)
        let store = opened.store
        let health = ConnectorHealthBoard(
            metrics: metrics, window: settings.pluginSupervision.restartWindow,
            restartsToDegrade: settings.pluginSupervision.restartsToDegrade)
        let plugins = await PluginHost.start(
            directory: settings.pluginsDirectory, logger: logger, health: health, policy: settings.pluginSupervision)
        let connectors = plugins.registry(adding: self.connectors)
        // Every tenant's HubSpot (and every account of a source) shares one API host name, so the
        // per-host connection limit must leave room for all tenants at once: a tenant whose
        // API hangs holds its connections, and must not starve the others.
        var clientConfiguration = HTTPClient.Configuration()
        clientConfiguration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 64
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfiguration)
        do {
            try await withSimulators(connectors: connectors, httpClient: httpClient) { sandbox in
                try await runServices(
                    connectors: connectors, plugins: plugins, metrics: metrics, store: store, shared: opened.shared,
                    httpClient: httpClient,
                    sandbox: sandbox, onRunning: onRunning, onListening: onListening)
            }
        } catch {
            await plugins.shutdown()
            try? await httpClient.shutdown()
            await opened.close()
            throw error
        }
        await plugins.shutdown()
        await opened.close()
        try await httpClient.shutdown()
    }

    /// Runs `body` with the simulators the launcher starts for the tenants that use `sandbox`
    /// (tenants read with every connector type, plugins included).
    private func withSimulators(
        connectors: ConnectorRegistry, httpClient: HTTPClient, _ body: @escaping @Sendable ((any SimulatedAPIs)?) async throws -> Void
    ) async throws {
        guard let simulators, settings.sandbox != .off || settings.sandboxURL != nil else { return try await body(nil) }
        // Only files that mention `sandbox` are parsed here, so a host of many real tenants
        // does not parse them all before its port opens.
        let tenants =
            (try? TenantLoader(registry: connectors, environment: environment)
            .loadDirectory(settings.tenantsDirectory, onlyFilesContaining: "sandbox"))?.tenants ?? []
        try await simulators.withSimulators(
            settings: settings, tenants: tenants, httpClient: httpClient, logger: logger, body)
    }

    private func runServices(
        connectors: ConnectorRegistry,
        plugins: PluginHost,
        metrics: HostMetrics,
        store: any StateStore & WorkflowExecutionStore,
        shared: PostgresStateStore?,
        httpClient: HTTPClient,
        sandbox: (any SimulatedAPIs)?,
        onRunning: @escaping @Sendable (RunningHost) async -> Void,
        onListening: @escaping @Sendable (Int) async -> Void
    ) async throws {
        var factory = ConnectorFactory(
            registry: connectors, httpClient: httpClient, sandboxBaseURLs: sandbox?.baseURLs ?? [:], logger: logger)
        factory.onAPICall = metrics.connectorCalls
        var loader = TenantLoader(registry: connectors, environment: environment)
        if let readTenantFile { loader.readFile = readTenantFile }
        let registry = TenantRegistry(
            directory: settings.tenantsDirectory,
            loader: loader,
            factory: factory,
            logger: logger,
            metrics: metrics,
            connectorHealth: plugins.health
        )
        let coordinator = SyncCoordinator(
            store: store, httpClient: httpClient, sandboxBaseURLs: sandbox?.baseURLs ?? [:], logger: logger, metrics: metrics)
        metrics.collectInbox(of: store, logger: logger)
        metrics.collectBudgets(of: coordinator)
        let router = HostRoutes.makeRouter(registry: registry, metrics: metrics)
        let inbox = InboxSignal()
        let workflows = InboxSignal()
        let leases = shared.map {
            LeaseOwnership(
                store: $0, registry: registry, inbox: inbox, workflows: workflows, logger: logger, replicaID: settings.replicaID,
                leaseSeconds: settings.tenantLeaseSeconds, metrics: metrics
            ) { [budgetShare = factory.budgetShare] live in
                // HubSpot's portal budgets (the host's) and the connectors' account budgets alike.
                await coordinator.shareBudgets(among: live)
                budgetShare.share(among: live)
                await plugins.shareBudgets(among: live)
            }
        }
        let ownership: any TenantOwnership = leases ?? SoleOwnership()
        WebhookRoutes.add(to: router, registry: registry, store: store, metrics: metrics, inbox: inbox)
        let operatorToken = ConsoleSignInHint.operatorToken(configured: settings.operatorToken, sandboxRuns: sandbox != nil)
        let deadLetters = DeadLetterBoard(store: store, metrics: metrics, signal: inbox)
        let admin = AdminServices(
            registry: registry, store: store, coordinator: coordinator, operatorToken: operatorToken.token, deadLetters: deadLetters,
            ownership: ownership, listenForRuns: shared.map(Self.syncRunRequests))
        AdminRoutes.add(to: router, admin: admin)
        HostRoutes.addHealth(to: router, registry: registry, access: admin.access, store: store, ownership: ownership)
        let address = PublicAddress(configured: settings.publicURL)
        if let known = settings.publicURL ?? (settings.port == 0 ? nil : "http://\(settings.bindAddress):\(settings.port)") {
            await coordinator.setPublicBaseURL(known)
        }
        let executor = WorkflowActionExecutor(
            store: store, registry: registry, coordinator: coordinator, responseBudget: settings.workflowActionResponseBudget,
            logger: logger)
        WorkflowActionRoutes.add(to: router, registry: registry, executor: executor, address: address, metrics: metrics)
        do {
            ConsoleRoutes.add(to: router, console: try Console(admin: admin, logger: logger))
        } catch {
            throw HostStartupError(message: "\(error)")
        }
        let bindAddress = settings.bindAddress
        let (listening, listeningContinuation) = AsyncStream.makeStream(of: Int.self)
        let (publicBase, publicBaseContinuation) = AsyncStream.makeStream(of: String.self)
        // The port opens at once, before any tenant is loaded: /health shows the loading
        // progress, and each tenant serves as soon as it is in.
        let app = Application(
            router: router,
            configuration: .init(
                address: .hostname(bindAddress, port: settings.port), serverName: "switchyard"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                address.serverStarted(baseURL: "http://\(bindAddress):\(port)")
                await coordinator.setPublicBaseURL(address.url())
                publicBaseContinuation.yield(address.url())
                publicBaseContinuation.finish()
                listeningContinuation.yield(port)
                listeningContinuation.finish()
                await onListening(port)
            },
            logger: logger
        )
        // Once the port listens and the first load is done: point the simulators' webhooks at
        // the host and tell the caller (tests and the CLI wait for this).
        let ready = StartupTask {
            guard let port = await listening.first(where: { _ in true }) else { return }
            await registry.waitForFirstLoad()
            let baseURL = "http://\(bindAddress):\(port)"
            let runtimes = await registry.runtimes
            let connectors = runtimes.flatMap { $0.connectors.map { ($0.type, $0.connector.routingKey) } }
            // Behind a load balancer (several replicas) the simulators push to the public URL.
            await sandbox?.hostStarted(baseURL: settings.publicURL ?? baseURL, connectors: connectors, httpClient: httpClient)
            let console = ConsoleSignInHint(
                consoleURL: baseURL + "/console", generatedOperatorToken: operatorToken.generated ? operatorToken.token : nil,
                tenantTokens: sandbox == nil ? [] : ConsoleSignInHint.demoTenantTokens(runtimes))
            await onRunning(
                RunningHost(
                    port: port, baseURL: baseURL, registry: registry, metrics: metrics, store: store,
                    coordinator: coordinator, admin: admin, simulators: sandbox,
                    publicURL: address.url(), workflowExecutions: store, console: console))
        }
        let watcher = TenantDirectoryWatcher(
            registry: registry, directory: settings.tenantsDirectory, interval: settings.reloadPollInterval, logger: logger,
            handleSIGHUP: handlesSignals)
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: plugins), .init(service: app), .init(service: watcher),
                    .init(service: ready, successTerminationBehavior: .ignore), .init(service: admin.runs),
                ]
                    + (leases.map { [.init(service: $0)] } ?? [])
                    + syncServices(
                        registry: registry, coordinator: coordinator, store: store, inbox: inbox, deadLetters: deadLetters,
                        ownership: ownership)
                    + [
                        .init(
                            service: WorkflowCompletionService(
                                executor: executor, registry: registry, store: store, logger: logger, resumeLeasedAtStart: shared == nil,
                                ownership: ownership, signal: leases == nil ? nil : workflows)),
                        .init(
                            service: SubscriptionMaintainer(
                                registry: registry, baseURL: publicBase, logger: logger, ownership: ownership)),
                    ],
                gracefulShutdownSignals: handlesSignals ? [.sigterm, .sigint] : [],
                logger: logger
            )
        )
        try await group.run()
    }

    /// Follows the "sync now" runs requested through any replica: calls `handle` with each one's tenant.
    private static func syncRunRequests(_ store: PostgresStateStore)
        -> SyncRunRequests
    {
        { listening, handle in
            try await store.listen([PostgresStateStore.syncRunChannel], listening: listening) { _, tenantID in await handle(tenantID) }
        }
    }

    private func syncServices(
        registry: TenantRegistry, coordinator: SyncCoordinator, store: any StateStore, inbox: InboxSignal,
        deadLetters: DeadLetterBoard, ownership: any TenantOwnership
    ) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(
                service: InboxWorker(
                    registry: registry, coordinator: coordinator, store: store, logger: logger, signal: inbox,
                    retry: settings.inboxRetry, deadLetters: deadLetters, incremental: settings.incrementalWebhooks,
                    ownership: ownership))
        ]
        if settings.reconcile {
            services.append(
                .init(
                    service: ReconcileScheduler(
                        registry: registry, coordinator: coordinator, logger: logger, retry: settings.inboxRetry, ownership: ownership)))
        }
        return services
    }
}

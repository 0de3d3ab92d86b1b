import ConnectorKit
import AsyncHTTPClient
import Foundation
import Logging
import Store
import SyncEngine
import TenantConfig

/// "Sync now" without a running host (`switchyard sync --standalone`): loads the tenant from
/// its file, opens the state store the host uses, and syncs through the same coordinator, so
/// the ledger keeps a later host run (or a concurrent one) from writing anything twice.
public struct StandaloneSync: Sendable {
    /// Tenants directory, state file and sandbox come from here.
    public var settings: HostSettings
    /// Logger.
    public var logger: Logger
    /// Environment for secret references.
    public var environment: [String: String]
    /// Known connectors.
    public var connectors: ConnectorRegistry
    /// Base URLs of the sandbox at `--sandbox-url`, by service (empty without one).
    public var sandboxBaseURLs: [String: String]

    /// Creates the runner.
    public init(
        settings: HostSettings, logger: Logger, connectors: ConnectorRegistry, sandboxBaseURLs: [String: String] = [:],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.settings = settings
        self.connectors = connectors
        self.sandboxBaseURLs = sandboxBaseURLs
        self.logger = logger
        self.environment = environment
    }

    /// Syncs the given webinars of a tenant (nil: every recent or upcoming one); `progress`
    /// hears of each webinar before it syncs (done so far, total, webinar id).
    public func run(
        tenant tenantID: String, webinarIDs: [String]?, progress: @escaping @Sendable (Int, Int, String) -> Void
    ) async throws -> [WebinarAuditEntry] {
        let opened = try await OpenedStateStore.open(settings, logger: logger)
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let entries = try await sync(tenantID, webinarIDs: webinarIDs, store: opened.store, httpClient: httpClient, progress: progress)
            try await httpClient.shutdown()
            await opened.close()
            return entries
        } catch {
            try? await httpClient.shutdown()
            await opened.close()
            throw error
        }
    }

    private func sync(
        _ tenantID: String, webinarIDs: [String]?, store: any StateStore, httpClient: HTTPClient,
        progress: @escaping @Sendable (Int, Int, String) -> Void
    ) async throws -> [WebinarAuditEntry] {
        let sandboxURLs = sandboxBaseURLs
        let registry = TenantRegistry(
            directory: settings.tenantsDirectory, loader: TenantLoader(registry: connectors, environment: environment),
            factory: ConnectorFactory(registry: connectors, httpClient: httpClient, sandboxBaseURLs: sandboxURLs, logger: logger),
            logger: logger)
        await registry.reload()
        guard let runtime = await registry.runtime(tenantID: tenantID) else {
            let problems = await registry.statuses.filter { status in
                status.tenant == tenantID
                    || (status.tenant == nil && URL(fileURLWithPath: status.file).deletingPathExtension().lastPathComponent == tenantID)
            }.flatMap(\.errors)
            guard !problems.isEmpty else {
                throw HostStartupError(message: "there is no tenant '\(tenantID)' in \(settings.tenantsDirectory)")
            }
            let hint =
                settings.sandboxURL == nil && problems.contains { $0.contains("sandbox") }
                ? "\nto sync a sandbox tenant standalone, start `switchyard sandbox` and pass its URL with --sandbox-url" : ""
            throw HostStartupError(message: problems.joined(separator: "\n") + hint)
        }
        let coordinator = SyncCoordinator(store: store, httpClient: httpClient, sandboxBaseURLs: sandboxURLs, logger: logger)
        guard let webinarIDs else {
            let scheduler = ReconcileScheduler(registry: registry, coordinator: coordinator, logger: logger)
            return await scheduler.reconcile(runtime, trigger: .syncNow, progress: progress)
        }
        var entries: [WebinarAuditEntry] = []
        for (index, id) in webinarIDs.enumerated() {
            progress(index, webinarIDs.count, id)
            entries.append(try await coordinator.syncWebinar(runtime, webinarID: id, trigger: .syncNow))
        }
        return entries
    }
}

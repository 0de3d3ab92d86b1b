import ConnectorKit
import Foundation
import Logging
import TenantConfig

/// The tenants the host runs, loaded from a directory and swapped atomically on change.
///
/// A changed file is re-validated on its own (and against the other running tenants); when
/// it is valid its tenant is replaced, the others untouched; when it is not, the last good
/// version keeps running and the error is reported in logs, `/health` and metrics.
///
/// Lookups by tenant id, HubSpot portal and connector account are dictionary lookups, and
/// conflicts between files are found through a ``TenantClaims`` index, so a host with 10,000
/// tenants loads and routes in time linear in the number of tenants.
public actor TenantRegistry {
    struct FileState {
        var stamp: FileStamp?
        var runtime: TenantRuntime?
        var error: TenantFileError?
        /// A valid configuration refused only for conflicting with another file: it is
        /// retried, without reading the file again, when other tenants change.
        var refused: TenantConfiguration?
    }

    /// A connector instance's address: its type and routing key.
    struct RouteKey: Hashable {
        var type: String
        var key: String
    }

    /// What a reload changed.
    public struct ReloadReport: Sendable, Equatable {
        /// Files whose tenant was (re)loaded.
        public var loaded: [String] = []
        /// Files that failed to load (the last good version, if any, keeps running).
        public var failed: [String] = []
        /// Files removed, with their tenant.
        public var removed: [String] = []

        /// Whether nothing changed.
        public var isEmpty: Bool { loaded.isEmpty && failed.isEmpty && removed.isEmpty }
    }

    /// A change of the running tenants, as ``changes()`` reports it.
    public enum Change: Sendable {
        /// A tenant started, or a new version of it replaced the old one.
        case loaded(TenantRuntime)
        /// A tenant stopped (its file was removed).
        case removed(tenantID: String)
    }

    let directory: String
    let loader: TenantLoader
    let factory: ConnectorFactory
    let logger: Logger
    let metrics: HostMetrics?
    let connectorHealth: ConnectorHealthBoard?
    var files: [String: FileState] = [:]
    var claims: TenantClaims
    var byTenantID: [String: TenantRuntime] = [:]
    var tenantIDByPortal: [Int: String] = [:]
    var routes: [RouteKey: (tenantID: String, index: Int)] = [:]
    /// Progress of the reload in flight (files done, files to load), nil when none runs.
    var progress: (loaded: Int, total: Int)?
    /// What the reload in flight changed so far.
    var reloadReport = ReloadReport()
    let reloadQueue = SerialQueue()
    var firstLoadDone = false
    var firstLoadWaiters: [CheckedContinuation<Void, Never>] = []
    var subscribers: [UUID: AsyncStream<Change>.Continuation] = [:]

    /// Creates a registry for a tenants directory. Call ``reload(force:)`` to load it.
    public init(
        directory: String, loader: TenantLoader, factory: ConnectorFactory, logger: Logger,
        metrics: HostMetrics? = nil, connectorHealth: ConnectorHealthBoard? = nil
    ) {
        self.directory = directory
        self.loader = loader
        self.factory = factory
        self.logger = logger
        self.metrics = metrics
        self.connectorHealth = connectorHealth
        self.claims = TenantClaims(registry: loader.registry)
    }

    // MARK: Queries

    /// Every running tenant, by id order.
    public var runtimes: [TenantRuntime] {
        byTenantID.values.sorted { $0.id < $1.id }
    }

    /// The running tenant with this id.
    public func runtime(tenantID: String) -> TenantRuntime? {
        byTenantID[tenantID]
    }

    /// The running tenant of a HubSpot portal.
    public func runtime(portalID: Int) -> TenantRuntime? {
        tenantIDByPortal[portalID].flatMap { byTenantID[$0] }
    }

    /// The tenant and connector instance serving an account of a connector type.
    public func route(connectorType: String, routingKey: String) -> (TenantRuntime, ConnectorInstance)? {
        guard let route = routes[RouteKey(type: connectorType, key: routingKey)],
            let runtime = byTenantID[route.tenantID], runtime.connectors.indices.contains(route.index)
        else { return nil }
        return (runtime, runtime.connectors[route.index])
    }

    /// Every running connector instance of a type, with its tenant.
    public func instances(ofType connectorType: String) -> [(TenantRuntime, ConnectorInstance)] {
        runtimes.flatMap { runtime in
            runtime.connectors.filter { $0.type == connectorType }.map { (runtime, $0) }
        }
    }

    /// The descriptor of the connector type registered under `name` (fixed for the registry's
    /// life, so read without a hop onto the actor).
    public nonisolated func descriptor(ofType name: String) -> ConnectorDescriptor? {
        loader.registry.descriptor(named: name)
    }

    /// The status of every tenant file, by file name.
    public var statuses: [TenantStatus] {
        files.keys.sorted().compactMap { file in
            guard let state = files[file] else { return nil }
            let running = state.runtime
            let connectorErrors = connectorHealth?.problems(ofTypes: running?.connectors.map(\.type) ?? []) ?? []
            let status: TenantStatus.State =
                running == nil && state.error != nil ? .error : (state.error == nil && connectorErrors.isEmpty ? .ok : .degraded)
            return TenantStatus(
                tenant: running?.id,
                file: file,
                state: status,
                version: running?.config.version,
                loadedAt: running?.loadedAt,
                connectors: running?.connectors.map { "\($0.type):\($0.connector.routingKey)" } ?? [],
                errors: state.error?.issues.map(\.description) ?? [],
                connectorErrors: connectorErrors
            )
        }
    }

    /// The progress of a (re)load in flight: files done and files to load; nil when none runs.
    public var loading: LoadingProgress? {
        progress.map { LoadingProgress(loaded: $0.loaded, total: $0.total) }
    }

    /// Returns once the first load of the directory has finished.
    public func waitForFirstLoad() async {
        if firstLoadDone { return }
        await withCheckedContinuation { firstLoadWaiters.append($0) }
    }

    // MARK: Changes

    /// The changes of the running tenants from now on, starting with a `.loaded` for each
    /// tenant already running; it ends when the registry is released or the consumer stops.
    public func changes() -> AsyncStream<Change> {
        let (stream, continuation) = AsyncStream.makeStream(of: Change.self)
        for runtime in runtimes { continuation.yield(.loaded(runtime)) }
        let id = UUID()
        subscribers[id] = continuation
        continuation.onTermination = { [weak self] _ in
            Task { await self?.unsubscribe(id) }
        }
        return stream
    }

    private func unsubscribe(_ id: UUID) {
        subscribers[id] = nil
    }

    func publish(_ change: Change) {
        for subscriber in subscribers.values { subscriber.yield(change) }
    }

    // MARK: Index

    /// Makes `runtime` the running version of its file's tenant (indexes and claims).
    func install(_ runtime: TenantRuntime, replacing old: TenantRuntime?) {
        if let old { uninstall(old) }
        claims.insert(runtime.config)
        byTenantID[runtime.id] = runtime
        tenantIDByPortal[runtime.config.hubSpot.portalID] = runtime.id
        for (index, instance) in runtime.connectors.enumerated() {
            routes[RouteKey(type: instance.type, key: instance.connector.routingKey)] = (runtime.id, index)
        }
        publish(.loaded(runtime))
    }

    /// Stops a running tenant (indexes and claims).
    func uninstall(_ runtime: TenantRuntime) {
        claims.remove(runtime.config)
        if byTenantID[runtime.id]?.config.sourceFile == runtime.config.sourceFile { byTenantID[runtime.id] = nil }
        if tenantIDByPortal[runtime.config.hubSpot.portalID] == runtime.id {
            tenantIDByPortal[runtime.config.hubSpot.portalID] = nil
        }
        for instance in runtime.connectors {
            let key = RouteKey(type: instance.type, key: instance.connector.routingKey)
            if routes[key]?.tenantID == runtime.id { routes[key] = nil }
        }
    }
}

/// How far a (re)load of the tenants directory is.
public struct LoadingProgress: Sendable, Codable, Hashable {
    /// Files loaded (valid or not) so far.
    public var loaded: Int
    /// Files to load.
    public var total: Int
}

import ConnectorKit
import Crypto
import Foundation
import Logging
import TenantConfig

/// The tenants the host runs, loaded from a directory and swapped atomically on change.
///
/// A changed file is re-validated on its own (and against the other running tenants); when
/// it is valid its tenant is replaced, the others untouched; when it is not, the last good
/// version keeps running and the error is reported in logs, `/health` and metrics.
public actor TenantRegistry {
    private struct FileState {
        var fingerprint: String
        var runtime: TenantRuntime?
        var error: TenantFileError?
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

    private let directory: String
    private let loader: TenantLoader
    private let factory: ConnectorFactory
    private let logger: Logger
    private let metrics: HostMetrics?
    private let connectorHealth: ConnectorHealthBoard?
    private var files: [String: FileState] = [:]

    /// Creates a registry for a tenants directory. Call ``reload()`` to load it.
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
    }

    // MARK: Queries

    /// Every running tenant, by id order.
    public var runtimes: [TenantRuntime] {
        files.values.compactMap(\.runtime).sorted { $0.id < $1.id }
    }

    /// The running tenant with this id.
    public func runtime(tenantID: String) -> TenantRuntime? {
        files.values.lazy.compactMap(\.runtime).first { $0.id == tenantID }
    }

    /// The running tenant of a HubSpot portal.
    public func runtime(portalID: Int) -> TenantRuntime? {
        files.values.lazy.compactMap(\.runtime).first { $0.config.hubSpot.portalID == portalID }
    }

    /// The tenant and connector instance serving an account of a connector type.
    public func route(connectorType: String, routingKey: String) -> (
        TenantRuntime, ConnectorInstance
    )? {
        for runtime in runtimes {
            if let instance = runtime.connectors.first(where: {
                $0.type == connectorType && $0.connector.routingKey == routingKey
            }) {
                return (runtime, instance)
            }
        }
        return nil
    }

    /// Every running connector instance of a type, with its tenant.
    public func instances(ofType connectorType: String) -> [(TenantRuntime, ConnectorInstance)] {
        runtimes.flatMap { runtime in
            runtime.connectors.filter { $0.type == connectorType }.map { (runtime, $0) }
        }
    }

    /// The descriptor of the connector type registered under `name`.
    public func descriptor(ofType name: String) -> ConnectorDescriptor? {
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

    // MARK: Reloading

    /// Re-reads the directory and applies what changed since the last reload; `force`
    /// re-loads every file even when unchanged (SIGHUP: secrets in files may have changed).
    @discardableResult
    public func reload(force: Bool = false) async -> ReloadReport {
        let paths: [String]
        do {
            paths = try TenantLoader.tenantFiles(in: directory)
        } catch {
            logger.error("cannot list tenants", metadata: ["error": .string(error.message)])
            return ReloadReport()
        }
        var report = ReloadReport()
        for removed in files.keys.filter({ !paths.contains($0) }).sorted() {
            let tenant = files[removed]?.runtime?.id ?? "-"
            files[removed] = nil
            report.removed.append(removed)
            logger.notice(
                "tenant removed", metadata: ["file": .string(removed), "tenant": .string(tenant)])
        }
        for path in paths {
            guard let fingerprint = Self.fingerprint(of: path),
                force || files[path]?.fingerprint != fingerprint
            else { continue }
            await apply(path: path, fingerprint: fingerprint, report: &report)
        }
        // A file rejected for a conflict may become valid when the other file changes.
        for path in paths
        where !report.loaded.contains(path) && files[path]?.runtime == nil && files[path]?.error != nil {
            if let fingerprint = files[path]?.fingerprint {
                var retry = ReloadReport()
                await apply(path: path, fingerprint: fingerprint, report: &retry, quietOnFailure: true)
                report.loaded += retry.loaded
            }
        }
        publishMetrics()
        return report
    }

    private func apply(
        path: String, fingerprint: String, report: inout ReloadReport, quietOnFailure: Bool = false
    ) async {
        var state = files[path] ?? FileState(fingerprint: fingerprint)
        state.fingerprint = fingerprint
        let others = files.filter { $0.key != path }.values.compactMap(\.runtime?.config)
        let outcome = loader.loadFile(path).flatMap {
            tenant -> Result<TenantConfiguration, TenantFileError> in
            let conflicts = TenantLoader.conflicts(of: tenant, with: others, registry: loader.registry)
            return conflicts.isEmpty
                ? .success(tenant) : .failure(TenantFileError(file: path, issues: conflicts))
        }
        switch outcome {
        case .success(let tenant):
            do {
                let connectors = try await factory.makeConnectors(for: tenant)
                state.runtime = TenantRuntime(config: tenant, connectors: connectors, loadedAt: Date())
                state.error = nil
                report.loaded.append(path)
                metrics?.reloads(result: "loaded")
                logger.info(
                    "tenant loaded",
                    metadata: [
                        "tenant": .string(tenant.id), "file": .string(path), "version": .string(tenant.version),
                    ])
            } catch {
                fail(&state, error, path: path, report: &report, quiet: quietOnFailure)
            }
        case .failure(let error):
            fail(&state, error, path: path, report: &report, quiet: quietOnFailure)
        }
        files[path] = state
    }

    private func fail(
        _ state: inout FileState, _ error: TenantFileError, path: String, report: inout ReloadReport,
        quiet: Bool
    ) {
        state.error = error
        guard !quiet else { return }
        report.failed.append(path)
        metrics?.reloads(result: "failed")
        let keeping =
            state.runtime.map { "keeping version \($0.config.version) of tenant '\($0.id)'" }
            ?? "no version of it is running"
        logger.error(
            "tenant file has errors; \(keeping)",
            metadata: [
                "file": .string(path), "errors": .array(error.issues.map { .string($0.description) }),
            ])
    }

    private func publishMetrics() {
        let states = files.values
        metrics?.tenants(
            loaded: states.filter { $0.runtime != nil }.count,
            withErrors: states.filter { $0.error != nil }.count)
    }

    private static func fingerprint(of path: String) -> String? {
        TenantLoader.fingerprint(of: path, limits: .standard)
    }
}

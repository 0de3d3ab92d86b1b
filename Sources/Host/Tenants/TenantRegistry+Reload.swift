import Foundation
import TenantConfig

extension TenantRegistry {
    /// Re-reads the directory and applies what changed since the last reload; `force`
    /// re-loads every file even when unchanged (SIGHUP: secrets in files may have changed).
    ///
    /// A file counts as changed when `stat` says so (size, modification time, inode): unchanged
    /// files are not read. Changed files are parsed in parallel and applied in file-name order
    /// as they come in, so each tenant serves as soon as it is loaded, and ``loading`` shows the
    /// progress meanwhile. Reloads run one at a time.
    @discardableResult
    public func reload(force: Bool = false) async -> ReloadReport {
        await reloadQueue.run { await self.performReload(force: force) }
    }

    private func performReload(force: Bool) async -> ReloadReport {
        defer { finishFirstLoad() }
        let started = ContinuousClock.now
        let paths: [String]
        do {
            paths = try TenantLoader.tenantFiles(in: directory)
        } catch {
            logger.error("cannot list tenants", metadata: ["error": .string(error.message)])
            return ReloadReport()
        }
        var report = ReloadReport()
        let present = Set(paths)
        for removed in files.keys.filter({ !present.contains($0) }).sorted() {
            let runtime = files[removed]?.runtime
            files[removed] = nil
            if let runtime {
                uninstall(runtime)
                publish(.removed(tenantID: runtime.id))
            }
            report.removed.append(removed)
            logger.notice("tenant removed", metadata: ["file": .string(removed), "tenant": .string(runtime?.id ?? "-")])
        }
        var stamps: [String: FileStamp] = [:]
        var changed: [String] = []
        for path in paths {
            let stamp = FileStamp(path: path)
            stamps[path] = stamp
            if force || files[path] == nil || stamp == nil || files[path]?.stamp != stamp { changed.append(path) }
        }
        if !changed.isEmpty {
            let quiet = !firstLoadDone && changed.count > 100
            progress = (0, changed.count)
            reloadReport = report
            // The results are applied by this actor (the closure hops to it), in file order.
            await loader.loadFiles(changed) { [stamps] path, result in
                await self.applyLoaded(path: path, stamp: stamps[path], result: result, force: force, quietSuccess: quiet)
            }
            report = reloadReport
            progress = nil
            metrics?.tenantLoad(duration: ContinuousClock.now - started, files: changed.count)
        }
        // A file refused for a conflict may become valid when another file changed.
        if !report.isEmpty {
            let loadedNow = Set(report.loaded)
            for path in paths where !loadedNow.contains(path) {
                guard var state = files[path], let tenant = state.refused, claims.conflicts(of: tenant).isEmpty else { continue }
                var retry = ReloadReport()
                await start(tenant, path: path, state: &state, report: &retry, quietSuccess: false, quietFailure: true)
                files[path] = state
                report.loaded += retry.loaded
            }
        }
        publishMetrics()
        if changed.count > 100 {
            logger.notice(
                "tenant files loaded",
                metadata: [
                    "files": .stringConvertible(changed.count), "loaded": .stringConvertible(report.loaded.count),
                    "failed": .stringConvertible(report.failed.count), "seconds": .string("\(ContinuousClock.now - started)"),
                ])
        }
        return report
    }

    /// Applies one loaded file of the reload in flight.
    private func applyLoaded(
        path: String, stamp: FileStamp?, result: Result<TenantConfiguration, TenantFileError>, force: Bool, quietSuccess: Bool
    ) async {
        var report = reloadReport
        await apply(path: path, stamp: stamp, result: result, force: force, quietSuccess: quietSuccess, report: &report)
        reloadReport = report
        progress?.loaded += 1
        if (progress?.loaded ?? 0) % 500 == 0 { publishMetrics() }
    }

    private func finishFirstLoad() {
        guard !firstLoadDone else { return }
        firstLoadDone = true
        for waiter in firstLoadWaiters { waiter.resume() }
        firstLoadWaiters = []
    }

    private func apply(
        path: String, stamp: FileStamp?, result: Result<TenantConfiguration, TenantFileError>, force: Bool,
        quietSuccess: Bool, report: inout ReloadReport
    ) async {
        var state = files[path] ?? FileState()
        state.stamp = stamp
        defer { files[path] = state }
        switch result {
        case .success(let tenant):
            // Touched but not changed: the running version stays (SIGHUP still restarts it).
            if !force, state.error == nil, let running = state.runtime, running.config.version == tenant.version { return }
            let conflicts = claims.conflicts(of: tenant)
            guard conflicts.isEmpty else {
                state.refused = tenant
                fail(&state, TenantFileError(file: path, issues: conflicts), path: path, report: &report, quiet: false)
                return
            }
            await start(tenant, path: path, state: &state, report: &report, quietSuccess: quietSuccess, quietFailure: false)
        case .failure(let error):
            state.refused = nil
            fail(&state, error, path: path, report: &report, quiet: false)
        }
    }

    /// Builds the tenant's connectors and makes it the running version of its file.
    private func start(
        _ tenant: TenantConfiguration, path: String, state: inout FileState, report: inout ReloadReport,
        quietSuccess: Bool, quietFailure: Bool
    ) async {
        state.refused = nil
        do {
            let connectors = try await factory.makeConnectors(for: tenant)
            let runtime = TenantRuntime(config: tenant, connectors: connectors, loadedAt: Date())
            install(runtime, replacing: state.runtime)
            state.runtime = runtime
            state.error = nil
            report.loaded.append(path)
            metrics?.reloads(result: "loaded")
            logger.log(
                level: quietSuccess ? .debug : .info, "tenant loaded",
                metadata: ["tenant": .string(tenant.id), "file": .string(path), "version": .string(tenant.version)])
        } catch {
            fail(&state, error, path: path, report: &report, quiet: quietFailure)
        }
    }

    private func fail(
        _ state: inout FileState, _ error: TenantFileError, path: String, report: inout ReloadReport, quiet: Bool
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
        var loaded = 0
        var withErrors = 0
        for state in files.values {
            if state.runtime != nil { loaded += 1 }
            if state.error != nil { withErrors += 1 }
        }
        metrics?.tenants(loaded: loaded, withErrors: withErrors)
    }
}

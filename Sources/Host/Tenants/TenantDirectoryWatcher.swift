import Logging
import ServiceLifecycle
import UnixSignals

/// Reloads tenants when their files change (polling the directory) and on SIGHUP (a full
/// reload, re-reading secret files too).
public struct TenantDirectoryWatcher: Service {
    let registry: TenantRegistry
    let interval: Duration
    let logger: Logger
    let handleSIGHUP: Bool

    /// Creates a watcher; `handleSIGHUP: false` in tests that run several hosts in one process.
    public init(
        registry: TenantRegistry, interval: Duration, logger: Logger, handleSIGHUP: Bool = true
    ) {
        self.registry = registry
        self.interval = interval
        self.logger = logger
        self.handleSIGHUP = handleSIGHUP
    }

    /// Polls until graceful shutdown.
    public func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            if handleSIGHUP {
                group.addTask {
                    let signals = await UnixSignalsSequence(trapping: .sighup)
                    for await _ in signals.cancelOnGracefulShutdown() {
                        logger.notice("SIGHUP received: reloading every tenant file")
                        await registry.reload(force: true)
                    }
                }
            }
            group.addTask {
                while !Task.isCancelled && !Task.isShuttingDownGracefully {
                    do {
                        try await Task.sleep(for: interval)
                    } catch {
                        return
                    }
                    await registry.reload()
                }
            }
            try? await gracefulShutdown()
            group.cancelAll()
        }
    }
}

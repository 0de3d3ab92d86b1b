import Logging
import ServiceLifecycle
import UnixSignals

/// Loads the tenants directory, then reloads tenants when their files change and on SIGHUP
/// (a full reload, re-reading secret files too).
///
/// Changes are noticed through the OS's file notifications (inotify on Linux); where those
/// are unavailable, the directory is checked every `interval` — by `stat`, without reading
/// unchanged files.
public struct TenantDirectoryWatcher: Service {
    let registry: TenantRegistry
    let interval: Duration
    let logger: Logger
    let handleSIGHUP: Bool
    let directory: String

    /// Creates a watcher; `handleSIGHUP: false` in tests that run several hosts in one process.
    /// `interval` is the fallback check's period.
    public init(
        registry: TenantRegistry, directory: String, interval: Duration, logger: Logger, handleSIGHUP: Bool = true
    ) {
        self.registry = registry
        self.directory = directory
        self.interval = interval
        self.logger = logger
        self.handleSIGHUP = handleSIGHUP
    }

    /// Loads, then watches until graceful shutdown.
    public func run() async throws {
        // Watch first, so a change made while the directory loads is not missed.
        let changes = DirectoryChanges(directory: directory, fallbackInterval: interval, logger: logger)
        await registry.reload()
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
            for await _ in changes.cancelOnGracefulShutdown() {
                await registry.reload()
            }
            group.cancelAll()
        }
    }
}

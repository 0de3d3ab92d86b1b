import ServiceLifecycle

/// A piece of startup work run as a service of the host's group; add it with
/// `successTerminationBehavior: .ignore`.
///
/// The service returns only at its own turn of a graceful shutdown, never earlier: ServiceGroup
/// shuts its services down one at a time in reverse order, and a service that returns while
/// another one is being shut down fails the whole shutdown (`serviceFinishedUnexpectedly`).
/// Without this, `switchyard serve` stopped (SIGTERM) while its tenants were still loading exited
/// with status 1 as soon as the load finished during the shutdown. The work itself is cancelled
/// at that turn if it is not done by then.
struct StartupTask: Service {
    let work: @Sendable () async throws -> Void

    init(_ work: @escaping @Sendable () async throws -> Void) {
        self.work = work
    }

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown(work)
        } catch is CancellationError {
            // Shut down before the work was done: nothing left to start.
        }
        try? await gracefulShutdown()
    }
}

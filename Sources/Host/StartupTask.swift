import ServiceLifecycle

/// A piece of startup work run as a service of the host's group (cancelled at shutdown);
/// add it with `successTerminationBehavior: .ignore`, since it ends when its work is done.
struct StartupTask: Service {
    let work: @Sendable () async throws -> Void

    init(_ work: @escaping @Sendable () async throws -> Void) {
        self.work = work
    }

    func run() async throws {
        try await work()
    }
}

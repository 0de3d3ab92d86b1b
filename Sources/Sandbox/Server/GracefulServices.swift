import Logging
import ServiceLifecycle

/// Runs `services` (HTTP servers above all) while `body` runs, then shuts them down gracefully
/// and waits until they have stopped; returns what `body` returned.
///
/// Never end a Hummingbird server by cancelling its task: a connection it accepted while
/// closing is then dropped without being finished, and NIO traps ("Deinited NIOAsyncWriter
/// without calling finish()", apple/swift-nio#2813). A graceful shutdown serves or closes
/// every accepted connection first.
public func withGracefulServices<Result: Sendable>(
    _ services: [any Service], logger: Logger, _ body: () async throws -> Result
) async throws -> Result {
    let group = ServiceGroup(
        configuration: .init(services: services.map { .init(service: $0) }, gracefulShutdownSignals: [], logger: logger))
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        let result: Result
        do {
            result = try await body()
        } catch {
            await group.triggerGracefulShutdown()
            try? await tasks.waitForAll()
            throw error
        }
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
        return result
    }
}

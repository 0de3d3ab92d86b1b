import Hummingbird
import Logging
import ServiceLifecycle

/// A loopback HTTP endpoint for `switchyard connector check` that answers every request with
/// `401 Unauthorized` at once, so a connector's calls fail fast with a documented error instead
/// of reaching a real service or retrying a refused connection.
enum RefusingService {
    /// Runs `body` with the endpoint's base URL (`http://127.0.0.1:<port>`), then stops it.
    static func with<Result: Sendable>(_ body: @escaping @Sendable (String) async throws -> Result) async throws -> Result {
        let router = Router()
        router.on("**", method: .get, use: refuse)
        router.on("**", method: .post, use: refuse)
        router.on("**", method: .put, use: refuse)
        router.on("**", method: .patch, use: refuse)
        router.on("**", method: .delete, use: refuse)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "switchyard.connector-check")
        logger.logLevel = .critical
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        let services = ServiceGroup(configuration: .init(services: [app], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            defer { group.cancelAll() }
            guard let port = await ports.first(where: { _ in true }) else {
                throw ConnectorCheckError("the check's loopback endpoint did not start")
            }
            let result = try await body("http://127.0.0.1:\(port)")
            await services.triggerGracefulShutdown()
            return result
        }
    }

    @Sendable private static func refuse(_ request: Request, context: BasicRequestContext) -> Response {
        let body = #"{"code":124,"message":"switchyard connector check: no real service here"}"#
        return Response(
            status: .unauthorized, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

/// `switchyard connector check` could not run its checks.
struct ConnectorCheckError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// A plain round-robin load balancer for the multi-replica tests: each request goes to the next
/// replica in turn; a replica that refuses the connection (killed) is skipped for the next one,
/// as nginx's `proxy_next_upstream error` does. A replica the test marks down (paused: it
/// accepts connections but never answers) gets no requests, as after a failed health check.
/// Counts the requests each replica answered.
final class RoundRobinBalancer: Sendable {
    let replicas: [String]
    private let next = Mutex(0)
    private let answered = Mutex<[String: Int]>([:])
    private let down = Mutex<Set<Int>>([])

    /// Sends no request to replica `index` until ``markUp(_:)``.
    func markDown(_ index: Int) { _ = down.withLock { $0.insert(index) } }

    /// Sends requests to replica `index` again.
    func markUp(_ index: Int) { _ = down.withLock { $0.remove(index) } }

    /// `replicas`: base URLs, e.g. `http://127.0.0.1:8081`.
    init(replicas: [String]) { self.replicas = replicas }

    /// Requests answered per replica base URL.
    var counts: [String: Int] { answered.withLock { $0 } }

    /// Its own client: a refused connection fails at once instead of being retried until the
    /// request's deadline (AsyncHTTPClient's default), so a dead replica costs no time.
    private let client: HTTPClient = {
        var configuration = HTTPClient.Configuration(timeout: .init(connect: .seconds(1)))
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// Runs the balancer on a free loopback port; `body` gets its base URL.
    func run(_ body: @Sendable (String) async throws -> Void) async throws {
        let router = Router()
        router.add(middleware: Forward(balancer: self))
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) })
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await app.runService() }
                guard let port = await ports.first(where: { _ in true }) else { return }
                defer { group.cancelAll() }
                try await body("http://127.0.0.1:\(port)")
            }
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    fileprivate func forward(_ request: Request) async throws -> Response {
        let body = try await request.body.collect(upTo: 16 << 20)
        let start = next.withLock { index in
            defer { index += 1 }
            return index
        }
        var lastError: (any Error)?
        let skipped = down.withLock { $0 }
        for attempt in 0..<replicas.count where !skipped.contains((start + attempt) % replicas.count) {
            let replica = replicas[(start + attempt) % replicas.count]
            var outgoing = HTTPClientRequest(url: replica + request.uri.description)
            outgoing.method = .init(rawValue: request.method.rawValue)
            for field in request.headers where field.name != .contentLength {
                outgoing.headers.add(name: field.name.rawName, value: field.value)
            }
            outgoing.body = .bytes(body)
            do {
                let response = try await client.execute(outgoing, timeout: .seconds(60))
                let bytes = try await response.body.collect(upTo: 16 << 20)
                answered.withLock { $0[replica, default: 0] += 1 }
                var headers = HTTPFields()
                for (name, value) in response.headers {
                    if let field = HTTPField.Name(name), field != .contentLength, field != .transferEncoding {
                        headers.append(.init(name: field, value: value))
                    }
                }
                return Response(status: .init(code: Int(response.status.code)), headers: headers, body: .init(byteBuffer: bytes))
            } catch {
                lastError = error  // refused or reset: the next replica
            }
        }
        throw HTTPError(.badGateway, message: "no replica answered: \(lastError.map { "\($0)" } ?? "none configured")")
    }
}

private struct Forward: RouterMiddleware {
    typealias Context = BasicRequestContext
    let balancer: RoundRobinBalancer

    func handle(
        _ request: Request, context: BasicRequestContext, next: (Request, BasicRequestContext) async throws -> Response
    ) async throws -> Response {
        try await balancer.forward(request)
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// A small scripted Zoom for mechanics the simulator does not make easy to force (token
/// lifetimes, 401s, 429s, 5xx): `/oauth/token` plus whatever routes a test adds. It records
/// every request.
final class ScriptedZoom: Sendable {
    /// One received request.
    struct Received: Sendable {
        var method: String
        var path: String
        var query: [String: String]
        var authorization: String?
        var body: String
    }

    private struct State {
        var received: [Received] = []
        var tokensIssued = 0
    }

    private let state = Mutex(State())
    /// Lifetime of issued tokens in seconds.
    let tokenLifetime: Int
    /// Credentials accepted by `/oauth/token` (client id → secret).
    let credentials: [String: String]

    init(
        tokenLifetime: Int = 3600, credentials: [String: String] = ["client-1": "client-secret-value"]
    ) {
        self.tokenLifetime = tokenLifetime
        self.credentials = credentials
    }

    var received: [Received] { state.withLock { $0.received } }
    var tokensIssued: Int { state.withLock { $0.tokensIssued } }
    /// API requests (everything but the token endpoint).
    var apiRequests: [Received] { received.filter { $0.path != "/oauth/token" } }

    func record(_ request: Request, body: String = "") {
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters {
            query[String(key)] = String(value)
        }
        let received = Received(
            method: request.method.rawValue, path: request.uri.path, query: query,
            authorization: request.headers[.authorization], body: body)
        state.withLock { $0.received.append(received) }
    }

    /// A router with `/oauth/token` (tokens `token-1`, `token-2`, … for known credentials;
    /// client id in the Basic header must match the account's secret).
    func router(delayTokens: Duration = .milliseconds(30)) -> Router<BasicRequestContext> {
        let router = Router()
        router.post("/oauth/token") { request, _ -> Response in
            self.record(request)
            try await Task.sleep(for: delayTokens)
            guard let header = request.headers[.authorization], header.hasPrefix("Basic "),
                let decoded = Data(base64Encoded: String(header.dropFirst(6))),
                let text = String(data: decoded, encoding: .utf8),
                let colon = text.firstIndex(of: ":"),
                self.credentials[String(text[..<colon])] == String(text[text.index(after: colon)...]),
                request.uri.queryParameters["grant_type"] == "account_credentials"
            else {
                return Self.json(
                    #"{"reason":"Invalid client_id or client_secret","error":"invalid_client"}"#,
                    status: .badRequest)
            }
            let number = self.state.withLock { state -> Int in
                state.tokensIssued += 1
                return state.tokensIssued
            }
            return Self.json(
                #"{"access_token":"token-\#(number)","token_type":"bearer","expires_in":\#(self.tokenLifetime),"scope":"webinar:read:admin"}"#
            )
        }
        return router
    }

    /// Runs `router` on an ephemeral loopback port for the duration of `body`.
    static func serve<Value: Sendable>(
        _ router: Router<BasicRequestContext>, _ body: @Sendable (Int) async throws -> Value
    ) async throws -> Value {
        try await serve(
            { onRunning in
                Application(
                    router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                    onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
                    logger: Logger(label: "scripted-zoom"))
            }, body)
    }

    /// Runs the service `makeService` builds (it reports its bound port through the closure it
    /// is given) for the duration of `body`, then shuts it down gracefully.
    static func serve<Server: Service, Value: Sendable>(
        _ makeService: (@escaping @Sendable (Int) async -> Void) -> Server,
        _ body: @Sendable (Int) async throws -> Value
    ) async throws -> Value {
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let service = makeService { port in portContinuation.yield(port) }
        let group = ServiceGroup(
            configuration: .init(services: [service], logger: Logger(label: "scripted-zoom")))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0 else {
                await group.triggerGracefulShutdown()
                throw ScriptError.noPort
            }
            do {
                let value = try await body(port)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return value
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
        }
    }

    enum ScriptError: Error { case noPort }

    /// A JSON response.
    static func json(_ text: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:])
        -> Response
    {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(
            status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// Header fields by name (names that are not valid tokens are skipped).
    static func headers(_ pairs: [String: String]) -> HTTPFields {
        var fields = HTTPFields()
        for (name, value) in pairs {
            if let fieldName = HTTPField.Name(name) { fields[fieldName] = value }
        }
        return fields
    }

    /// Zoom's error body.
    static func zoomError(_ code: Int, _ message: String, status: HTTPResponse.Status) -> Response {
        json(#"{"code":\#(code),"message":"\#(message)"}"#, status: status)
    }
}

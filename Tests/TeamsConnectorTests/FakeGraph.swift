import ConnectorKit
import Foundation
import Logging
import Synchronization
import TeamsConnector

/// A canned Microsoft Graph: answers by "METHOD /path?query" (then without the query, then a
/// route ending in "/" as a prefix), and logs the requests.
final class FakeGraph: GraphHTTP {
    typealias Answer = @Sendable (GraphHTTPRequest) -> GraphHTTPResponse

    static let base = "https://graph.test/v1.0"
    static let login = "https://login.test"

    private let routes: Mutex<[String: [Answer]]>
    private let log = Mutex<[GraphHTTPRequest]>([])
    private let tokens = Mutex(0)

    init(_ routes: [String: Answer] = [:]) {
        self.routes = Mutex(routes.mapValues { [$0] })
    }

    /// Answers `key` with these responses in turn (the last one repeats).
    func on(_ key: String, _ answers: Answer...) {
        routes.withLock { $0[key] = answers }
    }

    /// Answers `key` with JSON.
    func json(_ key: String, _ body: String, status: Int = 200) {
        on(key) { _ in GraphHTTPResponse(status: status, headers: [("Content-Type", "application/json")], body: Data(body.utf8)) }
    }

    var requests: [GraphHTTPRequest] { log.withLock { $0 } }
    var tokenRequests: Int { tokens.withLock { $0 } }

    /// The requests whose key (method and path) starts with `prefix`.
    func requests(_ prefix: String) -> [GraphHTTPRequest] {
        requests.filter { Self.key($0).hasPrefix(prefix) }
    }

    static func key(_ request: GraphHTTPRequest) -> String {
        let path = request.url.hasPrefix(base) ? String(request.url.dropFirst(base.count)) : request.url
        return "\(request.method) \(path.removingPercentEncoding ?? path)"
    }

    func send(_ request: GraphHTTPRequest) async throws -> GraphHTTPResponse {
        log.withLock { $0.append(request) }
        if request.url.hasPrefix(Self.login) {
            let count = tokens.withLock { count in
                count += 1
                return count
            }
            return GraphHTTPResponse(
                status: 200, body: Data(#"{"token_type":"Bearer","expires_in":3599,"access_token":"token-\#(count)"}"#.utf8))
        }
        let key = Self.key(request)
        let bare = key.split(separator: "?", maxSplits: 1).first.map(String.init) ?? key
        let answer: Answer? = routes.withLock { routes in
            // Exact key, then without the query, then the longest route ending in "/" that prefixes it.
            let prefix = routes.keys.filter { $0.hasSuffix("/") && bare.hasPrefix($0) }.max { $0.count < $1.count }
            guard let matched = [key, bare, prefix].compactMap({ $0 }).first(where: { routes[$0] != nil }),
                let list = routes[matched], let first = list.first
            else { return nil }
            if list.count > 1 { routes[matched] = Array(list.dropFirst()) }
            return first
        }
        guard let answer else {
            return GraphHTTPResponse(
                status: 404, body: Data(#"{"error":{"code":"NotFound","message":"no route \#(key)","innerError":{}}}"#.utf8))
        }
        return answer(request)
    }
}

/// A clock that only moves when the connector sleeps.
final class VirtualPacing: Sendable {
    private let instant = Mutex(ContinuousClock.now)
    private let slept = Mutex<[Duration]>([])

    var waits: [Duration] { slept.withLock { $0 } }

    var pacing: GraphPacing {
        GraphPacing(
            now: { self.instant.withLock { $0 } },
            sleep: { until in
                self.instant.withLock { now in
                    if until > now {
                        self.slept.withLock { $0.append(now.duration(to: until)) }
                        now = until
                    }
                }
            })
    }
}

/// Connectors over a ``FakeGraph``.
enum TeamsTest {
    static let here = SourceLocation(file: "test.yaml", line: 1, column: 1)
    static let tenant = "a1a56d21-a8a6-4a6b-97f8-ced53d30f143"

    static func config(organizers: [(email: String, id: String?)] = [("events@northwind.example", "org-1")]) -> ConfigObject {
        let list: [ConfigValue] = organizers.map { organizer in
            .object(
                ConfigObject(
                    values: [
                        "email": .string(organizer.email), "user_id": organizer.id.map { .string($0) } ?? .null,
                        "sync_new_webinars": .boolean(true), "sync_recordings": .boolean(true),
                        "sync_transcripts": .boolean(true), "webinars": .null,
                    ], location: here))
        }
        return ConfigObject(
            values: [
                "tenant_id": .string(tenant), "client_id": .string("client-1"),
                "client_secret": .secret(Secret(value: "client-secret-value", reference: "${env:TEAMS_SECRET}")),
                "graph_base_url": .string(FakeGraph.base), "token_url": .string(FakeGraph.login),
                "requests_per_second": .integer(10), "organizers": .list(list),
            ], location: here)
    }

    static func connector(
        _ graph: FakeGraph, pacing: VirtualPacing = VirtualPacing(), now: @escaping @Sendable () -> Date = { Date() }
    ) throws -> TeamsConnector {
        var options = GraphClientOptions()
        options.pacing = pacing.pacing
        let context = ConnectorContext(logger: Logger(label: "teams-test"), httpClient: .shared, now: now)
        return try TeamsConnector(config: config(), context: context, options: options, http: graph)
    }
}

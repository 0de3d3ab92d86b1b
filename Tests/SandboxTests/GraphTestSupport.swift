import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOHTTP1
import Sandbox
import SwitchyardJSON
import Synchronization
import Testing

/// The default scenario's Teams tenant at the test reference date.
func graphTestTenant(seed: UInt64 = 7) throws -> GraphTenantData {
    try #require(zoomTestScenario(seed: seed).graphTenants.first)
}

/// A running Graph simulator and helpers to call it over loopback HTTP.
struct GraphSandboxClient {
    let port: Int
    let simulator: GraphSimulator
    let tenant: GraphTenantData

    var base: String { "http://127.0.0.1:\(port)" }

    func send(_ method: HTTPMethod, _ path: String, headers: [(String, String)] = [], body: Data? = nil) async throws
        -> HTTPAnswer
    {
        try await ZoomSandboxClient.send(base: base, method, path, headers: headers, body: body)
    }

    /// Asks the token endpoint for a client-credentials token (form-encoded, as Entra is asked).
    func token(secret: String? = nil, scope: String = "https://graph.microsoft.com/.default") async throws -> HTTPAnswer {
        let credentials = tenant.credentials
        let form = [
            "grant_type=client_credentials", "client_id=\(credentials.clientID)",
            "client_secret=\(percentEncoded(secret ?? credentials.clientSecret))", "scope=\(percentEncoded(scope))",
        ].joined(separator: "&")
        return try await send(
            .POST, "/\(credentials.tenantID)/oauth2/v2.0/token",
            headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Data(form.utf8))
    }

    /// A valid bearer token.
    func bearer() async throws -> String {
        try #require(try await token().json["access_token"] as? String)
    }

    /// GET with a bearer token.
    func get(_ path: String, token: String) async throws -> HTTPAnswer {
        try await send(.GET, path, headers: [("Authorization", "Bearer \(token)")])
    }

    /// Sends JSON with a bearer token (nil token: a control route, which needs none).
    func sendJSON(_ method: HTTPMethod, _ path: String, token: String?, _ object: [String: Any]) async throws -> HTTPAnswer {
        var headers = [("Content-Type", "application/json")]
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        return try await send(method, path, headers: headers, body: try JSONSerialization.data(withJSONObject: object))
    }

    /// `POST /v1.0/subscriptions` for `resource`, with `extra` fields (`clientState`, `lifecycleNotificationUrl`).
    func subscribe(
        _ resource: String, url: String, token: String, changeType: String = "created",
        expires: String = "2026-03-02T12:00:00Z", extra: [String: String] = [:]
    ) async throws -> HTTPAnswer {
        let body: [String: Any] =
            ["changeType": changeType, "notificationUrl": url, "resource": resource, "expirationDateTime": expires]
            .merging(extra) { _, new in new }
        return try await sendJSON(.POST, "/v1.0/subscriptions", token: token, body)
    }

    /// Every item of a collection, following `@odata.nextLink`; also returns how many pages it took.
    func all(_ path: String, token: String) async throws -> (items: [[String: Any]], pages: Int) {
        var items: [[String: Any]] = []
        var next: String? = base + path
        var pages = 0
        while let url = next {
            let answer = try await get(String(url.dropFirst(base.count)), token: token)
            try #require(answer.status == 200, "\(url): \(answer.text)")
            items += answer.json["value"] as? [[String: Any]] ?? []
            next = answer.json["@odata.nextLink"] as? String
            pages += 1
        }
        return (items, pages)
    }
}

extension ZoomSandboxClient {
    /// Sends a request to `base + path` with AsyncHTTPClient.
    static func send(base: String, _ method: HTTPMethod, _ path: String, headers: [(String, String)], body: Data?)
        async throws -> HTTPAnswer
    {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(15))
        let collected = try await response.body.collect(upTo: 1 << 22)
        var fields: [String: String] = [:]
        for header in response.headers { fields[header.name.lowercased()] = header.value }
        return HTTPAnswer(status: Int(response.status.code), headers: fields, body: Data(collected.readableBytesView))
    }
}

/// Runs `body` against a Graph simulator (the default scenario's Teams tenant) on a loopback port.
func withGraphSandbox<Value: Sendable>(
    configuration: GraphSimulatorConfiguration = GraphSimulatorConfiguration(now: { zoomTestReferenceDate }),
    _ body: @Sendable (GraphSandboxClient) async throws -> Value
) async throws -> Value {
    let tenant = try graphTestTenant()
    let simulator = GraphSimulator(tenants: [tenant], configuration: configuration)
    return try await simulator.makeApplication(port: 0).test(.live) { client in
        try await body(GraphSandboxClient(port: try #require(client.port), simulator: simulator, tenant: tenant))
    }
}

/// A notification URL served on a loopback port: answers Graph's validation request as told
/// and records every notification it receives.
final class NotificationReceiver: Sendable {
    /// How the receiver answers `?validationToken=…`.
    enum Validation: Sendable {
        case echo, wrongToken, slow(Duration)
    }

    private let state = Mutex<(validations: [String], notifications: [JSONValue])>(([], []))
    let validation: Validation

    init(validation: Validation = .echo) {
        self.validation = validation
    }

    var validations: [String] { state.withLock { $0.validations } }

    /// Notifications received so far (the elements of each POST's `value`).
    var notifications: [JSONValue] { state.withLock { $0.notifications } }

    /// Runs `body` with the receiver's URL while it listens.
    func serve<Value: Sendable>(_ body: @Sendable (String) async throws -> Value) async throws -> Value {
        let router = Router()
        router.post("/notify") { request, context -> Response in
            var request = request
            let received = try await request.collectBody(upTo: 1 << 20)
            if let token = request.uri.queryParameters["validationToken"].map(String.init) {
                self.state.withLock { $0.validations.append(token) }
                var answer = token
                switch self.validation {
                case .echo: break
                case .wrongToken: answer = "not the token"
                case .slow(let delay): try await Task.sleep(for: delay)
                }
                return Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: answer)))
            }
            let values = (try? JSONValue.parse(Data(received.readableBytesView)))?["value"]?.arrayValue ?? []
            self.state.withLock { $0.notifications += values }
            return Response(status: .accepted)
        }
        return try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) {
            client in
            try await body("http://127.0.0.1:\(try #require(client.port))/notify")
        }
    }
}

import AsyncHTTPClient
import Foundation
import HTTPTypes
import HubSpot
import Hummingbird
import Logging
import NIOCore
import func Sandbox.withGracefulServices
import Synchronization

/// A request the scripted server received.
struct RecordedRequest: Sendable {
    var method: String
    /// The raw (still percent-encoded) path.
    var path: String
    /// Decoded query parameters, in order.
    var query: [(String, String)]
    /// Header values by lowercased name.
    var headers: [String: String]
    var body: Data
    /// The virtual time the server saw the request (from the test clock).
    var receivedAt: Date

    func queryValues(_ name: String) -> [String] { query.filter { $0.0 == name }.map(\.1) }

    /// A header value by case-insensitive name.
    func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// The JSON body as a dictionary (empty when there is none).
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
    }

    /// The `inputs` array of a batch body.
    var inputs: [[String: Any]] { json["inputs"] as? [[String: Any]] ?? [] }
}

/// A scripted answer.
struct ScriptedResponse: Sendable {
    var status: Int
    var headers: [String: String] = [:]
    var body: String = ""

    /// A JSON answer built from a JSON-serialisable value.
    static func json(_ status: Int, _ value: Any, headers: [String: String] = [:]) -> ScriptedResponse {
        let data =
            (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])) ?? Data()
        return ScriptedResponse(
            status: status, headers: headers, body: String(decoding: data, as: UTF8.self))
    }

    /// HubSpot's error body (schema `Error`).
    static func error(
        _ status: Int, category: String, message: String, correlationId: String = UUID().uuidString,
        policyName: String? = nil, headers: [String: String] = [:]
    ) -> ScriptedResponse {
        var body: [String: Any] = [
            "status": "error", "category": category, "message": message, "correlationId": correlationId,
        ]
        if let policyName { body["policyName"] = policyName }
        return json(status, body, headers: headers)
    }

    /// A 400 saying which required fields the body lacks, or `nil` when it has them all.
    static func missingFields(
        _ required: [String], in object: [String: Any], where location: String = "body"
    ) -> ScriptedResponse? {
        let missing = required.filter { object[$0] == nil }
        guard !missing.isEmpty else { return nil }
        return error(
            400, category: "VALIDATION_ERROR",
            message: "\(location) is missing required fields: \(missing.joined(separator: ", "))")
    }
}

/// A small HubSpot stand-in on 127.0.0.1 (ephemeral port) that records every request and
/// answers with a script.
final class ScriptedHubSpot: Sendable {
    let clock: ManualClock
    private let recorded = Mutex<[RecordedRequest]>([])
    private let handler: @Sendable (RecordedRequest, Int) async -> ScriptedResponse

    /// - Parameter handler: the answer to a request; the second argument counts requests from 0.
    init(
        clock: ManualClock,
        handler: @escaping @Sendable (RecordedRequest, Int) async -> ScriptedResponse
    ) {
        self.clock = clock
        self.handler = handler
    }

    var requests: [RecordedRequest] { recorded.withLock { $0 } }

    private func respond(to request: Request) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 10 << 20)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
        let query = (request.uri.query ?? "").split(separator: "&").map { pair -> (String, String) in
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).removingPercentEncoding ?? String($0)
            }
            return (parts[0], parts.count > 1 ? parts[1] : "")
        }
        let recordedRequest = RecordedRequest(
            method: request.method.rawValue, path: request.uri.path, query: query, headers: headers,
            body: Data(body.readableBytesView), receivedAt: clock.now())
        let index = recorded.withLock { list in
            list.append(recordedRequest)
            return list.count - 1
        }
        let answer = await handler(recordedRequest, index)
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        for (name, value) in answer.headers {
            if let field = HTTPField.Name(name) { fields[field] = value }
        }
        return Response(
            status: .init(code: answer.status), headers: fields,
            body: .init(byteBuffer: ByteBuffer(string: answer.body)))
    }

    /// Starts the server, runs `body` with a client pointed at it, then stops the server.
    func run<T: Sendable>(
        limits: HubSpotRateLimits = HubSpotRateLimits(),
        developerCredentials: HubSpotDeveloperCredentials? = nil,
        retryPolicy: HubSpotRetryPolicy = HubSpotRetryPolicy(random: { 0.5 }),
        requestTimeout: Duration = .seconds(30),
        _ body: @Sendable (HubSpotClient, HubSpotRequestBudget) async throws -> T
    ) async throws -> T {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            responder: CallbackResponder<BasicRequestContext> { request, _ in
                try await self.respond(to: request)
            },
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: Logger(label: "scripted-hubspot", factory: { _ in SwiftLogNoOpLogHandler() }))
        return try await withGracefulServices([app], logger: Logger(label: "scripted-hubspot")) {
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0 else { throw ScriptedServerError.noPort }
            let budget = HubSpotRequestBudget(portalId: "4400123", limits: limits, clock: clock)
            let client = try HubSpotClient(
                configuration: .init(
                    baseURL: "http://127.0.0.1:\(port)",
                    credentials: HubSpotPrivateAppCredentials(accessToken: HubSpotSecret(testToken)),
                    developerCredentials: developerCredentials, retryPolicy: retryPolicy,
                    requestTimeout: requestTimeout),
                budget: budget, httpClient: .shared, logger: Logger(label: "hubspot-test"))
            return try await body(client, budget)
        }
    }
}

enum ScriptedServerError: Error {
    case noPort
}

/// The portal token the tests configure; it must never show up in errors or logs.
let testToken = "pat-na1-11111111-2222-3333-4444-555555555555"
/// The developer API key the tests configure.
let testDeveloperKey = "dev-key-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"

/// A virtual clock: `sleep(until:)` moves time forward instead of waiting.
final class ManualClock: HubSpotClock {
    private let current: Mutex<Date>
    private let sleeps = Mutex<[Date]>([])

    init(start: Date = Date(timeIntervalSince1970: 1_767_225_600)) {  // 2026-01-01T00:00:00Z
        current = Mutex(start)
    }

    func now() -> Date { current.withLock { $0 } }

    /// The deadlines slept until, in order.
    var sleptUntil: [Date] { sleeps.withLock { $0 } }

    func sleep(until deadline: Date) async throws {
        sleeps.withLock { $0.append(deadline) }
        current.withLock { $0 = max($0, deadline) }
        await Task.yield()
    }

    func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}

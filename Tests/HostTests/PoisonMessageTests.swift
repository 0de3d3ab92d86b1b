import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import Hummingbird
import Logging
import Sandbox
import Testing

@testable import Host

/// Signed Zoom webhooks for tests, and a longer wait than ``HostHarness/eventually(_:)`` for
/// outcomes behind HubSpot's own retries.
enum SignedZoom {
    /// Posts `body` to the host's Zoom webhook route, signed with `secret`; returns the status.
    static func post(_ body: String, secret: String, to host: RunningHost, _ client: HTTPClient) async throws -> Int {
        let timestamp = String(Int(Date().timeIntervalSince1970))
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data("v0:\(timestamp):\(body)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        var request = HTTPClientRequest(url: host.baseURL + "/webhooks/zoom")
        request.method = .POST
        request.headers.add(name: "x-zm-request-timestamp", value: timestamp)
        request.headers.add(name: "x-zm-signature", value: "v0=" + mac.map { String(format: "%02x", $0) }.joined())
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body))
        return Int(try await client.execute(request, timeout: .seconds(10)).status.code)
    }

    /// A webhook of `event` about webinar `id` of Zoom account `account`.
    static func event(_ event: String, account: String, webinar id: String, email: String = "poison@example.com") -> String {
        let registrant = #","registrant":{"id":"r-1","email":"\#(email)","first_name":"Poi","last_name":"Son"}"#
        return
            #"{"event":"\#(event)","event_ts":\#(Int(Date().timeIntervalSince1970 * 1000)),"payload":{"account_id":"\#(account)","object":{"id":"\#(id)","uuid":"u-\#(id)","topic":"T"\#(event.contains("registration") ? registrant : "")}}}"#
    }

    /// Polls until `condition` holds, for up to `seconds`.
    static func within(_ seconds: Int, _ condition: @Sendable () async throws -> Bool) async throws -> Bool {
        try await poll(seconds: Double(seconds), condition)
    }
}

@Suite("Poison messages: permanent failures end at once, transient ones end as dead letters")
struct PoisonMessageTests {
    static let operatorToken = "operator-SECRET-poison"

    /// The sample tenants with the sandbox; retries 10 ms apart, three attempts.
    private func withSampleHost(_ body: @escaping @Sendable (RunningHost, HTTPClient, String) async throws -> Void) async throws {
        let directory = try HostHarness.sampleTenants()
        let secret = try String(contentsOfFile: directory + "/secrets/northwind-zoom-webhook", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try await HostHarness.withHost(
            tenants: directory, sandbox: .auto, environment: [:],
            configure: {
                $0.operatorToken = Self.operatorToken
                $0.inboxRetry = InboxRetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(10), maxDelay: .milliseconds(20))
            }
        ) { host, client in try await body(host, client, secret) }
    }

    @Test("a legitimate webinar.deleted ends cleanly: one skipped audit entry (webinar_deleted), the inbox drains to zero")
    func webinarDeletedEndsCleanly() async throws {
        try await withSampleHost { host, client, secret in
            let webinar = "89999999991"
            let body = SignedZoom.event("webinar.deleted", account: "nw-zoom-account", webinar: webinar)
            #expect(try await SignedZoom.post(body, secret: secret, to: host, client) == 200)
            #expect(try await SignedZoom.within(20) { try await host.store.inboxDepth(tenantID: "northwind") == 0 })
            let audit = try await host.store.auditRecords(tenantID: "northwind", webinarID: webinar, limit: 10)
            #expect(audit.map(\.status) == ["skipped"])
            let payload = String(decoding: audit.first?.payload ?? Data(), as: UTF8.self)
            #expect(payload.contains("webinar_deleted"))
            #expect(try await host.store.deadLetters(tenantID: "northwind", limit: 10).isEmpty)
        }
    }

    @Test("a webhook whose sync fails permanently (the webinar does not exist) ends at once with one failed audit entry")
    func permanentFailureEndsAtOnce() async throws {
        try await withSampleHost { host, client, secret in
            let webinar = "89999999992"
            let body = SignedZoom.event("webinar.registration_created", account: "nw-zoom-account", webinar: webinar)
            #expect(try await SignedZoom.post(body, secret: secret, to: host, client) == 200)
            #expect(try await SignedZoom.within(20) { try await host.store.inboxDepth(tenantID: "northwind") == 0 })
            // Were it retried (three attempts 10 ms apart), there would be three entries and a dead letter.
            let audit = try await host.store.auditRecords(tenantID: "northwind", webinarID: webinar, limit: 10)
            #expect(audit.map(\.status) == ["failed"])
            let payload = String(decoding: audit.first?.payload ?? Data(), as: UTF8.self)
            #expect(payload.contains(#""failure":"permanent""#))
            #expect(try await host.store.deadLetters(tenantID: "northwind", limit: 10).isEmpty)
            let (_, metrics) = try await HostHarness.get(client, host.baseURL + "/metrics")
            #expect(metrics.contains(#"switchyard_inbox_permanent_failures_total{connector="zoom"} 1"#))
        }
    }

    @Test("a transient failure is retried with backoff, then becomes a dead letter: admin API, metrics, console; replay and drop")
    func transientFailureBecomesDeadLetter() async throws {
        try await RefusingHubSpot.run { hubSpot in
            let directory = try HostHarness.tenantsDirectory([
                "a.yaml": HostHarness.tenant("alpha", portal: 1, account: "acct-a")
                    .replacingOccurrences(of: "  portal_id: 1\n", with: "  portal_id: 1\n  api_base: \(hubSpot)\n")
            ])
            try await HostHarness.withHost(
                tenants: directory,
                configure: {
                    $0.operatorToken = Self.operatorToken
                    $0.inboxRetry = InboxRetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(10), maxDelay: .milliseconds(20))
                }
            ) { host, client in
                let secret = HostHarness.environment["ACME_ZOOM_WEBHOOK", default: ""]
                let body = SignedZoom.event("webinar.registration_created", account: "acct-a", webinar: "81234567890")
                #expect(try await SignedZoom.post(body, secret: secret, to: host, client) == 200)
                #expect(try await SignedZoom.within(60) { try await host.store.deadLetters(tenantID: "alpha", limit: 10).count == 1 })
                #expect(try await host.store.inboxDepth(tenantID: "alpha") == 0)
                let audit = try await host.store.auditRecords(tenantID: "alpha", webinarID: "81234567890", limit: 10)
                #expect(audit.count == 2 && audit.allSatisfy { $0.status == "failed" })

                let admin = AdminClient(http: client, baseURL: host.baseURL, token: Self.operatorToken)
                let list = try await admin.get("/api/v1/tenants/alpha/dead-letters").decode(DeadLetterList.self)
                let letter = try #require(list.deadLetters.first)
                #expect(letter.eventType == "webinar.registration_created" && letter.attempts == 2)
                #expect(letter.reason.hasPrefix("retries used up (2 attempts): webinar 81234567890: "))
                #expect(try await admin.get("/api/v1/tenants/alpha/dead-letters/\(letter.id)").decode(DeadLetterView.self).body == body)
                #expect(try await admin.get("/api/v1/tenants/alpha").decode(TenantSummary.self).deadLetters == 1)
                var (_, metrics) = try await HostHarness.get(client, host.baseURL + "/metrics")
                #expect(metrics.contains("switchyard_inbox_dead_letters 1"))
                #expect(metrics.contains(#"switchyard_inbox_dead_letters_total{connector="zoom"} 1"#))

                // Replayed, it is tried again (twice) and, still failing, is a dead letter again.
                let replay = try await admin.post("/api/v1/tenants/alpha/dead-letters/\(letter.id)/replay")
                #expect(try replay.decode(DeadLetterAction.self).action == .replayed)
                #expect(
                    try await SignedZoom.within(60) {
                        let entries = try await host.store.auditRecords(tenantID: "alpha", webinarID: "81234567890", limit: 10).count
                        let dead = try await host.store.deadLetters(tenantID: "alpha", limit: 10).count
                        return entries == 4 && dead == 1
                    })
                let dropped = try await admin.send("DELETE", "/api/v1/tenants/alpha/dead-letters/\(letter.id)")
                #expect(try dropped.decode(DeadLetterAction.self).action == .dropped)
                #expect(try await admin.get("/api/v1/tenants/alpha/dead-letters/\(letter.id)").status == 404)
                #expect(try await admin.get("/api/v1/tenants/alpha/dead-letters/x1").status == 400)
                (_, metrics) = try await HostHarness.get(client, host.baseURL + "/metrics")
                #expect(metrics.contains("switchyard_inbox_dead_letters 0"))
            }
        }
    }
}

/// A HubSpot that refuses every request at once with 401 (a transient failure: credentials an
/// operator can fix), so syncs fail fast without HubSpot's retries.
enum RefusingHubSpot {
    struct Refuse<Context: RequestContext>: RouterMiddleware {
        func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
            Response(status: .unauthorized)
        }
    }

    /// Runs `body` with the origin of a server refusing everything.
    static func run(_ body: @escaping @Sendable (String) async throws -> Void) async throws {
        let router = Router()
        router.add(middleware: Refuse())
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) })
        try await withGracefulServices([app], logger: Logger(label: "refusing-hubspot")) {
            guard let port = await ports.first(where: { _ in true }) else { return }
            try await body("http://127.0.0.1:\(port)")
        }
    }
}

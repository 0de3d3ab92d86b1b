import AsyncHTTPClient
import ConnectorKit
import Crypto
import Foundation
import Host
import NIOCore
import Testing

/// Webhooks through a plugin process: `/webhooks/fake-webinars` is verified by the fake Python
/// connector (HMAC-SHA256 with the instance's token), stored durably, decoded and applied.
@Suite("End to end: webhooks through a plugin connector")
struct PluginWebhookTests {
    static let email = "grace@customer.example"

    /// A `registered` event for ``email`` to the plugged tenant's account.
    static let body = Data(
        #"{"account": "plugged-account", "event": "registered", "email": "\#(email)", "first_name": "Grace"}"#.utf8)

    /// `sha256=<hex HMAC-SHA256 of body>` with `secret`.
    static func signature(_ body: Data, secret: String = FakePlugin.secret) -> String {
        "sha256="
            + HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
            .map { String(format: "%02x", $0) }.joined()
    }

    static func post(_ host: RunningHost, signature: String?) async throws -> Int {
        var request = HTTPClientRequest(url: host.baseURL + "/webhooks/fake-webinars")
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        if let signature { request.headers.add(name: "x-fake-signature", value: signature) }
        request.body = .bytes(ByteBuffer(data: body))
        return Int(try await HTTPClient.shared.execute(request, timeout: .seconds(30)).status.code)
    }

    /// Whether the inbox holds a webhook naming ``email``.
    static func stored(_ host: RunningHost) async throws -> Bool {
        try await host.store.inboxItems(tenantID: "plugged", containing: email, limit: 10).isEmpty == false
    }

    /// Waits until ``email`` is a contact in the plugged portal and the inbox is empty (~30 s at most).
    static func applied(_ host: RunningHost) async throws -> Bool {
        var done = false
        for _ in 0..<6 where !done {  // the whole suite may run beside it
            done = try await HostHarness.eventually {
                try await host.store.inboxDepth(tenantID: "plugged") == 0
                    && PluginEndToEndTests.pluggedEmails(host).contains(email)
            }
        }
        return done
    }

    @Test("a signed webhook is verified by the plugin, stored and applied; a missing or bad signature gets 401 and nothing is stored")
    func signedWebhook() async throws {
        try await PluginEndToEndTests.withHost(mode: "ok") { host in
            #expect(try await Self.post(host, signature: nil) == 401)
            #expect(try await Self.post(host, signature: Self.signature(Self.body, secret: "not-the-token")) == 401)
            let storedRejected = try await Self.stored(host)
            #expect(!storedRejected, "a rejected webhook is not stored")
            #expect(try PluginEndToEndTests.pluggedEmails(host).contains(Self.email) == false)

            #expect(try await Self.post(host, signature: Self.signature(Self.body)) == 200)
            #expect(try await Self.applied(host), "the webhook's registration should reach HubSpot")
            let metrics = host.metrics.exposition()
            for (result, count) in [("missing_signature", 1), ("bad_signature", 1), ("accepted", 1)] {
                #expect(
                    metrics.contains(#"switchyard_webhooks_total{connector="fake-webinars",result="\#(result)"} \#(count)"#), "\(metrics)")
            }
        }
    }

    @Test("while the plugin is restarting a webhook gets 503 and nothing is stored; the sender's retry after it recovers is applied")
    func webhookDuringRestart() async throws {
        try await PluginEndToEndTests.withHost(mode: "webhook-crash") { host in
            // The connector exits while verifying the first delivery.
            #expect(try await Self.post(host, signature: Self.signature(Self.body)) == 503)
            let storedUnverified = try await Self.stored(host)
            #expect(!storedUnverified, "a webhook nobody verified is not stored")
            #expect(try PluginEndToEndTests.pluggedEmails(host).contains(Self.email) == false)

            // The sender retries (as Zoom and others do on a 5xx) until the connector is back.
            let status = try await FakePlugin.eventually {
                let status = try await Self.post(host, signature: Self.signature(Self.body))
                guard status == 200 else { throw ConnectorError(.unavailable, "still restarting (\(status))") }
                return status
            }
            #expect(status == 200)
            #expect(try await Self.applied(host), "the retried webhook's registration should reach HubSpot")
            let metrics = host.metrics.exposition()
            #expect(metrics.contains(#"switchyard_connector_restarts_total{connector="fake-webinars"} 1"#))
            #expect(metrics.contains(#"switchyard_webhooks_total{connector="fake-webinars",result="accepted"} 1"#), "\(metrics)")
            #expect(metrics.contains(#"switchyard_webhooks_total{connector="fake-webinars",result="connector_unavailable"}"#))
        }
    }
}

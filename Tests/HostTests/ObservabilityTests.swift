import AsyncHTTPClient
import Crypto
import Foundation
import Logging
import NIOCore
import Sandbox
import Synchronization
import Testing

@testable import Host

/// What an operator sees: the metrics of webhooks, syncs, API calls, the inbox and tenant
/// loading, and a trace id that follows a webhook from its 200 to the HubSpot calls it causes.
@Suite("Host: metrics and trace ids an operator watches")
struct ObservabilityTests {
    @Test("webhooks pushed by the sandbox show up in every operator metric, and their HubSpot calls carry their trace ids")
    func metricsAndTraces() async throws {
        let logs = TraceLog()
        let logger = Logger(label: "observed") { _ in TraceLog.Handler(log: logs) }
        let directory = try HostHarness.sampleTenants()
        try await HostHarness.withHost(tenants: directory, sandbox: .auto, environment: [:], logger: logger) { host, client in
            let sandbox = try #require(host.sandbox)
            let pushed = await sandbox.zoom.pushScenarioWebhooks()
            #expect(pushed > 0)
            await sandbox.zoom.webhooksSettled()
            #expect(
                try await HostHarness.eventually {
                    try await [host.store.inboxDepth(tenantID: "northwind"), host.store.inboxDepth(tenantID: "contoso")] == [0, 0]
                })
            let (status, metrics) = try await HostHarness.get(client, host.baseURL + "/metrics")
            #expect(status == 200)
            for series in [
                #"switchyard_webhooks_total{connector="zoom",result="accepted"} \#(pushed)"#,
                #"switchyard_webhook_ingest_seconds_count{connector="zoom"}"#,
                #"switchyard_syncs_total{trigger="webhook",status="synced"#,
                #"switchyard_sync_duration_seconds_bucket{trigger="webhook",le="+Inf"}"#,
                #"switchyard_api_requests_total{provider="hubspot",operation="contacts.batchUpsert",status="200"}"#,
                #"switchyard_api_request_duration_seconds_bucket{provider="hubspot",operation="contacts.batchUpsert",le="+Inf"}"#,
                #"switchyard_api_budget_window_used_ratio{provider="hubspot",account="all"}"#,
                "switchyard_inbox_depth 0", "switchyard_inbox_oldest_age_seconds 0", "switchyard_tenant_load_seconds_count 1",
            ] {
                #expect(metrics.contains(series), "missing \(series)")
            }
            // A connector's own API calls are counted alike in the host's process and from a
            // connector process (`api_calls` notifications).
            #expect(metrics.contains(#"switchyard_api_requests_total{provider="zoom",operation="GET Light",status="200"}"#))
            // Without the opt-in, no portal id becomes a label.
            #expect(!metrics.contains(#"account="\#(SyncEndToEndTests.northwindPortal)""#))

            let delivered = Set(
                sandbox.zoom.webhookDeliveries.filter { $0.status == 200 }.map { RequestTrace.id(ofWebhookBody: Data($0.body.utf8)) })
            let writes = logs.traces(ofOperation: "contacts.batchUpsert")
            #expect(!writes.isEmpty, "HubSpot writes logged with a trace id")
            for trace in writes {
                let ids = trace.split(separator: ",").filter { !$0.hasPrefix("+") }.map(String.init)
                #expect(!ids.isEmpty && ids.allSatisfy(delivered.contains), "\(trace) names a delivered webhook")
            }
        }
    }

    @Test("a webhook's answer carries its trace id: the first 16 hex digits of its body's SHA-256")
    func requestIDHeader() async throws {
        let directory = try HostHarness.tenantsDirectory(["a.yaml": HostHarness.tenant("alpha", portal: 1, account: "acct-a")])
        try await HostHarness.withHost(tenants: directory) { host, client in
            let body = #"{"event":"meeting.started","event_ts":1,"payload":{"account_id":"acct-a","object":{"id":"1"}}}"#
            var request = HTTPClientRequest(url: host.baseURL + "/webhooks/zoom")
            request.method = .POST
            request.headers.add(name: "x-zm-request-timestamp", value: "1")
            request.headers.add(name: "x-zm-signature", value: "v0=00")
            request.body = .bytes(ByteBuffer(string: body))
            let response = try await client.execute(request, timeout: .seconds(10))
            #expect(response.status.code == 401)
            let digest = SHA256.hash(data: Data(body.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
            #expect(response.headers.first(name: "X-Request-Id") == digest)
        }
    }

    @Test("budgets are labelled by portal only when the operator opts in")
    func tenantLabelsOptIn() async throws {
        let metrics = HostMetrics(tenantLabels: true)
        metrics.budget(provider: "hubspot", account: "4400123", window: 0.5, day: 0.25)
        #expect(metrics.exposition().contains(#"switchyard_api_budget_daily_used_ratio{provider="hubspot",account="4400123"} 0.25"#))
        metrics.onScrape { metrics.deadLetters(3) }
        #expect(await metrics.scrape().contains("switchyard_dead_letters 3"))
    }
}

/// Log lines of HubSpot calls with the trace id the task had when they were written.
final class TraceLog: Sendable {
    private let entries = Mutex<[(operation: String, trace: String?)]>([])

    func traces(ofOperation operation: String) -> [String] {
        entries.withLock { $0.filter { $0.operation == operation }.compactMap(\.trace) }
    }

    struct Handler: LogHandler {
        let log: TraceLog
        var logLevel: Logger.Level = .debug
        var metadata: Logger.Metadata = [:]
        let metadataProvider: Logger.MetadataProvider? = RequestTrace.metadataProvider

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            guard let operation = event.metadata?["operation"] else { return }
            let trace = metadataProvider?.get()["trace_id"].map { "\($0)" }
            log.entries.withLock { $0.append(("\(operation)", trace)) }
        }
    }
}

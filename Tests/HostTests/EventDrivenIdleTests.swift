import AsyncHTTPClient
import Composition
import Crypto
import Foundation
import NIOCore
import TenantConfig
import Testing

@testable import Host

@Suite("Host: idle means asleep — work is woken by events, not found by polling")
struct EventDrivenIdleTests {
    @Test("a webhook's event is processed by the inbox worker its append woke (the worker never polls)")
    func webhookWakesWorker() async throws {
        let directory = try HostHarness.tenantsDirectory([
            "a.yaml": HostHarness.tenant("alpha", portal: 1, account: "acct-a")
        ])
        try await HostHarness.withHost(tenants: directory) { host, client in
            // An event the connector ignores: the worker completes it without any API call.
            let body = #"{"event":"meeting.started","event_ts":1,"payload":{"account_id":"acct-a","object":{"id":"1"}}}"#
            let timestamp = String(Int(Date().timeIntervalSince1970))
            let key = SymmetricKey(data: Data(HostHarness.environment["ACME_ZOOM_WEBHOOK", default: ""].utf8))
            let mac = HMAC<SHA256>.authenticationCode(for: Data("v0:\(timestamp):\(body)".utf8), using: key)
            var request = HTTPClientRequest(url: host.baseURL + "/webhooks/zoom")
            request.method = .POST
            request.headers.add(name: "x-zm-request-timestamp", value: timestamp)
            request.headers.add(name: "x-zm-signature", value: "v0=" + mac.map { String(format: "%02x", $0) }.joined())
            request.body = .bytes(ByteBuffer(string: body))
            let response = try await client.execute(request, timeout: .seconds(10))
            #expect(response.status.code == 200)
            let (_, metrics) = try await HostHarness.get(client, host.baseURL + "/metrics")
            #expect(metrics.contains(#"switchyard_webhooks_total{connector="zoom",result="accepted"} 1"#))
            #expect(try await HostHarness.eventually { try await host.store.inboxDepth(tenantID: "alpha") == 0 })
        }
    }

    #if os(Linux)
        @Test("a changed tenant file is picked up through inotify, with the periodic fallback an hour away")
        func watcherSeesChange() async throws {
            let directory = try HostHarness.tenantsDirectory([
                "a.yaml": HostHarness.tenant("alpha", portal: 1, account: "acct-a")
            ])
            try await HostHarness.withHost(tenants: directory, configure: { $0.reloadPollInterval = .seconds(3600) }) {
                host, _ in
                try HostHarness.tenant("alpha", portal: 1, account: "acct-a", displayName: "Alpha Renamed")
                    .write(toFile: directory + "/a.yaml", atomically: false, encoding: .utf8)
                #expect(
                    try await HostHarness.eventually {
                        await host.registry.runtime(tenantID: "alpha")?.config.displayName == "Alpha Renamed"
                    })
                try HostHarness.tenant("beta", portal: 2, account: "acct-b")
                    .write(toFile: directory + "/b.yaml", atomically: true, encoding: .utf8)
                #expect(try await HostHarness.eventually { await host.registry.route(connectorType: "zoom", routingKey: "acct-b") != nil })
            }
        }
    #endif

    @Test("the timetable yields keys by due time, and an earlier key wakes a waiting consumer", .timeLimit(.minutes(1)))
    func timetableOrder() async throws {
        let timetable = Timetable<String>()
        let now = ContinuousClock.now
        timetable.schedule("later", at: now + .seconds(3600))
        timetable.schedule("second", at: now - .seconds(1))
        timetable.schedule("first", at: now - .seconds(2))
        timetable.schedule("cancelled", at: now - .seconds(3))
        timetable.cancel("cancelled")
        var iterator = timetable.makeAsyncIterator()
        #expect(await iterator.next() == "first")
        #expect(await iterator.next() == "second")
        // The consumer now sleeps until "later"; a key due now must wake it.
        async let woken = { () async -> String? in
            var iterator = timetable.makeAsyncIterator()
            return await iterator.next()
        }()
        timetable.schedule("now", at: .now)
        #expect(await woken == "now")
        #expect(timetable.count == 1)
    }

    @Test("a tenant whose sync is off is never scheduled for reconciles")
    func syncOffNotScheduled() throws {
        let directory = try HostHarness.tenantsDirectory([:])
        let text = HostHarness.tenant("alpha", portal: 1, account: "acct-a") + "\nsync:\n  global: false\n"
        try text.write(toFile: directory + "/a.yaml", atomically: true, encoding: .utf8)
        let loader = TenantLoader(registry: BuiltInConnectors.registry, environment: HostHarness.environment)
        let off = try loader.loadFile(directory + "/a.yaml").get()
        #expect(!ReconcileScheduler.isScheduled(off))
        let on = try loader.load(
            text: HostHarness.tenant("beta", portal: 2, account: "acct-b") + "\nsync:\n  global: true\n  webinars: true\n",
            file: "b.yaml", baseDirectory: directory
        ).get()
        #expect(ReconcileScheduler.isScheduled(on))
    }
}

import Foundation
import Host
import Sandbox
import Store
import SyncEngine
import Synchronization

/// `switchyard-bench drain [WEBHOOKS] [WEBINARS] [CONCURRENCY]`: how long a host takes to apply
/// a burst of webhooks (default 100,000 registrations spread over 50 upcoming webinars) with
/// its Zoom accounts on Zoom's Pro rate limits (30 / 20 / 10 requests per second). The sandbox
/// pushes the burst, CONCURRENCY deliveries at a time (default 32), to a host on a durable
/// state file that reconciled once before; the clock runs from the first push until the
/// inbox is empty. Printed: pushing and applying times, the inbox's deepest and oldest point,
/// the Zoom and HubSpot requests (with 429s) and what the portal holds afterwards.
enum DrainBenchmark {
    static func run(_ arguments: [String]) async throws {
        let numbers = arguments.compactMap { Int($0) }
        let webhooks = numbers.count > 0 ? numbers[0] : 100_000
        let webinarCount = numbers.count > 1 ? numbers[1] : 50
        let concurrency = numbers.count > 2 ? numbers[2] : 32
        // northwind has three Zoom hosts: enough upcoming webinars per host for WEBINARS in all.
        let sizes = ScenarioSizes(
            pastWebinarsPerHost: 0, upcomingWebinarsPerHost: (webinarCount + 2) / 3, registrantsPerWebinar: 2,
            contactsPerPortal: 6)
        let directory = NSTemporaryDirectory() + "switchyard-drain-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = BenchBox<Run?>(nil)
        try await BenchSandboxHost.run(
            sizes: sizes,
            adjust: { scenario in
                for tenant in scenario.tenants.indices {
                    for account in scenario.tenants[tenant].zoomAccounts.indices {
                        scenario.tenants[tenant].zoomAccounts[account].credentials.plan = "pro"
                    }
                }
            },
            configure: { $0.statePath = directory + "/state.sqlite" }
        ) { host, server in
            guard let runtime = await host.registry.runtime(tenantID: "northwind") else { return }
            let scheduler = ReconcileScheduler(registry: host.registry, coordinator: host.coordinator, logger: .init(label: "bench"))
            _ = await scheduler.reconcile(runtime)
            try await WebhookBenchmark.drained(host)
            let now = Date()
            let webinarIDs = server.scenario.zoomAccounts.flatMap(\.webinars)
                .filter { $0.startTime > now && !$0.isZoomEvents }
                .map(\.id).prefix(webinarCount)
            server.zoom.requestLog.clear()
            server.hubspot.requestLog.clear()
            let monitor = InboxMonitor()
            let started = ContinuousClock.now
            let watching = Task { await monitor.watch(host.store) }
            let pushed = await server.zoom.pushRegistrationBurst(
                webinarIDs: Array(webinarIDs), count: webhooks, concurrency: concurrency)
            let pushedAfter = ContinuousClock.now - started
            await server.zoom.webhooksSettled()
            // Polled each 0.5 s: counting scans the tenant's inbox rows, so polling often would
            // slow the drain it measures.
            while try await host.store.inboxDepth(tenantID: "northwind") > 0 {
                try await Task.sleep(for: .milliseconds(500))
            }
            let appliedAfter = ContinuousClock.now - started
            watching.cancel()
            let zoom = server.zoom.requestLog.all.filter { !$0.path.hasPrefix("/oauth") }
            let hubSpot = server.hubspot.requestLog.all
            result.set(
                Run(
                    webinars: webinarIDs.count, pushed: pushed, pushSeconds: TenantScaleBenchmark.seconds(pushedAfter),
                    applySeconds: TenantScaleBenchmark.seconds(appliedAfter), deepest: monitor.deepest,
                    oldestSeconds: monitor.oldestSeconds, zoom: zoom.count, zoom429: zoom.filter { $0.status == 429 }.count,
                    hubSpot: hubSpot.count, hubSpot429: hubSpot.filter { $0.status == 429 }.count,
                    hubSpotKinds: RequestKinds.counts(hubSpot),
                    portal: await BenchSandboxHost.portalCounts(server, host: host)))
        }
        guard let run = result.value else { throw BenchError("the northwind tenant or its sandbox could not be started") }
        print("## Drain: a burst of \(run.pushed) registration webhooks over \(run.webinars) webinars, Zoom Pro limits\n")
        print(
            "| webhooks | webinars | pushed in s | applied in s | applied/s | deepest inbox | oldest waiting s | Zoom requests (429) | HubSpot requests (429) |"
        )
        print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        print(
            "| \(run.pushed) | \(run.webinars) | \(fixed(run.pushSeconds, 1)) | \(fixed(run.applySeconds, 1)) | \(fixed(Double(run.pushed) / run.applySeconds, 0)) | \(run.deepest) | \(fixed(run.oldestSeconds, 1)) | \(run.zoom) (\(run.zoom429)) | \(run.hubSpot) (\(run.hubSpot429)) |"
        )
        print("\nHubSpot requests by kind:")
        for (kind, count) in run.hubSpotKinds.sorted(by: { $0.key < $1.key }) { print("  \(kind): \(count)") }
        print("\nportal after: \(run.portal)\n")
    }

    struct Run {
        var webinars: Int
        var pushed: Int
        var pushSeconds: Double
        var applySeconds: Double
        var deepest: Int
        var oldestSeconds: Double
        var zoom: Int
        var zoom429: Int
        var hubSpot: Int
        var hubSpot429: Int
        var hubSpotKinds: [String: Int]
        var portal: String
    }
}

/// Samples the inbox (every tenant's: the benchmark has one busy tenant) every 2 s — the query
/// scans the inbox, as a `/metrics` scrape does; more often would load the host — for the
/// deepest it got and the longest an item waited.
final class InboxMonitor: Sendable {
    private let state = Mutex((deepest: 0, oldest: 0.0))

    var deepest: Int { state.withLock { $0.deepest } }
    var oldestSeconds: Double { state.withLock { $0.oldest } }

    func watch(_ store: any StateStore) async {
        while !Task.isCancelled {
            if let summary = try? await (store as? any InboxStatistics)?.inboxSummary() {
                let age = summary.oldestReceivedAt.map { Date().timeIntervalSince($0) } ?? 0
                state.withLock {
                    $0.deepest = max($0.deepest, summary.depth)
                    $0.oldest = max($0.oldest, age)
                }
            }
            try? await Task.sleep(for: .seconds(2))
        }
    }
}

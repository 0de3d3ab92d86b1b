import Foundation
import Host
import Sandbox
import SyncEngine

/// `switchyard-bench webhooks [PAST UPCOMING REGISTRANTS]`: Zoom requests per 1,000 webhooks.
/// The sandbox pushes every webhook its northwind scenario implies (webinars created,
/// registrations and cancellations, each occurrence's joins, leaves, start and end, recordings
/// and transcripts) to a host that has reconciled once, and the Zoom and HubSpot requests the
/// host sends until its inbox is empty are counted: "before" syncs every webhook's webinar from
/// a fresh snapshot, "after" applies what the webhooks carry (``WebhookApplication``).
struct WebhookBenchmark {
    static func run(_ arguments: [String]) async throws {
        let numbers = arguments.compactMap { Int($0) }
        let sizes = ScenarioSizes(
            pastWebinarsPerHost: numbers.count > 0 ? numbers[0] : 2, upcomingWebinarsPerHost: numbers.count > 1 ? numbers[1] : 2,
            registrantsPerWebinar: numbers.count > 2 ? numbers[2] : 40)
        let before = try await measure(sizes: sizes, incremental: false)
        let after = try await measure(sizes: sizes, incremental: true)
        print("Zoom requests for the webhooks of northwind's scenario (sandbox, seed 7), after one reconcile\n")
        print("| | webhooks | Zoom requests | per 1,000 webhooks | HubSpot requests |")
        print("| --- | --- | --- | --- | --- |")
        for (name, run) in [("before (a snapshot per webhook batch)", before), ("after (incremental)", after)] {
            let per = run.webhooks == 0 ? 0 : Double(run.zoom.count) * 1000 / Double(run.webhooks)
            print("| \(name) | \(run.webhooks) | \(run.zoom.count) | \(fixed(per, 0)) | \(run.hubSpot) |")
        }
        print("\nZoom requests by endpoint (before → after):")
        let beforeRows = tally(before.zoom)
        let afterRows = tally(after.zoom)
        for endpoint in Set(beforeRows.keys).union(afterRows.keys).sorted() {
            print(
                "  \(endpoint.padding(toLength: 64, withPad: " ", startingAt: 0)) \(beforeRows[endpoint] ?? 0) → \(afterRows[endpoint] ?? 0)"
            )
        }
        print("\nHubSpot requests by kind (before → after):")
        for kind in Set(before.hubSpotKinds.keys).union(after.hubSpotKinds.keys).sorted() {
            print(
                "  \(kind.padding(toLength: 64, withPad: " ", startingAt: 0)) \(before.hubSpotKinds[kind] ?? 0) → \(after.hubSpotKinds[kind] ?? 0)"
            )
        }
        print("\nportal after (before): \(before.portal)")
        print("portal after (after):  \(after.portal)")
    }

    static func tally(_ requests: [RecordedRequest]) -> [String: Int] {
        requests.reduce(into: [:]) { $0["\($1.method) \(RequestTally.normalized($1.path))", default: 0] += 1 }
    }

    struct Run {
        var webhooks: Int
        var zoom: [RecordedRequest]
        var hubSpot: Int
        var hubSpotKinds: [String: Int]
        var portal: String
    }

    static func measure(sizes: ScenarioSizes, incremental: Bool) async throws -> Run {
        let result = BenchBox<Run?>(nil)
        try await BenchSandboxHost.run(sizes: sizes, configure: { $0.incrementalWebhooks = incremental }) { host, server in
            guard let runtime = await host.registry.runtime(tenantID: "northwind") else { return }
            let scheduler = ReconcileScheduler(registry: host.registry, coordinator: host.coordinator, logger: .init(label: "bench"))
            _ = await scheduler.reconcile(runtime)
            try await drained(host)
            server.zoom.requestLog.clear()
            server.hubspot.requestLog.clear()
            let webhooks = await server.zoom.pushScenarioWebhooks()
            await server.zoom.webhooksSettled()
            try await drained(host)
            result.set(
                Run(
                    webhooks: webhooks, zoom: server.zoom.requestLog.all.filter { !$0.path.hasPrefix("/oauth") },
                    hubSpot: server.hubspot.requestLog.all.count, hubSpotKinds: RequestKinds.counts(server.hubspot.requestLog.all),
                    portal: await BenchSandboxHost.portalCounts(server, host: host)))
        }
        guard let run = result.value else { throw BenchError("the northwind tenant or its sandbox could not be started") }
        return run
    }

    /// Waits until northwind's inbox is empty (a benchmark may poll).
    static func drained(_ host: RunningHost) async throws {
        while try await host.store.inboxDepth(tenantID: "northwind") > 0 {
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

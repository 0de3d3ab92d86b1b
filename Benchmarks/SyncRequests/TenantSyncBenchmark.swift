import Foundation
import Host
import Sandbox
import SyncEngine
import Synchronization

/// `switchyard-bench tenant-sync [PAST UPCOMING REGISTRANTS]`: HubSpot requests of syncing every
/// webinar of a multi-webinar tenant (northwind: two business units, by default twelve
/// webinars), once one webinar at a time ("before": each webinar's writes on its own) and once
/// as the reconcile does it ("after": writes batched across webinars), beside the batch
/// minimum computed from the distinct items of the run; then a backfill from the start of the
/// source's history beside its own batch minimum.
struct TenantSyncBenchmark {
    static func run(_ arguments: [String]) async throws {
        let numbers = arguments.compactMap { Int($0) }
        let sizes = ScenarioSizes(
            pastWebinarsPerHost: numbers.count > 0 ? numbers[0] : 3, upcomingWebinarsPerHost: numbers.count > 1 ? numbers[1] : 1,
            registrantsPerWebinar: numbers.count > 2 ? numbers[2] : 220)
        let before = try await measure(sizes: sizes, batched: false)
        let after = try await measure(sizes: sizes, batched: true)
        print("HubSpot requests of syncing every webinar of northwind (sandbox, seed 7), after its one-time setup")
        print("\(after.webinars) webinars, \(after.people) people in the scenario\n")
        let minimum = RequestKinds.minimum(after.requests)
        let beforeCounts = RequestKinds.counts(before.requests)
        let afterCounts = RequestKinds.counts(after.requests)
        let kinds = Set(beforeCounts.keys).union(afterCounts.keys).union(minimum.keys).sorted()
        print("| kind | before (per webinar) | after (tenant-wide) | batch minimum |")
        print("| --- | --- | --- | --- |")
        for kind in kinds {
            print("| \(kind) | \(beforeCounts[kind] ?? 0) | \(afterCounts[kind] ?? 0) | \(minimum[kind] ?? 0) |")
        }
        print(
            "| **total** | **\(before.requests.count)** | **\(after.requests.count)** | **\(minimum.values.reduce(0, +))** |\n")
        print("portal after (before): \(before.portal)")
        print("portal after (after):  \(after.portal)")

        let backfill = try await measureBackfill(sizes: sizes)
        let backfillMinimum = RequestKinds.minimum(backfill.requests)
        let backfillCounts = RequestKinds.counts(backfill.requests)
        print("\nHubSpot requests of `switchyard backfill northwind` (every past webinar Zoom's reports hold), after setup")
        print("\(backfill.webinars) webinars\n")
        print("| kind | backfill | batch minimum |")
        print("| --- | --- | --- |")
        for kind in Set(backfillCounts.keys).union(backfillMinimum.keys).sorted() {
            print("| \(kind) | \(backfillCounts[kind] ?? 0) | \(backfillMinimum[kind] ?? 0) |")
        }
        print("| **total** | **\(backfill.requests.count)** | **\(backfillMinimum.values.reduce(0, +))** |\n")
        print("portal after (backfill): \(backfill.portal)")
    }

    /// A backfill of northwind from the start of Zoom's history, as `switchyard backfill` runs it.
    static func measureBackfill(sizes: ScenarioSizes) async throws -> Run {
        let result = BenchBox<Run?>(nil)
        try await BenchSandboxHost.run(sizes: sizes) { host, server in
            guard let runtime = await host.registry.runtime(tenantID: "northwind") else { return }
            _ = try await host.coordinator.withSynchronizer(runtime) { _ in }
            server.hubspot.requestLog.clear()
            let outcome = await Backfill(coordinator: host.coordinator, logger: .init(label: "bench")).run(
                runtime, since: Backfill.fromTheStart, planned: { _ in }, progress: { _, _, _ in }, synced: { _ in },
                shouldStop: { false })
            result.set(
                Run(
                    requests: server.hubspot.requestLog.all, webinars: outcome.entries.count, people: 0,
                    portal: await BenchSandboxHost.portalCounts(server, host: host)))
        }
        guard let run = result.value else { throw BenchError("the northwind tenant or its sandbox could not be started") }
        return run
    }

    struct Run {
        var requests: [RecordedRequest]
        var webinars: Int
        var people: Int
        var portal: String
    }

    static func measure(sizes: ScenarioSizes, batched: Bool) async throws -> Run {
        let result = BenchBox<Run?>(nil)
        try await BenchSandboxHost.run(sizes: sizes) { host, server in
            guard let runtime = await host.registry.runtime(tenantID: "northwind") else { return }
            _ = try await host.coordinator.withSynchronizer(runtime) { _ in }
            let scheduler = ReconcileScheduler(registry: host.registry, coordinator: host.coordinator, logger: .init(label: "bench"))
            let due = await scheduler.dueWebinars(of: runtime)
            server.hubspot.requestLog.clear()
            if batched {
                _ = await scheduler.reconcile(runtime, trigger: .syncNow)
            } else {
                for item in due {
                    _ = await host.coordinator.sync(runtime, webinarID: item.webinar.id, from: item.instance, trigger: .syncNow)
                }
            }
            let webinars = server.scenario.zoomAccounts.flatMap(\.webinars)
            let people = Set(webinars.flatMap(\.registrants).map { $0.email.lowercased() }).count
            result.set(
                Run(
                    requests: server.hubspot.requestLog.all, webinars: due.count, people: people,
                    portal: await BenchSandboxHost.portalCounts(server, host: host)))
        }
        guard let run = result.value else { throw BenchError("the northwind tenant or its sandbox could not be started") }
        return run
    }
}

/// A value set from inside a `@Sendable` closure.
final class BenchBox<Value: Sendable>: Sendable {
    private let storage: Mutex<Value>
    init(_ value: Value) { storage = Mutex(value) }
    var value: Value { storage.withLock { $0 } }
    func set(_ value: Value) { storage.withLock { $0 = value } }
}

/// A benchmark that could not run.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

import Foundation
import Composition
import Host
import Logging
import Sandbox
import ServiceLifecycle
import SyncEngine
import TenantConfig

/// `swift run -c release switchyard-bench sync [N …]`: HubSpot requests for the first sync of a
/// webinar with N registrants (default 100, 1000 and 5000), against the batch minimum.
///
/// For each N it generates a sandbox scenario from the sample tenant `northwind` whose past
/// webinars have N registrants each, runs the real host against the in-process sandbox, syncs
/// one webinar once HubSpot setup is done, and prints the HubSpot requests per endpoint with
/// the items they carried, the fewest requests those items need at the API's batch limits,
/// the Zoom requests, the wall time, and the requests of a second, unchanged sync.
struct SyncRequestBenchmark {
    static func run(_ arguments: [String]) async throws {
        let sizes = arguments.compactMap { Int($0) }
        let tenants = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("tenants").path
        print("HubSpot requests for the first sync of one webinar (sandbox, tenant northwind)\n")
        for registrants in sizes.isEmpty ? [100, 1000, 5000] : sizes {
            try await measure(registrants: registrants, tenants: tenants)
        }
    }

    /// The scenario of tenant `northwind` with one past webinar of N registrants per host, and
    /// a temporary copy of the tenants directory without the other sample tenant.
    static func scenario(registrants: Int, tenants: String) throws -> (SandboxScenario, String) {
        let load = try TenantLoader(registry: BuiltInConnectors.registry).loadDirectory(tenants)
        let northwind = load.tenants.filter { $0.id == "northwind" }
        let sizes = ScenarioSizes(pastWebinarsPerHost: 1, upcomingWebinarsPerHost: 0, registrantsPerWebinar: registrants)
        guard let input = SandboxScenarioInput.make(from: northwind, sizes: sizes) else {
            throw BenchmarkError("the sample tenant northwind is missing from \(tenants)")
        }
        let scenario = ScenarioGenerator.generate(input, seed: 7, referenceDate: SandboxScenarioInput.referenceDate())
        let directory = NSTemporaryDirectory() + "switchyard-bench-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: tenants) where name.hasPrefix("northwind") || name == "secrets" {
            try FileManager.default.copyItem(atPath: tenants + "/" + name, toPath: directory + "/" + name)
        }
        return (scenario, directory)
    }

    static func measure(registrants: Int, tenants: String) async throws {
        let (scenario, directory) = try scenario(registrants: registrants, tenants: tenants)
        let server = SandboxServer(scenario: scenario)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = server.makeApplication(host: "127.0.0.1", port: 0) { continuation.yield($0) }
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService() }
            guard let port = await ports.first(where: { _ in true }) else { return }
            var settings = HostSettings(port: 0, tenantsDirectory: directory, statePath: nil)
            settings.sandboxURL = "http://127.0.0.1:\(port)"
            settings.reconcile = false
            let host = SwitchyardHost.standard(settings: settings, logger: logger, environment: [:], handlesSignals: false)
            let (hosts, running) = AsyncStream.makeStream(of: RunningHost.self)
            group.addTask { try await host.run { running.yield($0) } }
            guard let runningHost = await hosts.first(where: { _ in true }) else { return }
            try await report(registrants: registrants, host: runningHost, server: server)
            group.cancelAll()
        }
    }

    static func report(registrants: Int, host: RunningHost, server: SandboxServer) async throws {
        guard let runtime = await host.registry.runtime(tenantID: "northwind"),
            let webinar = server.scenario.zoomAccounts.flatMap(\.webinars)
                .filter({ !$0.isZoomEvents && $0.startTime < server.scenario.referenceDate })
                .max(by: { $0.registrants.count < $1.registrants.count })
        else { return }
        // HubSpot setup (properties, templates, users) happens once per tenant: do it first.
        _ = try await host.coordinator.withSynchronizer(runtime) { _ in }
        server.hubspot.requestLog.clear()
        server.zoom.requestLog.clear()
        let started = Date()
        let entry = try await host.coordinator.syncWebinar(runtime, webinarID: String(webinar.id), trigger: .syncNow)
        let elapsed = Date().timeIntervalSince(started)
        let first = server.hubspot.requestLog.all
        let zoomRequests = server.zoom.requestLog.all.count
        server.hubspot.requestLog.clear()
        _ = try await host.coordinator.syncWebinar(runtime, webinarID: String(webinar.id), trigger: .syncNow)
        let second = server.hubspot.requestLog.all

        print(
            "N = \(registrants): webinar \(webinar.id), \(webinar.registrants.count) registrants; sync \(entry.status.rawValue) in \(String(format: "%.1f", elapsed)) s"
        )
        print(
            "  contacts written \(entry.counts.contactsUpserted), participations \(entry.counts.participationsRecorded), timeline events \(entry.counts.timelineEventsCreated), calls \(entry.counts.callsWritten)"
        )
        let rows = RequestTally.tally(first)
        var total = 0
        var minimum = 0
        for row in rows {
            total += row.requests
            minimum += row.minimum
            let padded = row.endpoint.padding(toLength: 72, withPad: " ", startingAt: 0)
            print("  \(padded) \(String(format: "%4d", row.requests)) req  \(String(format: "%6d", row.items)) items  min \(row.minimum)")
        }
        let overhead = minimum == 0 ? 0 : Double(total - minimum) / Double(minimum) * 100
        print(
            "  HubSpot: \(total) requests, batch minimum \(minimum) (+\(String(format: "%.1f", overhead)) %); Zoom: \(zoomRequests) requests"
        )
        let writes = second.filter { $0.method != "GET" && !$0.path.hasSuffix("/search") && !$0.path.hasSuffix("/batch/read") }
        print("  second sync, unchanged: \(second.count) HubSpot requests, \(writes.count) of them writes\n")
    }
}

import Composition
import ConnectorKit
import Foundation
import Host
import Sandbox
import TenantConfig

/// Snapshot of one 5,000-registrant webinar through the built-in Zoom connector and through
/// `switchyard-zoom` as a plugin: two hosts (tenant northwind) against one sandbox, the runs
/// interleaved (the order alternating), wall time of `Connector.snapshot` per run.
enum PluginSnapshotBenchmark {
    static let registrants = 5000

    static func run(_ folders: PluginFolders, tenants: String, runs: Int) async throws {
        let load = try TenantLoader(registry: BuiltInConnectors.registry).loadDirectory(tenants)
        let northwind = load.tenants.filter { $0.id == "northwind" }
        let sizes = ScenarioSizes(pastWebinarsPerHost: 1, upcomingWebinarsPerHost: 0, registrantsPerWebinar: registrants)
        guard let input = SandboxScenarioInput.make(from: northwind, sizes: sizes) else { return }
        let scenario = ScenarioGenerator.generate(input, seed: 7, referenceDate: SandboxScenarioInput.referenceDate())
        guard
            let webinar = scenario.zoomAccounts.flatMap(\.webinars)
                .filter({ !$0.isZoomEvents && $0.startTime < scenario.referenceDate })
                .max(by: { $0.registrants.count < $1.registrants.count })
        else { return }
        let server = SandboxServer(scenario: scenario)
        let directory = NSTemporaryDirectory() + "switchyard-bench-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for name in try FileManager.default.contentsOfDirectory(atPath: tenants) where !name.hasPrefix("contoso") {
            try FileManager.default.copyItem(atPath: tenants + "/" + name, toPath: directory + "/" + name)
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = server.makeApplication(host: "127.0.0.1", port: 0) { continuation.yield($0) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService() }
            guard let port = await ports.first(where: { _ in true }) else { return }
            var hosts: [RunningHost] = []
            for plugins in [folders.none, folders.zoom] {
                var settings = HostSettings(port: 0, tenantsDirectory: directory, statePath: nil)
                settings.sandboxURL = "http://127.0.0.1:\(port)"
                settings.reconcile = false
                settings.pluginsDirectory = plugins
                let host = SwitchyardHost.standard(
                    settings: settings, logger: PluginBenchmark.logger, environment: [:], handlesSignals: false)
                let (started, running) = AsyncStream.makeStream(of: RunningHost.self)
                group.addTask { try await host.run { running.yield($0) } }
                guard let runningHost = await started.first(where: { _ in true }) else { return }
                hosts.append(runningHost)
            }
            let id = String(webinar.id)
            let inProcess = try await connector(hosts[0], webinarID: id)
            let plugin = try await connector(hosts[1], webinarID: id)
            var times: [[Double]] = [[], []]
            var counts = [0, 0]
            for run in 0..<runs {
                for side in run % 2 == 0 ? [0, 1] : [1, 0] {
                    let started = ContinuousClock.now
                    let snapshot = try await (side == 0 ? inProcess : plugin).snapshot(webinarID: id)
                    times[side].append(PluginBenchmark.seconds(ContinuousClock.now - started) * 1000)
                    counts[side] = snapshot.registrations.count + snapshot.cancellations.count
                }
            }
            let medians = times.map { percentile($0.sorted(), 50) }
            print("## Plugins: snapshot of webinar \(id) (\(webinar.registrants.count) registrants), \(runs) runs each, interleaved\n")
            print("| connector | registrations | median ms | min ms | max ms |")
            print("|---|---:|---:|---:|---:|")
            for (side, name) in ["in-process ZoomConnector", "switchyard-zoom (plugin process)"].enumerated() {
                print(
                    "| \(name) | \(counts[side]) | \(fixed(medians[side])) | \(fixed(times[side].min() ?? 0)) | \(fixed(times[side].max() ?? 0)) |")
            }
            print("\nratio plugin / in-process (medians): \(fixed(medians[1] / medians[0], 2))× (target ≤ 1.10×)\n")
            group.cancelAll()
        }
    }

    /// The host's zoom connector that can snapshot `webinarID` (after one warm-up snapshot).
    static func connector(_ host: RunningHost, webinarID: String) async throws -> any Connector {
        guard let runtime = await host.registry.runtime(tenantID: "northwind") else {
            throw BenchmarkError("northwind did not load")
        }
        for instance in runtime.connectors where instance.type == "zoom" {
            if (try? await instance.connector.snapshot(webinarID: webinarID)) != nil { return instance.connector }
        }
        throw BenchmarkError("no zoom connector of northwind can snapshot webinar \(webinarID)")
    }
}

/// A benchmark that cannot go on, with why.
struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

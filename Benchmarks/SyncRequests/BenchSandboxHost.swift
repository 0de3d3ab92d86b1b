import Composition
import Foundation
import Host
import Logging
import Sandbox
import ServiceLifecycle
import TenantConfig

/// A real host against an in-process sandbox generated from the sample tenant `northwind`.
enum BenchSandboxHost {
    /// The repository's sample tenants directory.
    static var sampleTenants: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("tenants").path
    }

    /// Runs `body` with a host serving northwind against a fresh sandbox of `sizes` (seed 7),
    /// the generated scenario changed by `adjust` first.
    static func run(
        sizes: ScenarioSizes, adjust: (inout SandboxScenario) -> Void = { _ in },
        configure: @Sendable (inout HostSettings) -> Void = { _ in },
        _ body: @Sendable (RunningHost, SandboxServer) async throws -> Void
    ) async throws {
        let tenants = sampleTenants
        let load = try TenantLoader(registry: BuiltInConnectors.registry).loadDirectory(tenants)
        guard let input = SandboxScenarioInput.make(from: load.tenants.filter { $0.id == "northwind" }, sizes: sizes) else { return }
        var scenario = ScenarioGenerator.generate(input, seed: 7, referenceDate: SandboxScenarioInput.referenceDate())
        adjust(&scenario)
        let server = SandboxServer(scenario: scenario)
        let directory = NSTemporaryDirectory() + "switchyard-bench-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: tenants) where name.hasPrefix("northwind") || name == "secrets" {
            try FileManager.default.copyItem(atPath: tenants + "/" + name, toPath: directory + "/" + name)
        }
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
            configure(&settings)
            let host = SwitchyardHost.standard(settings: settings, logger: logger, environment: [:], handlesSignals: false)
            let (hosts, running) = AsyncStream.makeStream(of: RunningHost.self)
            group.addTask { try await host.run { running.yield($0) } }
            guard let runningHost = await hosts.first(where: { _ in true }) else { return }
            try await body(runningHost, server)
            group.cancelAll()
        }
    }

    /// What northwind's portal holds: contacts, participation interactions, timeline events, calls.
    static func portalCounts(_ server: SandboxServer, host: RunningHost) async -> String {
        guard let runtime = await host.registry.runtime(tenantID: "northwind"),
            let portal = server.hubspot.snapshot(portalID: runtime.config.hubSpot.portalID)
        else { return "no portal" }
        let interactions = portal.marketingEvents.flatMap(\.participations).map(\.interactions.count).reduce(0, +)
        return
            "\(portal.contacts.count) contacts, \(portal.marketingEvents.count) marketing events, \(interactions) participation interactions, \(portal.timelineEvents.count) timeline events, \(portal.calls.count) calls"
    }
}

/// HubSpot requests by kind, and the fewest requests their distinct items need.
enum RequestKinds {
    /// A readable kind of a HubSpot request.
    static func kind(_ request: RecordedRequest) -> String {
        let path = request.path
        if path.contains("/contacts/batch/read") {
            return request.query.contains("archived=true") ? "contacts: read deleted (batch)" : "contacts: read (batch)"
        }
        if path.contains("/contacts/batch/upsert") { return "contacts: upsert (batch)" }
        if path.contains("/marketing-events/events/upsert") { return "marketing events: upsert (batch)" }
        if path.contains("/attendance/") { return "participations (per event and state)" }
        if path.contains("/timeline/") && path.hasSuffix("/events/batch/create") { return "timeline events (batch)" }
        if path.contains("/objects/calls") { return "calls" }
        return "other: \(request.method) \(RequestTally.normalized(path))"
    }

    /// Requests per kind.
    static func counts(_ requests: [RecordedRequest]) -> [String: Int] {
        requests.reduce(into: [:]) { $0[kind($1), default: 0] += 1 }
    }

    /// The fewest requests per kind that carry the distinct items of `requests`: 100 per batch
    /// request (participations per event and state, as HubSpot's API takes them); every other
    /// distinct request once.
    static func minimum(_ requests: [RecordedRequest]) -> [String: Int] {
        var items: [String: (kind: String, ids: Set<String>)] = [:]
        var singles: [String: String] = [:]
        for request in requests {
            guard let inputs = inputs(of: request.body) else {
                singles["\(request.method) \(request.path)?\(request.query) \(request.body)"] = kind(request)
                continue
            }
            let key = "\(request.method) \(request.path)?\(request.query.contains("archived=true"))"
            items[key, default: (kind(request), [])].ids.formUnion(inputs)
        }
        var result: [String: Int] = [:]
        for kind in singles.values { result[kind, default: 0] += 1 }
        for (kind, ids) in items.values { result[kind, default: 0] += (ids.count + RequestTally.batchLimit - 1) / RequestTally.batchLimit }
        return result
    }

    /// The identity of each input of a batch body (its id, email or external event id).
    static func inputs(of body: String) -> [String]? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any],
            let inputs = object["inputs"] as? [Any]
        else { return nil }
        return inputs.map { input in
            guard let fields = input as? [String: Any] else { return "\(input)" }
            for key in ["id", "email", "externalEventId"] { if let value = fields[key] as? String { return value.lowercased() } }
            return "\(fields)"
        }
    }
}

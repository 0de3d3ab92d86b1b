import Composition
import Foundation
import Host
import Logging
import Sandbox
import ServiceLifecycle
import TenantConfig

/// `switchyard-bench teams [N]`: Graph and HubSpot requests of the first sync of a Microsoft
/// Teams webinar with N registrants (default 5,000), against the batch minimum.
///
/// It serves the sample tenant `woodgrove` (its Teams unit, through `switchyard-teams` out of
/// process, built next to the bench) against a sandbox whose webinars have N registrants, syncs
/// the past Teams webinar with the most registrations once HubSpot setup is done, and prints the
/// requests per endpoint beside the fewest any correct client needs: Graph's collections paged at
/// the largest page Graph allows (`$top=999` where the method takes OData query options; the
/// server's own page size for registrations, whose list takes none), every other Graph request
/// once; HubSpot's batch endpoints at 100 inputs per request.
struct TeamsBenchmark {
    /// The largest `$top` Graph serves (and the sandbox honours).
    static let graphMaxPage = 999

    static func run(_ arguments: [String]) async throws {
        let registrants = arguments.compactMap { Int($0) }.first ?? 5_000
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("switchyard-teams").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw BenchError("\(binary) is missing: build it first (swift build -c release --product switchyard-teams)")
        }
        let work = NSTemporaryDirectory() + "switchyard-bench-teams-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: work) }
        try FileManager.default.createDirectory(atPath: work + "/plugins/teams", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: work + "/tenants", withIntermediateDirectories: true)
        try #"{"manifestVersion": 1, "type": "teams", "command": ["\#(binary)"], "requestTimeoutSeconds": 300}"#
            .write(toFile: work + "/plugins/teams/connector.json", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(
            atPath: BenchSandboxHost.sampleTenants + "/woodgrove.yaml", toPath: work + "/tenants/woodgrove.yaml")
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        let tenants = try await PluginHost.withConnectors(
            directory: work + "/plugins", builtIns: BuiltInConnectors.registry, logger: logger
        ) { registry, _ in try TenantLoader(registry: registry, environment: [:]).loadDirectory(work + "/tenants").tenants }
        let sizes = ScenarioSizes(pastWebinarsPerHost: 1, upcomingWebinarsPerHost: 0, registrantsPerWebinar: registrants)
        guard let input = SandboxScenarioInput.make(from: tenants, sizes: sizes) else {
            throw BenchError("the sample tenant woodgrove (with its Teams unit) could not be loaded")
        }
        let scenario = ScenarioGenerator.generate(input, seed: 7, referenceDate: SandboxScenarioInput.referenceDate())
        let server = SandboxServer(scenario: scenario)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = server.makeApplication(host: "127.0.0.1", port: 0) { continuation.yield($0) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService() }
            guard let port = await ports.first(where: { _ in true }) else { return }
            var settings = HostSettings(port: 0, tenantsDirectory: work + "/tenants", statePath: nil)
            settings.sandboxURL = "http://127.0.0.1:\(port)"
            settings.reconcile = false
            settings.pluginsDirectory = work + "/plugins"
            let host = SwitchyardHost.standard(settings: settings, logger: logger, environment: [:], handlesSignals: false)
            let (hosts, running) = AsyncStream.makeStream(of: RunningHost.self)
            group.addTask { try await host.run { running.yield($0) } }
            guard let runningHost = await hosts.first(where: { _ in true }) else { return }
            try await report(host: runningHost, server: server)
            group.cancelAll()
        }
    }

    static func report(host: RunningHost, server: SandboxServer) async throws {
        guard let runtime = await host.registry.runtime(tenantID: "woodgrove") else {
            throw BenchError("the tenant woodgrove did not start")
        }
        let now = server.scenario.referenceDate
        guard
            let webinar = server.graph.tenants.flatMap(\.webinars)
                .filter({ $0.status == "published" && $0.endDateTime < now })
                .max(by: { $0.registrations.count < $1.registrations.count })
        else { throw BenchError("the scenario has no past Teams webinar") }
        // HubSpot setup (properties, templates, users) happens once per tenant, and the host
        // subscribes to the followed webinars' notifications on its own: both first.
        _ = try await host.coordinator.withSynchronizer(runtime) { _ in }
        let upkeep = try await subscriptionsSettled(server)
        server.hubspot.requestLog.clear()
        server.graph.requestLog.clear()
        let started = Date()
        let entry = try await host.coordinator.syncWebinar(runtime, webinarID: webinar.id, trigger: .syncNow)
        let elapsed = Date().timeIntervalSince(started)
        let graph = server.graph.requestLog.all
        let hubspot = server.hubspot.requestLog.all
        server.hubspot.requestLog.clear()
        server.graph.requestLog.clear()
        _ = try await host.coordinator.syncWebinar(runtime, webinarID: webinar.id, trigger: .syncNow)
        let secondGraph = GraphKinds.counts(server.graph.requestLog.all)
        let second = server.hubspot.requestLog.all.filter {
            $0.method != "GET" && !$0.path.hasSuffix("/search") && !$0.path.hasSuffix("/batch/read")
        }

        let reports = webinar.sessions.flatMap(\.attendanceReports)
        let attendees = reports.map(\.records.count).reduce(0, +)
        print("Microsoft Teams: the first sync of one webinar (sandbox, tenant woodgrove, seed 7)\n")
        print(
            "webinar \(webinar.id): \(webinar.registrations.count) registrations, \(reports.count) attendance report(s) with \(attendees) records; sync \(entry.status.rawValue) in \(fixed(elapsed)) s"
        )
        print(
            "contacts written \(entry.counts.contactsUpserted), participations \(entry.counts.participationsRecorded), timeline events \(entry.counts.timelineEventsCreated), calls \(entry.counts.callsWritten)\n"
        )
        print("before the sync, subscription upkeep took \(upkeep) Graph requests (\(server.graph.subscriptions.count) subscriptions)\n")
        let graphMinimum = minimum(graph, webinar: webinar)
        printTable("Graph", counts: GraphKinds.counts(graph), minimum: graphMinimum)
        printTable("HubSpot", counts: RequestKinds.counts(hubspot), minimum: RequestKinds.minimum(hubspot))
        print(
            "getByUserIdAndRole: \"sync now\" of a webinar the host has not synced before asks every connector that lists webinars whether the id is theirs (one list per organizer); the batch minimum leaves that out, and a second sync (or a reconcile) knows the owner from the host's catalog."
        )
        print(
            "second sync, unchanged: \(second.count) HubSpot writes; \(secondGraph.values.reduce(0, +)) Graph requests (getByUserIdAndRole: \(secondGraph["GET webinars/getByUserIdAndRole(…)"] ?? 0))"
        )
    }

    /// Waits until the host's subscription upkeep is done (the simulator's subscriptions stop
    /// changing for a second, at most 60 s); returns the Graph requests made until then.
    static func subscriptionsSettled(_ server: SandboxServer) async throws -> Int {
        var last = -1
        var steady = 0
        for _ in 0..<240 where steady < 4 {
            let count = server.graph.subscriptions.count
            steady = count == last && count > 0 ? steady + 1 : 0
            last = count
            try await Task.sleep(for: .milliseconds(250))
        }
        return server.graph.requestLog.all.count
    }

    static func printTable(_ api: String, counts: [String: Int], minimum: [String: Int]) {
        print("| \(api) endpoint | ours | batch minimum |")
        print("| --- | --- | --- |")
        for kind in Set(counts.keys).union(minimum.keys).sorted() {
            print("| \(kind) | \(counts[kind] ?? 0) | \(minimum[kind] ?? 0) |")
        }
        print("| **total** | **\(counts.values.reduce(0, +))** | **\(minimum.values.reduce(0, +))** |\n")
    }

    /// The fewest Graph requests for this webinar's data: registrations at the server's page size
    /// (their list takes no `$top`), attendance records at 999 per page, every other distinct
    /// request (path and query, paging aside) once, and no listing of the organizers' webinars
    /// (the webinar id is given).
    static func minimum(_ requests: [RecordedRequest], webinar: GraphWebinarData) -> [String: Int] {
        var result: [String: Int] = [:]
        var seen: Set<String> = []
        for request in requests where !request.query.contains("skiptoken") {
            let kind = GraphKinds.kind(request)
            if kind.contains("getByUserIdAndRole") { continue }
            if kind.hasSuffix("/registrations") || kind.hasSuffix("/attendanceRecords") { continue }
            if seen.insert("\(request.method) \(request.path)?\(request.query)").inserted { result[kind, default: 0] += 1 }
        }
        let serverPage = GraphSimulatorConfiguration().defaultPageSize
        if requests.contains(where: { GraphKinds.kind($0).hasSuffix("/registrations") }) {
            result["GET webinars/{id}/registrations", default: 0] += max(1, (webinar.registrations.count + serverPage - 1) / serverPage)
        }
        for report in webinar.sessions.flatMap(\.attendanceReports) {
            result["GET webinars/{id}/sessions/{id}/attendanceReports/{id}/attendanceRecords", default: 0] +=
                max(1, (report.records.count + graphMaxPage - 1) / graphMaxPage)
        }
        return result
    }
}

/// Graph requests by endpoint, ids replaced.
enum GraphKinds {
    static func kind(_ request: RecordedRequest) -> String {
        var segments = request.path.split(separator: "/").map(String.init)
        if segments.first == "v1.0" { segments.removeFirst() }
        if let index = segments.firstIndex(of: "virtualEvents") { segments.removeFirst(index + 1) }
        let named = segments.map { segment -> String in
            if let open = segment.firstIndex(of: "(") { return String(segment[..<open]) + "(…)" }
            let looksLikeID = segment.count >= 16 && segment.contains(where: \.isNumber)
            return looksLikeID || segment.contains("@") ? "{id}" : segment
        }
        return "\(request.method) \(named.joined(separator: "/"))"
    }

    static func counts(_ requests: [RecordedRequest]) -> [String: Int] {
        requests.reduce(into: [:]) { $0[kind($1), default: 0] += 1 }
    }
}

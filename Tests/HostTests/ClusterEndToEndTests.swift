import AsyncHTTPClient
import Foundation
import Host
import PostgresTestSupport
import Sandbox
import Store
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Three replicas of `switchyard serve` (child processes) on one PostgreSQL, behind a
/// round-robin load balancer that the sandbox's webhooks go through, against a standalone sandbox.
@Suite(
    "End to end: three replicas on one PostgreSQL",
    .enabled(if: TestPostgres.isAvailable, Comment(rawValue: TestPostgres.unavailableReason)),
    .disabled(if: TestZoom.outOfProcess, "its replicas are `switchyard serve` processes in either pass: it runs in the in-process one"),
    .serialized, .timeLimit(.minutes(10)))
struct ClusterEndToEndTests {
    static let token = "op-cluster-test-token"
    static let leaseSeconds = 2

    @Test(
        "webhooks spread over three replicas and a reconcile, the owner of a tenant killed (-9) mid-sync: HubSpot ends as with one node, inbox empty"
    )
    func killedOwner() async throws {
        let tenants = try HostHarness.sampleTenants()
        let (clean, _) = try await KillCampaignTests.reference(tenants: tenants)
        try await Self.withCluster(tenants: tenants, hubSpotLatency: 10) { cluster in
            let writes = { cluster.server.hubspot.requestLog.all.filter { $0.method != "GET" && $0.status < 300 }.count }
            // The start-up reconciles of both tenants run on their owners; kill northwind's mid-way.
            #expect(try await CrashRecoveryTests.waitUntil(seconds: 60) { writes() >= 12 }, "no writes: \(cluster.logs)")
            let owner = try #require(try await cluster.owner(of: "northwind"), "nobody owns northwind: \(cluster.logs)")
            trace("killing owner \(owner)")
            cluster.replicas[owner].kill()
            trace("killed")
            #expect(KillCampaignTests.states(cluster.server) != clean, "the kill came after the sync had finished")
            cluster.server.hubspot.faults.update(.none)
            // Every webhook now goes through the balancer to the two live replicas (a refused
            // connection moves on to the next): northwind's wait in PostgreSQL for its new owner.
            trace("pushing")
            #expect(await cluster.server.zoom.pushScenarioWebhooks() > 0)
            trace("pushed")
            let converged = try await CrashRecoveryTests.waitUntil(seconds: 120) {
                KillCampaignTests.states(cluster.server) == clean
            }
            trace("converged \(converged)")
            try await cluster.settle()
            trace("settled")
            #expect(converged, "\(cluster.logs)")
            for (portal, state) in KillCampaignTests.states(cluster.server) {
                let expected = try #require(clean[portal])
                #expect(state == expected, "portal \(portal): \(state.differences(from: expected))")
            }
            let survivors = cluster.replicas.indices.filter { $0 != owner }
            let takenOver = try await cluster.owner(of: "northwind")
            #expect(takenOver.map(survivors.contains) == true, "northwind was not taken over: \(cluster.logs)")
            #expect(cluster.balancer.counts.count == 2 || cluster.balancer.counts.count == 3, "\(cluster.balancer.counts)")
            #expect(cluster.balancer.counts.values.allSatisfy { $0 > 0 })
            try await cluster.expectNothingLeft()
        }
    }

    @Test(
        "a replica paused (SIGSTOP) past its lease is fenced: its tenant goes on elsewhere, after SIGCONT its stale lease commits nothing; HubSpot ends as with one node, inbox empty"
    )
    func pausedOwnerIsFenced() async throws {
        let tenants = try HostHarness.sampleTenants()
        let (clean, _) = try await KillCampaignTests.reference(tenants: tenants)
        try await Self.withCluster(tenants: tenants, hubSpotLatency: 10) { cluster in
            let writes = { cluster.server.hubspot.requestLog.all.filter { $0.method != "GET" && $0.status < 300 }.count }
            #expect(try await CrashRecoveryTests.waitUntil(seconds: 60) { writes() >= 12 }, "no writes: \(cluster.logs)")
            let paused = try #require(try await cluster.owner(of: "northwind"), "nobody owns northwind: \(cluster.logs)")
            let stale = try #require(try await cluster.lease(of: "northwind"))
            let pid = cluster.replicas[paused].process.processIdentifier
            // The worst case: stopped inside one of its transactions (a fenced write holds the
            // tenant's lease row), which the others must neither wait for nor be blocked by.
            var insideTransaction = false
            for _ in 0..<300 where !insideTransaction {
                _ = Glibc.kill(pid, SIGSTOP)
                let stalled = try await TestPostgres.sessionsIdleInTransaction(applicationName: "switchyard replica-\(paused + 1)")
                insideTransaction = !stalled.isEmpty
                if !insideTransaction {
                    _ = Glibc.kill(pid, SIGCONT)
                    try await Task.sleep(for: .milliseconds(10))
                }
            }
            cluster.balancer.markDown(paused)  // it accepts connections but answers none: a health check fails
            trace("paused replica \(paused) holding northwind's lease \(stale.token); inside a transaction: \(insideTransaction)")
            #expect(KillCampaignTests.states(cluster.server) != clean, "the pause came after the sync had finished")
            let others = cluster.replicas.indices.filter { $0 != paused }
            let takenOver = try await cluster.newOwner(of: "northwind", among: others, seconds: 30) != nil
            if !takenOver { trace("not taken over; the database:\n\(try await TestPostgres.activityReport())") }
            let successor = try await cluster.lease(of: "northwind")
            trace("taken over \(takenOver): \(String(describing: successor))")
            cluster.server.hubspot.faults.update(.none)
            _ = await cluster.server.zoom.pushScenarioWebhooks()
            let converged = try await CrashRecoveryTests.waitUntil(seconds: 60) {
                KillCampaignTests.states(cluster.server) == clean
            }
            let logBefore = cluster.replicas[paused].log.count
            _ = Glibc.kill(pid, SIGCONT)
            cluster.balancer.markUp(paused)
            // Resumed, it learns at its next renewal that its lease is gone and stops working under
            // it; whatever it had under way for northwind is refused by the fence when it commits
            // (even if rebalancing hands northwind back to it: that is a new lease).
            let gaveUp = try await CrashRecoveryTests.waitUntil(seconds: 30) {
                cluster.replicas[paused].log.dropFirst(logBefore).contains("tenant no longer owned here")
            }
            let refused = cluster.replicas[paused].log.dropFirst(logBefore).components(separatedBy: "write was refused").count - 1
            trace("resumed; gave up \(gaveUp); \(refused) writes refused")
            let drained = try await cluster.waitForEmptyInboxes(seconds: 30)
            try await cluster.settle()
            trace("settled; northwind's lease: \(String(describing: try await cluster.lease(of: "northwind")))")
            #expect(takenOver, "northwind was not taken over while its owner was paused: \(cluster.logs)")
            #expect(successor.map { $0.owner != stale.owner && $0.token > stale.token } == true, "\(String(describing: successor))")
            #expect(converged, "\(cluster.logs)")
            #expect(gaveUp, "the resumed replica kept its stale lease: \(cluster.replicas[paused].log.suffix(3000))")
            #expect(try await cluster.lease(of: "northwind").map { $0.token != stale.token } == true)
            #expect(drained, "acknowledged webhooks left unapplied: \(cluster.logs)")
            for (portal, state) in KillCampaignTests.states(cluster.server) {
                let expected = try #require(clean[portal])
                #expect(state == expected, "portal \(portal): \(state.differences(from: expected))")
            }
            try await cluster.expectNothingLeft()
        }
    }
}

extension ClusterEndToEndTests {
    /// A running cluster: the sandbox, the replicas, the balancer and the state's location.
    struct Cluster: Sendable {
        let server: SandboxServer
        let slots: ReplicaSlots
        /// The replicas now, by index (a restarted one replaces the killed one).
        var replicas: [HostProcess] { slots.current }
        let ports: [Int]
        let balancer: RoundRobinBalancer
        let location: PostgresStateLocation

        var logs: String {
            replicas.enumerated().map { "--- replica \($0.offset):\n\($0.element.log.suffix(2500))" }.joined(separator: "\n")
        }

        /// The tenants replica `index` owns (nil when it does not answer).
        func owned(by index: Int) async throws -> [String]? {
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(ports[index])/health")
            request.headers.add(name: "Authorization", value: "Bearer \(ClusterEndToEndTests.token)")
            guard let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(2)) else { return nil }
            let body = try await response.body.collect(upTo: 1 << 20)
            struct Health: Decodable { var replica: ReplicaReport? }
            return try JSONDecoder().decode(Health.self, from: Data(buffer: body)).replica?.tenants
        }

        /// The index of the live replica that owns `tenant`, waiting up to 30 s.
        func owner(of tenant: String) async throws -> Int? {
            try await newOwner(of: tenant, among: nil, seconds: 30)
        }

        /// The tenant's lease in PostgreSQL: its holder and token.
        func lease(of tenant: String) async throws -> (owner: String, token: Int64)? {
            let store = try await PostgresStateStore.connect(location, logger: .init(label: "cluster-test"))
            let lease = try await store.leases()[tenant]
            await store.close()
            return lease
        }

        /// Whether the sample tenants' inboxes come to be empty within `seconds`.
        func waitForEmptyInboxes(seconds: Double) async throws -> Bool {
            let store = try await PostgresStateStore.connect(location, logger: .init(label: "cluster-test"))
            let empty = try await poll(seconds: seconds, every: .milliseconds(100)) {
                for tenant in ["northwind", "contoso"] where try await store.inboxDepth(tenantID: tenant) > 0 { return false }
                return true
            }
            await store.close()
            return empty
        }

        /// Waits until HubSpot has had no request for a second: a duplicate written after
        /// convergence would show in the comparison that follows.
        func settle() async throws {
            var count = server.hubspot.requestLog.all.count
            while true {
                try await Task.sleep(for: .seconds(1))
                let now = server.hubspot.requestLog.all.count
                if now == count { return }
                count = now
            }
        }

        /// No acknowledged webhook left unapplied, nothing dead-lettered.
        func expectNothingLeft() async throws {
            let store = try await PostgresStateStore.connect(location, logger: .init(label: "cluster-test"))
            for tenant in ["northwind", "contoso"] {
                #expect(try await store.inboxDepth(tenantID: tenant) == 0, "\(tenant): acknowledged webhooks left unapplied")
            }
            #expect(try await store.deadLetterCounts().isEmpty)
            await store.close()
        }
    }

    /// Starts the sandbox, a balancer and three (or `count`) replicas on a fresh PostgreSQL schema, runs
    /// `body`, then stops the replicas still running (each must exit cleanly). `environment` adds to the replicas'.
    static func withCluster(
        tenants: String, hubSpotLatency: Int, replicas count: Int = 3, environment: [String: String] = [:],
        _ body: @Sendable (Cluster) async throws -> Void
    ) async throws {
        let location = try await TestPostgres.freshLocation()
        let schema = try #require(location.schema)
        let url = try await TestPostgres.serverURL() + "?schema=\(schema)"
        let ports = try (0..<count).map { _ in try Self.freePort() }
        let balancer = RoundRobinBalancer(replicas: ports.map { "http://127.0.0.1:\($0)" })
        try await SandboxHarness.withSandbox(tenants: tenants) { server, origin in
            server.hubspot.faults.update(FaultPlan(addedLatencyMilliseconds: hubSpotLatency))
            try await balancer.run { publicURL in
                let replicas = try ports.enumerated().map { index, port in
                    try HostProcess(
                        arguments: [
                            "serve", "--port", "\(port)", "--tenants", tenants, "--state", url, "--sandbox-url", origin,
                            "--public-url", publicURL, "--log-level", "info",
                        ],
                        environment: [
                            "SWITCHYARD_REPLICA_ID": "replica-\(index + 1)", "SWITCHYARD_LEASE_SECONDS": "\(leaseSeconds)",
                            "SWITCHYARD_OPERATOR_TOKEN": token,
                        ].merging(environment) { _, added in added })
                }
                let cluster = Cluster(
                    server: server, slots: ReplicaSlots(replicas), ports: ports, balancer: balancer, location: location)
                do {
                    try await cluster.awaitStarted()
                    try await body(cluster)
                } catch {
                    for replica in cluster.replicas where replica.process.isRunning { replica.kill() }
                    throw error
                }
                try await cluster.stopAll()
            }
        }
    }

    /// A loopback port free now (the replica binds it a moment later, and again when restarted),
    /// outside the kernel's range of ephemeral ports: a port from that range can be taken meanwhile
    /// as the local end of any outgoing connection (to PostgreSQL, to the sandbox), and the
    /// replica would fail to start with "address already in use".
    static func freePort() throws -> Int {
        let range =
            (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8))
            .map { $0.split(whereSeparator: \.isWhitespace).compactMap { Int($0) } } ?? []
        let (ephemeralFrom, ephemeralTo) = range.count == 2 ? (range[0], range[1]) : (32768, 60999)
        // Below the range when there is room there (Linux's default: 32768–60999), else above it,
        // else anywhere (a range covering nearly every port leaves no choice).
        let below = 10_000..<max(10_000, ephemeralFrom)
        let above = min(ephemeralTo + 1, 65_536)..<65_536
        let candidates = below.count > 1_000 ? below : above.count > 1_000 ? above : 10_000..<65_536
        for _ in 0..<100 {
            let port = Int.random(in: candidates)
            if canBind(port) { return port }
        }
        throw ClusterTestError.noFreePort
    }

    /// Whether a server socket (with `SO_REUSEADDR`, as the host's) can bind `port` on loopback now.
    private static func canBind(_ port: Int) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var reuse: Int32 = 1
        setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}

/// The cluster test could not be set up.
enum ClusterTestError: Error, CustomStringConvertible {
    case noFreePort
    /// A replica exited, or did not answer `/health`, while the cluster started.
    case replicaDidNotStart(index: Int, ending: String, lastLines: String)

    var description: String {
        switch self {
        case .noFreePort: "no free loopback port below the ephemeral range"
        case .replicaDidNotStart(let index, let ending, let lastLines):
            "replica \(index) did not start (\(ending)); its last log lines:\n\(lastLines)"
        }
    }
}

/// A step of the cluster tests on standard error, with the time (their logs are long).
func trace(_ message: String) {
    FileHandle.standardError.write(Data("[cluster-test \(Date())] \(message)\n".utf8))
}

import Foundation
import Host
import PostgresTestSupport
import Sandbox
import Testing

/// Three replicas of `switchyard serve` on one PostgreSQL behind the test balancer, the owner
/// of a tenant killed (-9) mid-sync round after round and started again, against a standalone
/// sandbox; compared with a single-node run.
@Suite(
    "End to end: a tenant's owner killed (-9) mid-sync, again and again",
    .enabled(if: TestPostgres.isAvailable, Comment(rawValue: TestPostgres.unavailableReason)),
    .disabled(if: TestZoom.outOfProcess, "its replicas are `switchyard serve` processes in either pass: it runs in the in-process one"),
    .serialized, .timeLimit(.minutes(10)))
struct ClusterRepeatedFailoverTests {
    static let rounds = 3
    /// HubSpot's added latency while the rounds run (ms): the reconciles' writes then last
    /// through the rounds, so each kill lands mid-sync.
    static let hubSpotLatency = 60

    /// What one round saw.
    struct Round: CustomStringConvertible {
        var killed: Int
        var writesAtKill: Int
        var midSync: Bool
        var takenOverBy: Int?
        var restarted: Bool
        var description: String {
            "killed \(killed) after \(writesAtKill) writes\(midSync ? " (mid-sync)" : " (after the sync)"), "
                + "taken over by \(takenOverBy.map(String.init) ?? "nobody"), restarted: \(restarted)"
        }
    }

    /// The replica that owns northwind once northwind's portal changed while it owned it
    /// (again when ownership moved meanwhile, as when a restarted replica rejoins); nil when
    /// nobody owns it or nothing is written for 30 s.
    static func ownerWriting(_ cluster: ClusterEndToEndTests.Cluster, portal: Int) async throws -> Int? {
        for _ in 0..<10 {
            guard let owner = try await cluster.owner(of: "northwind") else { return nil }
            let before = KillCampaignTests.states(cluster.server)[portal]
            let written = try await CrashRecoveryTests.waitUntil(seconds: 30) { KillCampaignTests.states(cluster.server)[portal] != before }
            guard written else { return nil }
            if try await cluster.owned(by: owner)?.contains("northwind") == true { return owner }
        }
        return nil
    }

    @Test(
        "northwind's owner killed (-9) mid-sync three times, each time started again, webhooks pushed meanwhile: ownership moves each time, HubSpot ends as with one node, nothing written twice, every webhook answered 200 applied"
    )
    func ownerKilledRepeatedly() async throws {
        let tenants = try HostHarness.sampleTenants()
        let (clean, _) = try await KillCampaignTests.reference(tenants: tenants)
        let northwind = SyncEndToEndTests.northwindPortal
        try await ClusterEndToEndTests.withCluster(tenants: tenants, hubSpotLatency: Self.hubSpotLatency) { cluster in
            let server = cluster.server
            let writes = { server.hubspot.requestLog.all.filter { $0.method != "GET" && $0.status < 300 }.count }
            var rounds: [Round] = []
            var push: Task<Int, Never>?
            for number in 1...Self.rounds {
                // Mid-sync: northwind's owner writing to its portal (its reconcile, the webhooks).
                let owner = try #require(
                    try await Self.ownerWriting(cluster, portal: northwind), "round \(number): nobody writes for northwind: \(cluster.logs)"
                )
                cluster.replicas[owner].kill()
                var round = Round(
                    killed: owner, writesAtKill: writes(),
                    midSync: KillCampaignTests.states(server)[northwind] != clean[northwind], restarted: false)
                trace("round \(number): killed replica \(owner) after \(round.writesAtKill) writes")
                // The scenario's webhooks, once, through the balancer while the rounds go on.
                if push == nil { push = Task { await server.zoom.pushScenarioWebhooks() } }
                if number == Self.rounds { server.hubspot.faults.update(.none) }
                let survivors = cluster.replicas.indices.filter { $0 != owner }
                round.takenOverBy = try await cluster.newOwner(of: "northwind", among: survivors, seconds: 30)
                // Started again on its port and settings, it rejoins: the cluster is three again
                // (the even assignment usually hands northwind back to it).
                round.restarted = try await cluster.restart(owner)
                trace("round \(number): \(round)")
                rounds.append(round)
            }
            let pushed = await push?.value ?? 0
            await server.zoom.webhooksSettled()
            let acknowledged = server.zoom.webhookDeliveries.filter { $0.event != "endpoint.url_validation" && $0.status == 200 }
            trace("pushed \(pushed) webhooks, \(acknowledged.count) deliveries answered 200")
            let converged = try await CrashRecoveryTests.waitUntil(seconds: 120) { KillCampaignTests.states(server) == clean }
            let drained = try await cluster.waitForEmptyInboxes(seconds: 30)
            try await cluster.settle()
            trace("converged \(converged), drained \(drained)")

            for (number, round) in rounds.enumerated() {
                #expect(round.midSync, "round \(number + 1): the kill came after northwind's sync had finished: \(round)")
                #expect(round.takenOverBy != nil, "round \(number + 1): northwind was not taken over: \(round)\n\(cluster.logs)")
                #expect(round.restarted, "round \(number + 1): the restarted replica did not answer: \(round)\n\(cluster.logs)")
            }
            #expect(pushed > 0)
            #expect(acknowledged.count >= pushed, "fewer webhooks answered 200 than pushed, even after Zoom's retries")
            #expect(converged, "\(cluster.logs)")
            for (portal, state) in KillCampaignTests.states(server) {
                let expected = try #require(clean[portal])
                #expect(state == expected, "portal \(portal): \(state.differences(from: expected))")
            }
            let duplicates = HubSpotDuplicates.find(in: server, portals: CrashRecoveryTests.portals)
            #expect(duplicates.isEmpty, "\(duplicates.joined(separator: "\n"))")
            // Every webhook answered 200 was committed to the inbox before its answer: applied, none left.
            #expect(drained, "acknowledged webhooks left unapplied: \(cluster.logs)")
            try await cluster.expectNothingLeft()
        }
    }
}

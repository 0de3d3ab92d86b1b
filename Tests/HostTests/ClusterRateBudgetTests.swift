import AsyncHTTPClient
import Foundation
import PostgresTestSupport
import Sandbox
import SwitchyardJSON
import SyncEngine
import Testing

/// The sources' rate limits hold for a cluster as a whole: three replicas share each HubSpot
/// portal's and each Zoom account's budget, so they meet no more 429s than one replica doing
/// the same work.
@Suite(
    "End to end: rate budgets shared by three replicas on one PostgreSQL",
    .enabled(if: TestPostgres.isAvailable, Comment(rawValue: TestPostgres.unavailableReason)),
    .disabled(if: TestZoom.outOfProcess, "its replicas are `switchyard serve` processes in either pass: it runs in the in-process one"),
    .serialized, .timeLimit(.minutes(10)))
struct ClusterRateBudgetTests {
    /// What the sandbox answered during the workload.
    struct Outcome: Sendable, CustomStringConvertible {
        var zoomRequests = 0
        var zoom429s = 0
        var hubSpot429s = 0
        var actionsAnswered = 0
        var description: String {
            "Zoom \(zoom429s) × 429 of \(zoomRequests) requests, HubSpot \(hubSpot429s) × 429, \(actionsAnswered) actions answered 200"
        }
    }

    /// Workflow actions run at once (the scenario's open webinar and contacts not yet registered
    /// for it, over again: Zoom answers a repeated registration with the existing one). Each
    /// reads the webinar and registers (Light requests), so with northwind's account on Zoom's
    /// Pro plan (30 Light requests a second) one replica keeps to the limit by pacing, while
    /// three each using the whole budget would exceed it.
    static let actions = 90

    @Test(
        "workflow actions spread over three replicas while northwind's owner syncs its webhooks: no more 429s from Zoom or HubSpot than with one replica"
    )
    func clusterSeesNoMore429sThanOneReplica() async throws {
        let tenants = try HostHarness.sampleTenants()
        let file = tenants + "/northwind.yaml"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.contains("plan: business"))
        try text.replacingOccurrences(of: "plan: business", with: "plan: pro").write(toFile: file, atomically: true, encoding: .utf8)
        let single = try await Self.workload(tenants: tenants, replicas: 1)
        let cluster = try await Self.workload(tenants: tenants, replicas: 3)
        trace("one replica: \(single); three replicas: \(cluster)")
        #expect(single.actionsAnswered == Self.actions, "\(single)")
        #expect(cluster.actionsAnswered == Self.actions, "\(cluster)")
        #expect(cluster.zoomRequests >= cluster.actionsAnswered * 2, "the workload did not reach Zoom: \(cluster)")
        #expect(cluster.zoom429s <= single.zoom429s, "three replicas: \(cluster); one: \(single)")
        #expect(cluster.hubSpot429s <= single.hubSpot429s, "three replicas: \(cluster); one: \(single)")
    }

    /// Starts `replicas` replicas, waits until each counts all of them live and the start-up
    /// syncs are over, then pushes the scenario's webhooks (northwind's owner syncs them) while
    /// HubSpot runs northwind's workflow action ``actions`` times at once through the
    /// balancer; counts the 429s the sandbox answered meanwhile.
    static func workload(tenants: String, replicas: Int) async throws -> Outcome {
        let outcome = Box(Outcome())
        try await ClusterEndToEndTests.withCluster(tenants: tenants, hubSpotLatency: 0, replicas: replicas) { cluster in
            let counted = try await waitUntil(seconds: 60) {
                for port in cluster.ports where try await Self.liveReplicas(port: port) != replicas { return false }
                return true
            }
            #expect(counted, "the replicas do not all count \(replicas) live: \(cluster.logs)")
            #expect(try await cluster.owner(of: "northwind") != nil, "nobody owns northwind: \(cluster.logs)")
            try await cluster.settle()
            let server = cluster.server
            let portal = WorkflowActionScene.northwind.portal
            let snapshot = try #require(server.hubspot.snapshot(portalID: portal))
            let definition = try #require(
                snapshot.actionDefinitions.last(where: WorkflowActionScene.isRegisterAction), "northwind's workflow action is not installed"
            )
            let scenarioTenant = try #require(server.scenario.tenants.first { $0.hubSpot.credentials.portalID == portal })
            let open = scenarioTenant.zoomAccounts[0].webinars.filter(WorkflowActionScene.isOpen)
            #expect(!open.isEmpty, "the scenario has no open webinar for the workload")
            let people = snapshot.contacts.filter(WorkflowActionScene.isNamedInPrimaryUnit)
            let candidates = open.flatMap { webinar in
                let registered = Set(webinar.registrants.map { $0.email.lowercased() })
                return people.filter { !registered.contains($0.properties["email"]?.lowercased() ?? "") }.map { (webinar.id, $0.id) }
            }
            try #require(!candidates.isEmpty, "no contact to register")
            let pairs = (0..<actions).map { candidates[$0 % candidates.count] }
            let zoomBefore = server.zoom.requestLog.all.count
            let hubSpotBefore = server.hubspot.requestLog.all.count
            async let pushed = server.zoom.pushScenarioWebhooks()
            let answered = await withTaskGroup(of: Bool.self, returning: Int.self) { group in
                for (webinarID, contactID) in pairs {
                    group.addTask {
                        let delivery = try? await server.hubspot.sendWorkflowAction(
                            portalID: portal,
                            WorkflowActionRequest(
                                url: "", definitionID: definition.id, objectID: contactID,
                                inputFields: [WebinarRegistrationWorkflowAction.webinarIDField: String(webinarID)]))
                        return delivery?.status == 200
                    }
                }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(await pushed > 0)
            #expect(try await cluster.waitForEmptyInboxes(seconds: 120), "webhooks left unapplied: \(cluster.logs)")
            try await cluster.settle()
            let zoom = server.zoom.requestLog.all.dropFirst(zoomBefore)
            outcome.set(
                Outcome(
                    zoomRequests: zoom.count, zoom429s: zoom.filter { $0.status == 429 }.count,
                    hubSpot429s: server.hubspot.requestLog.all.dropFirst(hubSpotBefore).filter { $0.status == 429 }.count,
                    actionsAnswered: answered))
        }
        return outcome.value
    }

    /// The replica's `switchyard_replicas_live` gauge (nil before it listens or before its first heartbeat).
    static func liveReplicas(port: Int) async throws -> Int? {
        guard
            let response = try? await HTTPClient.shared.execute(
                HTTPClientRequest(url: "http://127.0.0.1:\(port)/metrics"), timeout: .seconds(2))
        else { return nil }
        let text = String(buffer: try await response.body.collect(upTo: 1 << 22))
        let line = text.split(separator: "\n").first { $0.hasPrefix("switchyard_replicas_live") }
        return line?.split(separator: " ").last.flatMap { Double($0) }.map { Int($0) }
    }
}

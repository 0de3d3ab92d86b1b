import Foundation
import PostgresTestSupport
import Sandbox
import Store
import SyncEngine
import Testing

/// HubSpot's workflow-action calls reach whichever replica the balancer picks. A replica that
/// does not own the tenant and cannot finish within the response budget answers `BLOCK` and
/// leaves the execution to the tenant's owner, which hears of it at once (LISTEN/NOTIFY) and
/// completes it through HubSpot's callback; a tenant's new owner takes over what the old one left.
@Suite(
    "End to end: workflow actions taken by any replica complete on the tenant's owner",
    .enabled(if: TestPostgres.isAvailable, Comment(rawValue: TestPostgres.unavailableReason)),
    .disabled(if: TestZoom.outOfProcess, "its replicas are `switchyard serve` processes in either pass: it runs in the in-process one"),
    .serialized, .timeLimit(.minutes(10)))
struct ClusterWorkflowActionTests {
    static let actions = 4
    /// The replicas answer HubSpot after 0.2 s; Zoom is slower.
    static let environment = ["SWITCHYARD_ACTION_RESPONSE_SECONDS": "0.2"]
    static let portal = WorkflowActionScene.northwind.portal

    @Test(
        "actions sent only to replicas that do not own the tenant, Zoom slow and rate limiting: each is answered BLOCK, then completed once through HubSpot's callback, nothing restarted"
    )
    func nonOwnerActionsComplete() async throws {
        let tenants = try HostHarness.sampleTenants()
        try await ClusterEndToEndTests.withCluster(tenants: tenants, hubSpotLatency: 0, environment: Self.environment) { cluster in
            let owner = try await Self.settledOwner(cluster)
            cluster.balancer.markDown(owner)  // HubSpot's calls reach only the other two
            let work = try await Self.registrations(cluster)
            // Slower than the response budget, and the first attempts are refused (retried later).
            cluster.server.zoom.faults.update(FaultPlan(addedLatencyMilliseconds: 600, rateLimitBurst: 3))
            let callbacks = try await Self.send(work, cluster)
            let completed = try await waitUntil(seconds: 60) { Self.completions(cluster, callbacks).count == callbacks.count }
            try await cluster.settle()
            #expect(completed, "\(Self.completions(cluster, callbacks).count) of \(callbacks.count) completed: \(cluster.logs)")
            try Self.expectCompletedOnce(cluster, callbacks: callbacks, work: work)
            #expect(cluster.replicas.allSatisfy { $0.process.isRunning })
        }
    }

    @Test(
        "the owner killed (-9) while actions taken by other replicas are pending: the new owner completes each once"
    )
    func killedOwnerActionsComplete() async throws {
        let tenants = try HostHarness.sampleTenants()
        try await ClusterEndToEndTests.withCluster(tenants: tenants, hubSpotLatency: 0, environment: Self.environment) { cluster in
            let owner = try await Self.settledOwner(cluster)
            cluster.balancer.markDown(owner)
            let work = try await Self.registrations(cluster)
            // Every registration is refused for now: the executions stay pending, retried by the owner.
            cluster.server.zoom.faults.update(FaultPlan(addedLatencyMilliseconds: 300, rateLimitBurst: 100_000))
            let callbacks = try await Self.send(work, cluster)
            let store = try await PostgresStateStore.connect(cluster.location, logger: .init(label: "cluster-test"))
            let retried = try await waitUntil(seconds: 30) {
                var attempts = 0
                for callback in callbacks { attempts += try await store.workflowExecution(callbackID: callback)?.attempts ?? 0 }
                return attempts > callbacks.count  // the owner has retried some
            }
            await store.close()
            #expect(retried, "the owner did not retry the pending actions: \(cluster.logs)")
            #expect(Self.completions(cluster, callbacks).isEmpty)
            trace("killing northwind's owner \(owner) with actions pending")
            cluster.replicas[owner].kill()
            cluster.server.zoom.faults.update(FaultPlan())
            let completed = try await waitUntil(seconds: 60) { Self.completions(cluster, callbacks).count == callbacks.count }
            try await cluster.settle()
            #expect(completed, "\(Self.completions(cluster, callbacks).count) of \(callbacks.count) completed: \(cluster.logs)")
            try Self.expectCompletedOnce(cluster, callbacks: callbacks, work: work)
            let survivors = cluster.replicas.indices.filter { $0 != owner }
            let takeovers = survivors.map {
                cluster.replicas[$0].log.components(separatedBy: "taking over unfinished workflow actions").count - 1
            }
            trace("takeovers logged by the survivors: \(takeovers)")
            #expect(try await cluster.owner(of: "northwind").map(survivors.contains) == true)
        }
    }
}

extension ClusterWorkflowActionTests {
    /// One registration to ask for: a webinar, a contact not registered for it, and its email.
    struct Registration: Sendable {
        var webinarID: Int64
        var contactID: String
        var email: String
        var definitionID: String
    }

    /// Northwind's owner once every replica counts all three live (no rebalancing follows).
    static func settledOwner(_ cluster: ClusterEndToEndTests.Cluster) async throws -> Int {
        let counted = try await waitUntil(seconds: 60) {
            for port in cluster.ports where try await ClusterRateBudgetTests.liveReplicas(port: port) != cluster.ports.count {
                return false
            }
            return true
        }
        #expect(counted, "the replicas do not all count each other live: \(cluster.logs)")
        return try #require(try await cluster.owner(of: "northwind"), "nobody owns northwind: \(cluster.logs)")
    }

    /// ``actions`` distinct contacts of northwind's primary unit, each for an open webinar it is
    /// not registered for (once the replicas' start-up work is over).
    static func registrations(_ cluster: ClusterEndToEndTests.Cluster) async throws -> [Registration] {
        try await cluster.settle()
        let server = cluster.server
        let snapshot = try #require(server.hubspot.snapshot(portalID: portal))
        let definition = try #require(
            snapshot.actionDefinitions.last(where: WorkflowActionScene.isRegisterAction), "northwind's workflow action is not installed")
        let tenant = try #require(server.scenario.tenants.first { $0.hubSpot.credentials.portalID == portal })
        let open = tenant.zoomAccounts[0].webinars.filter(WorkflowActionScene.isOpen)
        let people = snapshot.contacts.filter { WorkflowActionScene.isNamedInPrimaryUnit($0) && $0.properties["email"] != nil }
        var work: [Registration] = []
        for webinar in open where work.count < actions {
            let registered = Set(try registrants(cluster, webinarID: webinar.id))
            for contact in people where work.count < actions {
                let email = contact.properties["email"]?.lowercased() ?? ""
                guard !registered.contains(email), !work.contains(where: { $0.email == email }) else { continue }
                work.append(Registration(webinarID: webinar.id, contactID: contact.id, email: email, definitionID: definition.id))
            }
        }
        try #require(work.count == actions, "too few contacts to register: \(work.count)")
        return work
    }

    /// Runs the action for each registration through the balancer; each must be answered `BLOCK`.
    static func send(_ work: [Registration], _ cluster: ClusterEndToEndTests.Cluster) async throws -> [String] {
        var callbacks: [String] = []
        for registration in work {
            let delivery = try await cluster.server.hubspot.sendWorkflowAction(
                portalID: portal,
                WorkflowActionRequest(
                    url: "", definitionID: registration.definitionID, objectID: registration.contactID,
                    inputFields: [WebinarRegistrationWorkflowAction.webinarIDField: String(registration.webinarID)]))
            #expect(delivery.status == 200, "\(delivery.responseBody)")
            #expect(WorkflowActionScene.outputs(delivery.responseBody)["hs_execution_state"] == "BLOCK", "\(delivery.responseBody)")
            callbacks.append(delivery.callbackID)
        }
        return callbacks
    }

    /// HubSpot's callback completions of `callbacks` so far.
    static func completions(_ cluster: ClusterEndToEndTests.Cluster, _ callbacks: [String]) -> [HubSpotCallbackCompletion] {
        let wanted = Set(callbacks)
        return cluster.server.hubspot.snapshot(portalID: portal)?.callbackCompletions.filter { wanted.contains($0.callbackID) } ?? []
    }

    /// The registrants' emails of a webinar of northwind's primary Zoom account.
    static func registrants(_ cluster: ClusterEndToEndTests.Cluster, webinarID: Int64) throws -> [String] {
        let tenant = try #require(cluster.server.scenario.tenants.first { $0.hubSpot.credentials.portalID == portal })
        let data = try #require(cluster.server.zoom.accountData(tenant.zoomAccounts[0].credentials.accountID))
        return data.webinars.first { $0.id == webinarID }?.registrants.map { $0.email.lowercased() } ?? []
    }

    /// Each callback completed once, as a success, by one completion request; each contact registered once in Zoom.
    static func expectCompletedOnce(_ cluster: ClusterEndToEndTests.Cluster, callbacks: [String], work: [Registration]) throws {
        let completions = completions(cluster, callbacks)
        for callback in callbacks {
            let mine = completions.filter { $0.callbackID == callback }
            #expect(mine.count == 1, "callback \(callback) completed \(mine.count) times")
            #expect(mine.first.map { $0.outputFields["hs_execution_state"] == "SUCCESS" } == true, "\(mine)")
            let requests = cluster.server.hubspot.requestLog.all.filter { $0.path.contains("/callbacks/\(callback)/complete") }
            #expect(requests.count == 1, "callback \(callback): \(requests.count) completion requests")
        }
        for registration in work {
            let registered = try registrants(cluster, webinarID: registration.webinarID)
            #expect(registered.filter { $0 == registration.email }.count == 1, "\(registration.email) registered \(registered)")
        }
    }
}

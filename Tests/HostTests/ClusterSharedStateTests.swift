import AsyncHTTPClient
import Foundation
import Host
import Testing

extension ClusterEndToEndTests {
    @Test(
        "two replicas: a sync-now started through one shows its progress and result through the other; a console sign-in on one holds on the other"
    )
    func runsAndSessionsAreShared() async throws {
        let tenants = try HostHarness.sampleTenants()
        try await Self.withCluster(tenants: tenants, hubSpotLatency: 0, replicas: 2) { cluster in
            let owner = try #require(try await cluster.owner(of: "northwind"), "nobody owns northwind: \(cluster.logs)")
            // Started through the replica that does not own the tenant: its owner executes it.
            let (a, b) = (1 - owner, owner)
            let apiA = AdminClient(http: HTTPClient.shared, baseURL: "http://127.0.0.1:\(cluster.ports[a])", token: Self.token)
            let apiB = AdminClient(http: HTTPClient.shared, baseURL: "http://127.0.0.1:\(cluster.ports[b])", token: Self.token)
            let webinarID = String(try AdminAPIEndToEndTests.webinarWithExclusion(cluster.server).webinar.id)
            let started = try await apiA.post("/api/v1/tenants/northwind/webinars/\(webinarID)/sync")
            #expect(started.status == 202, "\(started.text)")
            let run = try started.decode(SyncRun.self)
            var seen: [SyncRun.State] = []
            var finished: SyncRun?
            let deadline = Date() + 120
            while finished == nil, Date() < deadline {
                let answer = try await apiB.get("/api/v1/tenants/northwind/sync-runs/\(run.id)")
                #expect(answer.status == 200, "replica \(b) does not know the run: \(answer.text)")
                let current = try answer.decode(SyncRun.self)
                if seen.last != current.state { seen.append(current.state) }
                if current.state.isFinished { finished = current } else { try await Task.sleep(for: .milliseconds(50)) }
            }
            let done = try #require(finished, "the run did not finish; states seen through replica \(b): \(seen)\n\(cluster.logs)")
            #expect(done.state == .succeeded, "\(done)")
            // The owner's start-up reconcile may have synced the webinar already: the run then writes nothing new.
            #expect(done.result?.webinarID == webinarID && done.result?.trigger == "sync_now")
            let listedByA = try await apiA.get("/api/v1/tenants/northwind/sync-runs").decode(SyncRunList.self).runs
            #expect(listedByA.first { $0.id == run.id }?.state == .succeeded)

            try await ConsoleClient.with(baseURL: "http://127.0.0.1:\(cluster.ports[a])") { consoleA in
                let signedIn = try await consoleA.signIn(Self.token)
                #expect(signedIn.status == 303)
                let cookie = try #require(consoleA.cookie)
                try await ConsoleClient.with(baseURL: "http://127.0.0.1:\(cluster.ports[b])") { consoleB in
                    try await consoleB.withCookie(cookie) {
                        let home = try await consoleB.get("/console")
                        #expect(home.status == 200, "the sign-in on replica \(a) does not hold on replica \(b)")
                        #expect(home.html.contains("the operator"))
                        let csrf = try #require(home.csrfToken)
                        let signedOut = try await consoleB.post("/console/sign-out", form: ["csrf": csrf])
                        #expect(signedOut.status == 303 && signedOut.location == "/console/sign-in")
                    }
                }
                let after = try await consoleA.get("/console")
                #expect(after.status == 303, "signed out on replica \(b), the session still held on replica \(a)")
            }
        }
    }
}

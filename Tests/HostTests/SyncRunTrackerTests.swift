import Foundation
import Host
import Synchronization
import Testing

/// The sync-now run tracker's bookkeeping: joining a queued run, and its bound per tenant.
@Suite("Sync runs: tracker")
struct SyncRunTrackerTests {
    @Test("a second request for a queued webinar joins its run; runs are kept in the store, unfinished ones always")
    func joinAndBound() async throws {
        let directory = try HostHarness.tenantsDirectory([
            "acme.yaml": HostHarness.tenant("acme", portal: 1001, account: "acme-zoom")
        ])
        try await HostHarness.withHost(tenants: directory) { host, _ in
            let runtime = try #require(await host.registry.runtime(tenantID: "acme"))
            // Not started as a service: its runs stay queued.
            let tracker = SyncRunTracker(coordinator: host.coordinator, store: host.store, capacity: 2)
            let first = try await tracker.start(runtime, webinarID: "1")
            let again = try await tracker.start(runtime, webinarID: "1")
            #expect(again.id == first.id)
            #expect(first.state == .queued && first.progress.completedSteps == 0)
            let second = try await tracker.start(runtime, webinarID: "2")
            let third = try await tracker.start(runtime, webinarID: "3")
            #expect(try await tracker.runs(tenantID: "acme").map(\.id) == [third.id, second.id, first.id])
            #expect(try await tracker.run(id: second.id, tenantID: "other") == nil)
            // Another tracker on the same store (a restarted host, another replica) sees them.
            let other = SyncRunTracker(coordinator: host.coordinator, store: host.store)
            #expect(try await other.run(id: first.id, tenantID: "acme")?.webinarID == "1")
            #expect(try await other.start(runtime, webinarID: "1").id == first.id)
        }
    }

    @Test("a sync-now run the host had not finished when it stopped is run when it starts again, and keeps its id")
    func unfinishedRunSurvivesRestart() async throws {
        let directory = try HostHarness.sampleTenants()
        let state = NSTemporaryDirectory() + "switchyard-runs-\(UUID().uuidString)/state.sqlite"
        let configure: @Sendable (inout HostSettings) -> Void = {
            $0.statePath = state
            $0.operatorToken = AdminAPIEndToEndTests.operatorToken
        }
        let left = Mutex<(id: String, webinar: String)?>(nil)
        try await HostHarness.withHost(tenants: directory, sandbox: .auto, environment: [:], configure: configure) { host, _ in
            let sandbox = try #require(host.sandbox)
            let webinar = String(try AdminAPIEndToEndTests.webinarWithExclusion(sandbox).webinar.id)
            let runtime = try #require(await host.registry.runtime(tenantID: "northwind"))
            // Not started as a service: the run stays queued, as if the host stopped before running it.
            let stopped = SyncRunTracker(coordinator: host.coordinator, store: host.store)
            let run = try await stopped.start(runtime, webinarID: webinar)
            left.withLock { $0 = (run.id, webinar) }
        }
        let (runID, webinar) = try #require(left.withLock { $0 })
        try await HostHarness.withHost(tenants: directory, sandbox: .auto, environment: [:], configure: configure) { host, http in
            let api = AdminClient(http: http, baseURL: host.baseURL, token: AdminAPIEndToEndTests.operatorToken)
            var run = try await api.get("/api/v1/tenants/northwind/sync-runs/\(runID)").decode(SyncRun.self)
            let deadline = Date() + 60
            while !run.state.isFinished, Date() < deadline {
                try await Task.sleep(for: .milliseconds(50))
                run = try await api.get("/api/v1/tenants/northwind/sync-runs/\(runID)").decode(SyncRun.self)
            }
            #expect(run.state == .succeeded, "\(run)")
            #expect(run.result?.webinarID == webinar && run.result?.trigger == "sync_now")
        }
    }

    @Test("a tenant's admin token reads its own runs, and another tenant's token gets 404 for them")
    func runsAreTenantScoped() async throws {
        try await AdminAPIEndToEndTests.withSampleHost { host, api in
            let run = try await AdminAPIEndToEndTests.syncNow(host, api, tenant: "northwind", webinar: "99999999999")
            let own = try await api.get("/api/v1/tenants/northwind/sync-runs/\(run.id)", token: "demo-northwind-admin-token")
            #expect(own.status == 200)
            let other = try await api.get("/api/v1/tenants/northwind/sync-runs/\(run.id)", token: "demo-contoso-admin-token")
            #expect(other.status == 404)
            let wrongTenant = try await api.get("/api/v1/tenants/contoso/sync-runs/\(run.id)", token: "demo-contoso-admin-token")
            #expect(wrongTenant.status == 404)
        }
    }
}

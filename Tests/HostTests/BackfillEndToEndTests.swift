import ConnectorKit
import Foundation
@testable import Host
import Sandbox
import SyncEngine
import Synchronization
import Testing

/// "Sync now" for a whole tenant lists the webinars from the sources; `switchyard backfill`
/// goes further back through the sources' history, forecasts its cost, and can be stopped
/// and resumed. Against the sandbox through the real host.
@Suite("Backfill and tenant-wide sync now")
struct BackfillEndToEndTests {
    static let northwind = 4_400_123

    /// The archived webinars of northwind's primary Zoom account: expired (not listed), kept in
    /// Zoom's reports (45 and 75 days ago), and one beyond Zoom's six months (200 days ago).
    static func archived(_ sandbox: SandboxServer) throws -> [String] {
        let tenant = try #require(sandbox.scenario.tenants.first { $0.hubSpot.credentials.portalID == northwind })
        return try (0..<3).map { String(try #require(tenant.notableWebinars["archived\($0)"])) }
    }

    /// Every webinar the tenant's connectors list now.
    static func listed(_ host: RunningHost) async throws -> Set<String> {
        let runtime = try #require(await host.registry.runtime(tenantID: "northwind"))
        var ids: Set<String> = []
        for instance in runtime.connectors { ids.formUnion(try await instance.connector.listWebinars().map(\.id)) }
        return ids
    }

    @Test("sync now without a webinar id syncs what the sources list, not only what the host knew (CLI and admin API)")
    func tenantWideSyncNow() async throws {
        try await AdminAPIEndToEndTests.withSampleHost { host, api in
            let listed = try await Self.listed(host)
            #expect(listed.count > 5)
            // A host that has synced nothing yet knows no webinar: before, `sync` synced none.
            #expect(try await WebinarCatalog(store: host.store).all(tenantID: "northwind").isEmpty)
            let result = try await SyncCommandTests.run([
                "sync", "northwind", "--host", host.baseURL, "--token", "demo-northwind-admin-token",
            ])
            #expect(result.status == 0, "\(result.error)")
            #expect(result.output.contains("\(listed.count) webinar(s) synced: \(listed.count) ok, 0 failed"), "\(result.output)")
            let known = Set(try await WebinarCatalog(store: host.store).all(tenantID: "northwind").map(\.webinar.id))
            #expect(known == listed)

            // The admin API's tenant-wide run: listed again, nothing is due but the recent ones.
            let started = try await api.post("/api/v1/tenants/northwind/sync")
            #expect(started.status == 202)
            let run = try started.decode(SyncRun.self)
            #expect(run.kind == .tenant && run.webinarID == nil)
            #expect(started.headers["location"] == "/api/v1/tenants/northwind/sync-runs/\(run.id)")
            let finished = try #require(await host.admin.runs.finished(id: run.id))
            #expect(finished.state == .succeeded)
            #expect(Set((finished.entries ?? []).map(\.webinarID)).isSubset(of: listed))
            #expect(finished.progress.completedSteps == finished.entries?.count)
        }
    }

    @Test("backfill --plan finds the expired webinars Zoom's reports still hold and forecasts Zoom, HubSpot and time")
    func plan() async throws {
        try await AdminAPIEndToEndTests.withSampleHost { host, api in
            let sandbox = try #require(host.sandbox)
            let archived = try Self.archived(sandbox)
            let listed = try await Self.listed(host)
            #expect(!listed.contains(archived[0]) && !listed.contains(archived[1]))

            let answer = try await api.get("/api/v1/tenants/northwind/backfill/plan")
            #expect(answer.status == 200, "\(answer.text)")
            let plan = try answer.decode(BackfillPlan.self)
            let found = Set(plan.webinars.map(\.webinarID))
            #expect(found.contains(archived[0]) && found.contains(archived[1]))
            #expect(!found.contains(archived[2]), "beyond Zoom's six months")
            #expect(plan.toSync == plan.webinars.count && plan.alreadyDone == 0)
            let heavy = try #require(plan.sourceRequests.first { $0.account == "nw-zoom-account" && $0.category == "Heavy" })
            #expect(heavy.perDay == 60_000 && heavy.listing == 2 * 7 && heavy.snapshots > 0)
            #expect((heavy.dailyQuotaPercent ?? 0) > 0)
            let emea = try #require(plan.sourceRequests.first { $0.account == "nw-emea-zoom-account" && $0.category == "Heavy" })
            #expect(emea.listing == 7, "one host, seven month-long report windows")
            #expect(plan.hubSpotRequests > plan.toSync * 5)
            #expect(plan.hubSpotRequestsPerTenSeconds == 190)
            #expect(plan.estimatedSeconds >= plan.sourceSeconds + plan.hubSpotSeconds)
            #expect(plan.notes.contains { $0.contains("6 months") })

            let later = try await api.get("/api/v1/tenants/northwind/backfill/plan?since=2999-01-01").decode(BackfillPlan.self)
            #expect(later.webinars.isEmpty)
            let bad = try await api.get("/api/v1/tenants/northwind/backfill/plan?since=last-year")
            #expect(bad.status == 400)

            let cli = try await SyncCommandTests.run([
                "backfill", "northwind", "--plan", "--host", host.baseURL, "--token", "demo-northwind-admin-token",
            ])
            #expect(cli.status == 0, "\(cli.error)")
            for line in [
                "Webinars found: \(plan.webinars.count): \(plan.toSync) to sync", "Zoom requests, account nw-zoom-account:",
                "Heavy", "of the daily 60,000 quota", "HubSpot requests: about \(plan.hubSpotRequests)",
                "Time at the providers' limits: at least",
            ] {
                #expect(cli.output.contains(line), "\(line) in \(cli.output)")
            }
            // A plan writes nothing.
            #expect(try await WebinarCatalog(store: host.store).all(tenantID: "northwind").isEmpty)
        }
    }

    @Test("a backfill stopped after its first webinar resumes with the rest, syncing none twice")
    func stopAndResume() async throws {
        try await AdminAPIEndToEndTests.withSampleHost { host, _ in
            let sandbox = try #require(host.sandbox)
            let archived = try Self.archived(sandbox)
            let runtime = try #require(await host.registry.runtime(tenantID: "northwind"))
            let backfill = Backfill(coordinator: host.coordinator, logger: .init(label: "test"))
            let read = Counter()
            // Stop asked once the first webinar is read: it is still written, the rest wait.
            let first = await backfill.run(
                runtime, since: Backfill.fromTheStart, planned: { _ in }, progress: { _, _, _ in read.add() },
                synced: { _ in }, shouldStop: { read.value >= 1 })
            #expect(first.stopped && first.entries.count == 1)
            let stoppedAt = try #require(first.entries.first)
            #expect(stoppedAt.trigger == SyncTrigger.backfill.rawValue)

            let plan = await backfill.plan(runtime, since: Backfill.fromTheStart)
            #expect(plan.alreadyDone == 1)
            #expect(plan.webinars.first { $0.webinarID == stoppedAt.webinarID }?.action == .done)

            let second = await backfill.run(
                runtime, since: Backfill.fromTheStart, planned: { _ in }, progress: { _, _, _ in }, synced: { _ in },
                shouldStop: { false })
            #expect(!second.stopped)
            #expect(second.entries.count == plan.toSync)
            #expect(!second.entries.contains { $0.webinarID == stoppedAt.webinarID })
            #expect(second.entries.allSatisfy { $0.status != .failed }, "\(second.entries.filter { $0.status == .failed })")
            let log = try await WebinarCatalog(store: host.store).auditLog(tenantID: "northwind", webinarID: stoppedAt.webinarID)
            #expect(log.count == 1)

            // The expired webinars reached HubSpot: a marketing event with attendance.
            let portal = try #require(sandbox.hubspot.snapshot(portalID: Self.northwind))
            for id in archived.prefix(2) {
                let event = try #require(portal.marketingEvents.first { $0.externalEventID == id })
                #expect(event.participations.contains { $0.state == .attended }, "\(id)")
            }
            #expect(!portal.marketingEvents.contains { $0.externalEventID == archived[2] })
        }
    }

    @Test(
        "tenant-wide sync now and a backfill batch their HubSpot writes across webinars: no more requests than the batch minimum"
    )
    func batchedAcrossWebinars() async throws {
        try await AdminAPIEndToEndTests.withSampleHost { host, _ in
            let sandbox = try #require(host.sandbox)
            let runtime = try #require(await host.registry.runtime(tenantID: "northwind"))
            _ = try await host.coordinator.withSynchronizer(runtime) { _ in }  // the one-time setup, not counted

            sandbox.hubspot.requestLog.clear()
            let tenantRun = try await host.admin.runs.start(runtime, kind: .tenant)
            let tenant = try #require(await host.admin.runs.finished(id: tenantRun.id))
            #expect(tenant.state == .succeeded && (tenant.entries?.count ?? 0) >= 4, "\(tenant)")
            let afterTenant = sandbox.hubspot.requestLog.all
            #expect(
                afterTenant.count <= BatchMinimum.requests(afterTenant),
                "sync now: \(afterTenant.count) requests, batch minimum \(BatchMinimum.requests(afterTenant))")

            sandbox.hubspot.requestLog.clear()
            let backfill = await Backfill(coordinator: host.coordinator, logger: .init(label: "test")).run(
                runtime, since: Backfill.fromTheStart, planned: { _ in }, progress: { _, _, _ in }, synced: { _ in },
                shouldStop: { false })
            #expect(!backfill.stopped && backfill.entries.count >= 2)
            #expect(backfill.entries.allSatisfy { $0.status != .failed && $0.trigger == SyncTrigger.backfill.rawValue })
            let requests = sandbox.hubspot.requestLog.all
            let minimum = BatchMinimum.requests(requests)
            #expect(requests.count <= minimum, "backfill: \(requests.count) requests, batch minimum \(minimum)")
            // One marketing-event upsert for all of them, not one per webinar.
            let eventUpserts = requests.filter { $0.method == "POST" && $0.path.hasSuffix("/marketing-events/events/upsert") }
            #expect(eventUpserts.count == 1, "\(eventUpserts.map(\.path))")
        }
    }

    @Test("a backfill through the admin API can be stopped, and started again resumes it; the CLI prints the plan and the result")
    func stopThroughTheAPI() async throws {
        try await AdminAPIEndToEndTests.withSampleHost { host, api in
            let started = try await api.post("/api/v1/tenants/northwind/backfill?since=2000-01-01")
            #expect(started.status == 202)
            let run = try started.decode(SyncRun.self)
            #expect(run.kind == .backfill)
            let stopping = try await api.post("/api/v1/tenants/northwind/sync-runs/\(run.id)/stop")
            #expect(stopping.status == 200)
            #expect(try stopping.decode(SyncRun.self).stopRequested == true)
            let stopped = try #require(await host.admin.runs.finished(id: run.id))
            #expect(stopped.state == .stopped)
            let done = Set((stopped.entries ?? []).map(\.webinarID))

            let result = try await SyncCommandTests.run([
                "backfill", "northwind", "--since", "2000-01-01", "--host", host.baseURL, "--token", "demo-northwind-admin-token",
            ])
            #expect(result.status == 0, "\(result.error)")
            #expect(result.output.contains("Webinars found:"))
            #expect(result.output.contains("\(done.count) synced before"), "\(result.output)")
            let runs = try await api.get("/api/v1/tenants/northwind/sync-runs").decode(SyncRunList.self).runs
            let resumed = try #require(runs.first { $0.kind == .backfill && $0.id != run.id })
            #expect(resumed.state == .succeeded)
            #expect(Set((resumed.entries ?? []).map(\.webinarID)).isDisjoint(with: done))
            #expect(result.output.contains("\(resumed.entries?.count ?? -1) webinar(s) synced"))
            let unknown = try await api.post("/api/v1/tenants/northwind/sync-runs/nope/stop")
            #expect(unknown.status == 404)
        }
    }

    @Test("the console's webinar list starts Sync all now and Backfill; their run pages show progress, the forecast and results")
    func fromTheConsole() async throws {
        let directory = try HostHarness.sampleTenants()
        try await HostHarness.withHost(tenants: directory, sandbox: .auto, environment: [:]) { host, _ in
            let archived = try Self.archived(try #require(host.sandbox))
            try await ConsoleClient.with(baseURL: host.baseURL) { browser in
                #expect(try await browser.signIn("demo-northwind-admin-token").status == 303)
                let list = try await browser.get("/console/tenants/northwind/webinars")
                #expect(list.html.contains(#"id="sync-all-now""#) && list.html.contains(#"id="backfill""#))
                let csrf = try #require(list.csrfToken)

                for (path, kind) in [("sync", SyncRun.Kind.tenant), ("backfill", .backfill)] {
                    let posted = try await browser.post("/console/tenants/northwind/webinars/\(path)", form: ["csrf": csrf])
                    #expect(posted.status == 303)
                    let location = try #require(posted.location)
                    let runID = String(location.split(separator: "/").last ?? "")
                    let finished = try #require(await host.admin.runs.finished(id: runID))
                    #expect(finished.kind == kind && finished.state == .succeeded, "\(finished)")
                    let page = try await browser.get(location)
                    #expect(page.status == 200)
                    #expect(page.html.contains("Done: \(finished.entries?.count ?? -1) webinar(s) synced, 0 failed"))
                    #expect(!page.html.contains(#"id="stop-run""#), "a finished run cannot be stopped")
                    if kind == .backfill {
                        #expect(page.html.contains("Forecast") && page.html.contains("HubSpot requests: about"))
                        let synced = Set((finished.entries ?? []).map(\.webinarID))
                        #expect(synced.contains(archived[0]) && synced.contains(archived[1]))
                    }
                }
                let forged = try await browser.post("/console/tenants/northwind/webinars/backfill", form: ["csrf": "forged"])
                #expect(forged.status == 403)
            }
        }
    }
}

/// A count shared with `@Sendable` closures.
private final class Counter: Sendable {
    private let count = Mutex(0)
    func add() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}

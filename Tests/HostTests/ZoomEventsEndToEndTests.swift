import Foundation
import Host
import Sandbox
import SyncEngine
import Testing

/// A webinar that Zoom's Events API lists as a session of a Zoom Event, but whose links look
/// like an ordinary webinar's, is skipped by a reconcile with the reason in its audit log.
@Suite("End to end: Zoom Events webinars are skipped")
struct ZoomEventsEndToEndTests {
    static let northwindPortal = 4_400_123
    static let operatorToken = "operator-SECRET-zoom-events"

    @Test("a reconcile skips the Zoom Event session webinar, says why in its audit log, and writes nothing for it")
    func eventSessionWebinarIsSkipped() async throws {
        let directory = try HostHarness.sampleTenants()
        try await HostHarness.withHost(
            tenants: directory, sandbox: .auto, environment: [:], configure: { $0.operatorToken = Self.operatorToken }
        ) { host, http in
            let sandbox = try #require(host.sandbox)
            let tenant = try #require(sandbox.scenario.tenants.first { $0.hubSpot.credentials.portalID == Self.northwindPortal })
            let sessionID = try #require(tenant.notableWebinars["zoomEventSession"])
            let webinar = try #require(tenant.zoomAccounts.flatMap(\.webinars).first { $0.id == sessionID })
            try #require(!webinar.registrants.isEmpty && !webinar.instances.isEmpty, "it has data that would be synced")

            let runtime = try #require(await host.registry.runtime(tenantID: "northwind"))
            let scheduler = ReconcileScheduler(registry: host.registry, coordinator: host.coordinator, logger: .init(label: "test"))
            let entries = await scheduler.reconcile(runtime)
            let entry = try #require(entries.first { $0.webinarID == String(sessionID) })
            #expect(entry.status == .skipped)
            #expect(entry.counts.contactsUpserted == 0 && entry.counts.participationsRecorded == 0)
            let reasons = entry.warnings.flatMap(\.items).map(\.reason)
            #expect(reasons == [.unsupportedWebinar])

            let api = AdminClient(http: http, baseURL: host.baseURL, token: Self.operatorToken)
            let log = try await api.get("/api/v1/tenants/northwind/webinars/\(sessionID)/audit?limit=5").decode(AuditLog.self)
            let logged = try #require(log.entries.first)
            #expect(logged.status == .skipped)
            let item = try #require(logged.warnings.flatMap(\.items).first { $0.reason == .unsupportedWebinar })
            #expect(
                item.detail
                    == "This webinar belongs to the Zoom Event 'Partner Summit 2026' (session 'Keynote'); Zoom Events webinars are not supported, so it is not synced."
            )

            let portal = try #require(sandbox.hubspot.snapshot(portalID: Self.northwindPortal))
            #expect(!portal.marketingEvents.isEmpty, "other webinars were synced")
            #expect(!portal.marketingEvents.contains { $0.externalEventID == String(sessionID) })
            let writes = sandbox.hubspot.requestLog.all.filter { $0.method != "GET" && $0.body.contains(String(sessionID)) }
            #expect(writes.isEmpty, "\(writes.map(\.path))")
            let eventsCalls = sandbox.zoom.requestLog.all.filter { $0.path.hasPrefix("/v2/zoom_events/") }
            #expect(!eventsCalls.isEmpty, "the Zoom Events API was asked")
        }
    }
}

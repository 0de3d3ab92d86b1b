import Foundation
import Host
import Sandbox
import SyncEngine
import Testing

@Suite("End to end: webhooks applied from what they carry")
struct IncrementalWebhookTests {
    @Test("a registration webhook for a known webinar reaches HubSpot without a single Zoom request")
    func registrationWithoutZoomRequests() async throws {
        try await HostHarness.withHost(tenants: try HostHarness.sampleTenants(), sandbox: .auto, environment: [:]) { host, _ in
            let sandbox = try #require(host.sandbox)
            #expect(try await SyncFaultToleranceTests.reconcile(host, rounds: 1) == 1)
            let account = try #require(sandbox.scenario.zoomAccounts.first { $0.credentials.accountID == "nw-zoom-account" })
            let upcoming = account.webinars.filter { !$0.isZoomEvents && $0.startTime > sandbox.scenario.referenceDate }
            sandbox.zoom.requestLog.clear()
            let email = "incremental.reader@example.com"
            var webinarID: Int64?
            for webinar in upcoming where webinarID == nil {
                if (try? await sandbox.zoom.registerThroughZoom(webinarID: webinar.id, email: email, firstName: "Ines", lastName: "Reader"))
                    != nil
                {
                    webinarID = webinar.id
                }
            }
            let id = try #require(webinarID, "no upcoming northwind webinar takes registrations")
            await sandbox.zoom.webhooksSettled()
            #expect(
                try await HostHarness.eventually {
                    let portal = try #require(sandbox.hubspot.snapshot(portalID: SyncEndToEndTests.northwindPortal))
                    let event = portal.marketingEvents.first { $0.externalEventID == String(id) }
                    return event?.participations.contains { $0.email == email && $0.state.rawValue == "REGISTERED" } == true
                })
            let apiRequests = sandbox.zoom.requestLog.all.filter { $0.path.hasPrefix("/v2/") }
            #expect(apiRequests.isEmpty, "Zoom requests: \(apiRequests.map(\.path))")
        }
    }

    @Test("joins and leaves during a webinar take no snapshot; its end takes one")
    func liveEventsSettledAtTheEnd() async throws {
        try await HostHarness.withHost(tenants: try HostHarness.sampleTenants(), sandbox: .auto, environment: [:]) { host, _ in
            let sandbox = try #require(host.sandbox)
            #expect(try await SyncFaultToleranceTests.reconcile(host, rounds: 1) == 1)
            let account = try #require(sandbox.scenario.zoomAccounts.first { $0.credentials.accountID == "nw-zoom-account" })
            let webinar = try #require(
                account.webinars.first { !$0.isZoomEvents && $0.startTime > sandbox.scenario.referenceDate && !$0.registrants.isEmpty })
            sandbox.zoom.requestLog.clear()
            try await sandbox.zoom.endWebinar(id: webinar.id)
            await sandbox.zoom.webhooksSettled()
            _ = try await HostHarness.eventually { try await host.store.inboxDepth(tenantID: "northwind") == 0 }
            let snapshots = sandbox.zoom.requestLog.all.filter { $0.method == "GET" && $0.path == "/v2/webinars/\(webinar.id)" }
            #expect(snapshots.count == 1)
            let portal = try #require(sandbox.hubspot.snapshot(portalID: SyncEndToEndTests.northwindPortal))
            let event = try #require(portal.marketingEvents.first { $0.externalEventID == String(webinar.id) })
            #expect(event.participations.contains { $0.attended })
        }
    }
}

import Foundation
import Host
import Sandbox
import Testing

@Suite("End to end: webhook events applied in the source's order")
struct WebhookOrderingTests {
    @Test("a registration cancelled within milliseconds still gets its register participation and timeline event, then the cancel")
    func fastRegisterThenCancel() async throws {
        try await HostHarness.withHost(tenants: try HostHarness.sampleTenants(), sandbox: .auto, environment: [:]) { host, _ in
            let sandbox = try #require(host.sandbox)
            let account = try #require(sandbox.scenario.zoomAccounts.first { $0.credentials.accountID == "nw-zoom-account" })
            let upcoming = account.webinars.filter { !$0.isZoomEvents && $0.startTime > sandbox.scenario.referenceDate }
            let email = "quick.change@example.com"
            // Zoom answers slowly, so any snapshot the host takes sees the registration already cancelled.
            sandbox.zoom.faults.update(FaultPlan(addedLatencyMilliseconds: 250))
            var registered: (webinar: Int64, registrant: String)?
            for webinar in upcoming where registered == nil {
                if let registrant = try? await sandbox.zoom.registerThroughZoom(
                    webinarID: webinar.id, email: email, firstName: "Quinn", lastName: "Change")
                {
                    registered = (webinar.id, registrant.id)
                }
            }
            let (webinarID, registrantID) = try #require(registered, "no upcoming northwind webinar takes registrations")
            try await sandbox.zoom.changeRegistration(webinarID: webinarID, registrantID: registrantID, action: "cancel")
            sandbox.zoom.faults.update(.none)
            await sandbox.zoom.webhooksSettled()

            @Sendable func states() async throws -> [String] {
                let portal = try #require(sandbox.hubspot.snapshot(portalID: SyncEndToEndTests.northwindPortal))
                let event = portal.marketingEvents.first { $0.externalEventID == String(webinarID) }
                return event?.participations.first { $0.email == email }?.interactions.map(\.subscriberState) ?? []
            }
            #expect(try await HostHarness.eventually { try await states().contains("cancel") })
            _ = try await HostHarness.eventually { try await host.store.inboxDepth(tenantID: "northwind") == 0 }
            #expect(try await states() == ["register", "cancel"])
            let portal = try #require(sandbox.hubspot.snapshot(portalID: SyncEndToEndTests.northwindPortal))
            let contact = try #require(portal.contacts.first { $0.properties["email"] == email })
            let registrations = portal.timelineEvents.filter { $0.objectID == contact.id && $0.id.contains("-registration-\(webinarID)-") }
            #expect(registrations.count == 1, "timeline events: \(portal.timelineEvents.filter { $0.objectID == contact.id }.map(\.id))")
        }
    }
}

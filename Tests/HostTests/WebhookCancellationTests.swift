import Foundation
import Host
import Sandbox
import Testing

@Suite("End to end: registrations and cancellations from Zoom webhooks")
struct WebhookCancellationTests {
    @Test("a registration and then its cancellation, both sent by Zoom's webhooks, become HubSpot participations")
    func cancellationReachesHubSpot() async throws {
        try await HostHarness.withHost(tenants: try HostHarness.sampleTenants(), sandbox: .auto, environment: [:]) { host, _ in
            let sandbox = try #require(host.sandbox)
            let email = "lin.ortiz@example.com"
            let (webinarID, registrantID) = try await HostHarness.registerForUpcomingWebinar(
                sandbox, email: email, firstName: "Lin", lastName: "Ortiz")

            @Sendable func participation() async throws -> String? {
                await sandbox.zoom.webhooksSettled()
                _ = try await HostHarness.eventually { try await host.store.inboxDepth(tenantID: "northwind") == 0 }
                let portal = try #require(sandbox.hubspot.snapshot(portalID: SyncEndToEndTests.northwindPortal))
                let event = portal.marketingEvents.first { $0.externalEventID == String(webinarID) }
                return event?.participations.first { $0.email == email }?.state.rawValue
            }
            #expect(try await HostHarness.eventually { try await participation() == "REGISTERED" })
            try await sandbox.zoom.changeRegistration(webinarID: webinarID, registrantID: registrantID, action: "cancel")
            #expect(try await HostHarness.eventually { try await participation() == "CANCELLED" })
        }
    }
}

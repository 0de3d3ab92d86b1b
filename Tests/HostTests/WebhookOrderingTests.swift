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
            let email = "quick.change@example.com"
            // Zoom answers slowly, so any snapshot the host takes sees the registration already cancelled.
            sandbox.zoom.faults.update(FaultPlan(addedLatencyMilliseconds: 250))
            let (webinarID, registrantID) = try await HostHarness.registerForUpcomingWebinar(
                sandbox, email: email, firstName: "Quinn", lastName: "Change")
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

    @Test("a registration and its cancellation reach HubSpot once each, in order; a reconcile after them writes neither again")
    func registerCancelThenReconcile() async throws {
        try await HostHarness.withHost(tenants: try HostHarness.sampleTenants(), sandbox: .auto, environment: [:]) { host, _ in
            let sandbox = try #require(host.sandbox)
            let email = "second.thoughts@example.com"
            let (webinarID, registrantID) = try await HostHarness.registerForUpcomingWebinar(
                sandbox, email: email, firstName: "Sam", lastName: "Thoughts")
            @Sendable func states() async throws -> [String] {
                await sandbox.zoom.webhooksSettled()
                _ = try await HostHarness.eventually { try await host.store.inboxDepth(tenantID: "northwind") == 0 }
                let portal = try #require(sandbox.hubspot.snapshot(portalID: SyncEndToEndTests.northwindPortal))
                let event = portal.marketingEvents.first { $0.externalEventID == String(webinarID) }
                return event?.participations.first { $0.email == email }?.interactions.map(\.subscriberState) ?? []
            }
            #expect(try await HostHarness.eventually { try await states() == ["register"] })
            try await sandbox.zoom.changeRegistration(webinarID: webinarID, registrantID: registrantID, action: "cancel")
            #expect(try await HostHarness.eventually { try await states() == ["register", "cancel"] })
            // A reconcile afterwards (the source lists the registration as denied, its times to the
            // second) writes nothing again.
            #expect(try await SyncFaultToleranceTests.reconcile(host, rounds: 1) == 1)
            #expect(try await states() == ["register", "cancel"])
        }
    }
}

extension HostHarness {
    /// Registers `email` through Zoom for the first upcoming northwind webinar that takes
    /// registrations; returns the webinar and registrant ids.
    static func registerForUpcomingWebinar(_ sandbox: SandboxServer, email: String, firstName: String, lastName: String)
        async throws -> (webinar: Int64, registrant: String)
    {
        let account = try #require(sandbox.scenario.zoomAccounts.first { $0.credentials.accountID == "nw-zoom-account" })
        for webinar in account.webinars where !webinar.isZoomEvents && webinar.startTime > sandbox.scenario.referenceDate {
            if let registrant = try? await sandbox.zoom.registerThroughZoom(
                webinarID: webinar.id, email: email, firstName: firstName, lastName: lastName)
            {
                return (webinar.id, registrant.id)
            }
        }
        throw HostHarnessError("no upcoming northwind webinar takes registrations")
    }
}

/// A test set-up that could not be made.
struct HostHarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

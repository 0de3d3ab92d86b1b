import ConnectorKit
import Foundation
import Host
import Sandbox
import SyncEngine
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

    @Test(
        "a cancellation alone upserts its contact only for the totals it changes; the same cancellation again, or one that changes no total, upserts nothing"
    )
    func cancellationUpsertsOnlyChangedContacts() async throws {
        try await HostHarness.withHost(tenants: try HostHarness.sampleTenants(), sandbox: .auto, environment: [:]) { host, _ in
            let sandbox = try #require(host.sandbox)
            #expect(try await SyncFaultToleranceTests.reconcile(host, rounds: 1) == 1)
            let email = "only.cancels@example.com"
            let (webinarID, registrantID) = try await HostHarness.registerForUpcomingWebinar(
                sandbox, email: email, firstName: "Oona", lastName: "Cancels")
            await sandbox.zoom.webhooksSettled()
            _ = try await HostHarness.eventually { try await host.store.inboxDepth(tenantID: "northwind") == 0 }
            @Sendable func upserts() -> [RecordedRequest] {
                sandbox.hubspot.requestLog.all.filter { $0.path == "/crm/v3/objects/contacts/batch/upsert" }
            }

            // The webhook's batch holds only the cancellation: one upsert, for the totals it lowers.
            sandbox.hubspot.requestLog.clear()
            try await sandbox.zoom.changeRegistration(webinarID: webinarID, registrantID: registrantID, action: "cancel")
            await sandbox.zoom.webhooksSettled()
            _ = try await HostHarness.eventually { try await host.store.inboxDepth(tenantID: "northwind") == 0 }
            let written = upserts()
            #expect(written.count == 1 && written.allSatisfy { $0.body.contains(#""zoom_total_webinar_registrations":"0""#) })

            // The same cancellation again (a redelivery), and one of a synced person who never
            // registered for this webinar: their contacts' data is unchanged, so no upsert.
            let runtime = try #require(await host.registry.runtime(tenantID: "northwind"))
            let known = try #require(try await WebinarCatalog(store: host.store).entry(tenantID: "northwind", webinarID: String(webinarID)))
            let instance = try #require(runtime.connectors.first { $0.connector.routingKey == known.accountKey })
            let portal = try #require(sandbox.hubspot.snapshot(portalID: SyncEndToEndTests.northwindPortal))
            let event = try #require(portal.marketingEvents.first { $0.externalEventID == String(webinarID) })
            let synced = try #require(
                portal.contacts.filter { $0.properties["zoom_total_webinar_registrations"] != nil }.compactMap { $0.properties["email"] }
                    .first { other in other != email && !event.participations.contains { $0.email == other } })
            for who in [email, synced] {
                sandbox.hubspot.requestLog.clear()
                let cancellation = Cancellation(webinarID: String(webinarID), email: who, cancelledAt: Date())
                let snapshot = WebinarSnapshot(webinar: known.webinar, cancellations: [cancellation], takenAt: Date())
                let entries = await host.coordinator.syncBatch(
                    runtime, items: [.init(webinarID: String(webinarID), instance: instance, application: .incremental(snapshot))],
                    trigger: .webhook)
                #expect(entries.allSatisfy { $0.status != .failed })
                #expect(upserts().isEmpty, "\(who): \(upserts().map(\.body))")
            }
        }
    }
}

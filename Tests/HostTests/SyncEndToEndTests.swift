import AsyncHTTPClient
import ConnectorKit
import Foundation
import Host
import NIOCore
import Sandbox
import Store
import SyncEngine
import Testing

/// The real host with its embedded sandbox, seeded from the sample tenants, over loopback.
@Suite("End to end: Zoom sandbox → host → HubSpot sandbox")
struct SyncEndToEndTests {
    static let northwindPortal = 4_400_123

    /// Who must become a contact, computed from the scenario alone (not from the engine):
    /// registrants (not denied, not cancelled) of the synced webinars, minus invalid emails,
    /// the contact-exclusion domain and its subdomains, the portal's users, secondary emails
    /// of existing contacts and deleted contacts. Value: the number of webinars registered for.
    static func expectedRegistrations(_ scenario: SandboxScenario, webinars: Set<String>) -> [String: Int] {
        guard let tenant = scenario.tenants.first(where: { $0.hubSpot.credentials.portalID == northwindPortal }) else { return [:] }
        let users = Set(tenant.hubSpot.users.map { $0.email.lowercased() })
        let secondary = Set(tenant.hubSpot.contacts.flatMap(\.additionalEmails).map { $0.lowercased() })
        let deleted = Set(tenant.hubSpot.contacts.filter(\.archived).map { $0.email.lowercased() })
        var counts: [String: Int] = [:]
        for account in tenant.zoomAccounts {
            for webinar in account.webinars where webinars.contains(String(webinar.id)) && !webinar.isZoomEvents {
                for registrant in webinar.registrants where registrant.status != "denied" && !registrant.cancelled {
                    let email = registrant.email.lowercased()
                    let domain = email.split(separator: "@").last.map(String.init) ?? ""
                    let valid = email.wholeMatch(of: /[a-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}/) != nil && !email.contains("..")
                    guard valid, domain != "northwind.example", !domain.hasSuffix(".northwind.example"), !users.contains(email),
                        !secondary.contains(email), !deleted.contains(email)
                    else { continue }
                    counts[email, default: 0] += 1
                }
            }
        }
        return counts
    }

    @Test("a reconcile syncs the scenario by every rule, and a second one writes nothing")
    func reconcileFollowsTheRules() async throws {
        let directory = try HostHarness.sampleTenants()
        try await HostHarness.withHost(tenants: directory, sandbox: .auto, environment: [:]) { host, _ in
            let sandbox = try #require(host.sandbox)
            let runtime = try #require(await host.registry.runtime(tenantID: "northwind"))
            let scheduler = ReconcileScheduler(registry: host.registry, coordinator: host.coordinator, logger: .init(label: "test"))
            let first = await scheduler.reconcile(runtime)
            #expect(!first.isEmpty)
            #expect(first.allSatisfy { $0.status != .failed }, "\(first.filter { $0.status == .failed })")
            let synced = Set(first.filter { $0.status != .skipped }.map(\.webinarID))
            let portal = try #require(sandbox.hubspot.snapshot(portalID: Self.northwindPortal))
            let primaries = Dictionary(
                portal.contacts.map { ($0.properties["email"]?.lowercased() ?? "", $0) }, uniquingKeysWith: { first, _ in first })

            let expected = Self.expectedRegistrations(sandbox.scenario, webinars: synced)
            #expect(!expected.isEmpty)
            for (email, registrations) in expected {
                let contact = primaries[email]
                #expect(contact != nil, "\(email) should be a contact")
                #expect(contact?.properties[ZoomProfile.properties.totalRegistrations.name] == String(registrations), "\(email)")
            }
            let tenant = try #require(sandbox.scenario.tenants.first { $0.hubSpot.credentials.portalID == Self.northwindPortal })
            for person in tenant.notablePeople
            where [.hubSpotUser, .excludedDomain, .excludedSubdomain, .secondaryEmail, .invalidEmail, .archivedContact].contains(
                person.role)
            {
                #expect(primaries[person.email.lowercased()] == nil, "\(person.role): \(person.email) must not be a contact")
            }
            #expect(portal.timelineEvents.allSatisfy { event in portal.contacts.contains { $0.id == event.objectID } })
            let zoomEvents = first.filter { entry in entry.warnings.contains { $0.items.contains { $0.reason == .unsupportedWebinar } } }
            #expect(zoomEvents.count == 2, "the events.zoom.us webinar and the Zoom Event session webinar")

            sandbox.hubspot.requestLog.clear()
            let second = await scheduler.reconcile(runtime)
            #expect(second.map(\.webinarID).sorted() == first.map(\.webinarID).sorted())
            #expect(second.allSatisfy { $0.counts.contactsUpserted == 0 && $0.counts.timelineEventsCreated == 0 })
            #expect(second.allSatisfy { $0.counts.participationsRecorded == 0 && $0.counts.callsWritten == 0 })
            let writes = sandbox.hubspot.requestLog.all.filter {
                !$0.path.hasSuffix("/batch/read") && !$0.path.hasSuffix("/search") && $0.method == "POST"
            }
            #expect(writes.isEmpty, "\(writes.map(\.path))")
        }
    }

    @Test("webhooks pushed by the sandbox are verified, stored durably and synced")
    func webhooks() async throws {
        let directory = try HostHarness.sampleTenants()
        try await HostHarness.withHost(tenants: directory, sandbox: .auto, environment: [:]) { host, client in
            let sandbox = try #require(host.sandbox)
            let pushed = await sandbox.zoom.pushScenarioWebhooks()
            #expect(pushed > 0)
            await sandbox.zoom.webhooksSettled()
            let drained = try await HostHarness.eventually {
                let depths = try await [host.store.inboxDepth(tenantID: "northwind"), host.store.inboxDepth(tenantID: "contoso")]
                return depths == [0, 0]
            }
            #expect(drained)
            let (_, metrics) = try await HostHarness.get(client, host.baseURL + "/metrics")
            #expect(metrics.contains(#"switchyard_webhooks_total{connector="zoom",result="accepted"} \#(pushed)"#))
            let catalog = try await WebinarCatalog(store: host.store).all(tenantID: "northwind")
            #expect(!catalog.isEmpty)
            #expect(catalog.allSatisfy { $0.lastStatus != .failed })
        }
    }

    @Test("a bad signature and an unknown account get the same 401 and body, and nothing is stored")
    func refusedWebhooks() async throws {
        let directory = try HostHarness.sampleTenants()
        try await HostHarness.withHost(tenants: directory, sandbox: .auto, environment: [:]) { host, client in
            func post(_ body: String, signature: String) async throws -> (Int, String) {
                var request = HTTPClientRequest(url: host.baseURL + "/webhooks/zoom")
                request.method = .POST
                request.headers.add(name: "x-zm-request-timestamp", value: String(Int(Date().timeIntervalSince1970)))
                request.headers.add(name: "x-zm-signature", value: signature)
                request.body = .bytes(ByteBuffer(string: body))
                let response = try await client.execute(request, timeout: .seconds(10))
                return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 16)))
            }
            let known =
                #"{"event":"webinar.registration_created","event_ts":1,"payload":{"account_id":"nw-zoom-account","object":{"id":1}}}"#
            let badSignature = try await post(known, signature: "v0=" + String(repeating: "0", count: 64))
            #expect(badSignature.0 == 401)
            let unknown = known.replacingOccurrences(of: "nw-zoom-account", with: "someone-else")
            let unknownAccount = try await post(unknown, signature: "v0=" + String(repeating: "0", count: 64))
            #expect(unknownAccount.0 == badSignature.0)
            #expect(unknownAccount.1 == badSignature.1)
            #expect(!unknownAccount.1.contains("someone-else"))
            let depth = try await host.store.inboxDepth(tenantID: "northwind")
            #expect(depth == 0)
        }
    }
}

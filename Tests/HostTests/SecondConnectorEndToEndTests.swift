import AsyncHTTPClient
import ConnectorKit
import Foundation
import Host
import NIOCore
import Sandbox
import Store
import SyncEngine
import Testing
import ZoomConnector

/// The host with Zoom and a second connector (``FakeWebinarConnector``, `type: fake`) in one
/// tenant: the fake's data reaches HubSpot under the fake's own names, by the same rules, and
/// Zoom's data stays as it was. Nothing in the engine or the host is Zoom-specific.
@Suite("End to end: a second connector beside Zoom")
struct SecondConnectorEndToEndTests {
    static let portal = SyncEndToEndTests.northwindPortal
    static let names = FakeWebinarConnector.profile.contactProperties
    static let secret = "fake-signing-secret"

    /// The sample tenants, with a FakeCast account added to northwind's EMEA unit (id 3411).
    static func tenants(account: String) throws -> String {
        let directory = try HostHarness.sampleTenants()
        let file = directory + "/northwind.yaml"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let fake = """
                  - type: fake
                    account: \(account)
                    signing_secret: ${env:NORTHWIND_FAKECAST_SECRET:-\(secret)}
                    hosts: [emea-events@northwind.example]

            """
        try (text.hasSuffix("\n") ? text : text + "\n").appending(fake).write(toFile: file, atomically: true, encoding: .utf8)
        return directory
    }

    /// A past session (host, recording, attendance, an excluded registrant) and an upcoming one without a host.
    static func sessions(now: Date) -> [WebinarSnapshot] {
        let start = now - 2 * 86_400
        let past = Webinar(
            id: "9100000001", topic: "FakeCast Live", hostID: "h1", hostEmail: "emea-events@northwind.example", startTime: start,
            durationMinutes: 60, joinURL: "https://fakecast.example/watch/9100000001",
            registrationURL: "https://fakecast.example/join/9100000001", registrationRequired: true)
        let upcoming = Webinar(
            id: "9100000002", topic: "FakeCast Next", hostID: "h2", startTime: now + 5 * 86_400, durationMinutes: 30,
            registrationURL: "https://fakecast.example/join/9100000002", registrationRequired: true)
        func registration(_ webinar: String, _ email: String) -> Registration {
            Registration(
                webinarID: webinar, registrantID: "r-\(email)", email: email, firstName: "Fay", lastName: "Kast", registeredAt: start - 3600
            )
        }
        return [
            WebinarSnapshot(
                webinar: past, instances: [WebinarInstance(uuid: "fc-1", startTime: start, endTime: start + 3600, durationSeconds: 3600)],
                registrations: [
                    registration(past.id, "ada@fakeviewers.example"), registration(past.id, "bob@fakeviewers.example"),
                    registration(past.id, "staff@northwind.example"),
                ],
                attendance: [
                    Attendance(
                        webinarID: past.id, instanceUUID: "fc-1", email: "ada@fakeviewers.example", name: "Ada",
                        sessions: [AttendanceSession(joinedAt: start, leftAt: start + 1800, durationSeconds: 1800)],
                        totalSeconds: 1800, percentOfWebinar: 50)
                ],
                recording: Recording(
                    webinarID: past.id, instanceUUID: "fc-1", state: .completed, topic: "FakeCast Live", startTime: start,
                    durationMinutes: 60, shareURL: "https://fakecast.example/replay/9100000001"),
                takenAt: now),
            WebinarSnapshot(webinar: upcoming, registrations: [registration(upcoming.id, "ada@fakeviewers.example")], takenAt: now),
        ]
    }

    @Test("a reconcile and a webhook of the fake write its own contacts, properties, templates, events and audit log; Zoom's stay")
    func fakeBesideZoom() async throws {
        let account = "fakecast-\(UUID().uuidString.prefix(8))"
        FakeWebinarAccounts.shared.set(Self.sessions(now: Date()), account: account)
        let registry = ConnectorRegistry(native: [ZoomConnector.self, FakeWebinarConnector.self])
        try await HostHarness.withHost(tenants: try Self.tenants(account: account), sandbox: .auto, environment: [:], connectors: registry)
        {
            host, client in
            let sandbox = try #require(host.sandbox)
            let runtime = try #require(await host.registry.runtime(tenantID: "northwind"))
            #expect(runtime.connectors.map(\.type).sorted() == ["fake", "zoom", "zoom"])
            let scheduler = ReconcileScheduler(registry: host.registry, coordinator: host.coordinator, logger: .init(label: "test"))
            let entries = await scheduler.reconcile(runtime)
            #expect(entries.allSatisfy { $0.status != .failed }, "\(entries.filter { $0.status == .failed })")
            let synced = Set(entries.filter { $0.status != .skipped }.map(\.webinarID))
            #expect(synced.isSuperset(of: ["9100000001", "9100000002"]))

            var portal = try #require(sandbox.hubspot.snapshot(portalID: Self.portal))
            try Self.expectFakeData(portal, account: account)
            let zoomExpected = SyncEndToEndTests.expectedRegistrations(sandbox.scenario, webinars: synced)
            try Self.expectZoomData(portal, expected: zoomExpected)

            let audit = try await WebinarCatalog(store: host.store).auditLog(tenantID: "northwind", webinarID: "9100000001", limit: 1)
            let entry = try #require(audit.first)
            #expect(entry.sourceName == "FakeCast")
            let excluded = entry.warnings.flatMap(\.items).first { $0.email == "staff@northwind.example" }
            #expect(excluded?.reason == .excludedDomain)
            #expect(entry.counts.callsWritten == 1)

            // A webhook: a person Zoom already counts signs up for the upcoming FakeCast session.
            let (email, zoomTotal) = try #require(zoomExpected.min { $0.key < $1.key })
            #expect(FakeWebinarAccounts.shared.register(email, in: "9100000002", account: account, at: Date()))
            let body = Data(#"{"account":"\#(account)","event":"signup","session":"9100000002"}"#.utf8)
            #expect(try await Self.post(client, host.baseURL + "/webhooks/fake", body, signature: "bad") == 401)
            let signature = FakeWebinarConnector.signature(body, secret: Self.secret)
            #expect(try await Self.post(client, host.baseURL + "/webhooks/fake", body, signature: signature) == 200)
            var arrived = false
            for _ in 0..<6 where !arrived {  // up to ~30 s: the whole suite may run beside it
                arrived = try await HostHarness.eventually {
                    // The inbox item is done once its sync has written everything.
                    guard try await host.store.inboxDepth(tenantID: "northwind") == 0 else { return false }
                    let portal = sandbox.hubspot.snapshot(portalID: Self.portal)
                    let contact = portal?.contacts.first { $0.properties["email"]?.lowercased() == email }
                    return contact?.properties[Self.names.totalRegistrations.name] == "1"
                }
            }
            #expect(arrived, "the webhook's signup should reach \(email)'s FakeCast properties")
            portal = try #require(sandbox.hubspot.snapshot(portalID: Self.portal))
            let contact = try #require(portal.contacts.first { $0.properties["email"]?.lowercased() == email })
            #expect(contact.properties[ZoomProfile.properties.totalRegistrations.name] == String(zoomTotal), "Zoom's total stays")
            #expect(contact.properties[Self.names.lastRegisteredWebinar.name] == "https://fakecast.example/join/9100000002")
            #expect(portal.timelineEvents.contains { $0.objectID == contact.id && $0.id.hasPrefix("fakecast-registration-9100000002-") })

            // Workflow actions are routed by the action a connector declares, and speak of their source.
            #expect(try await Self.post(client, host.baseURL + "/actions/fake/register", Data("{}".utf8), signature: nil) == 404)
            let definition = try #require(
                portal.actionDefinitions.first {
                    $0.body["labels"]?["en"]?["actionName"]?.stringValue == "Enroll contact in FakeCast session"
                })
            #expect(definition.body["actionUrl"]?.stringValue == host.publicURL + "/actions/fake/enroll")
            let delivery = try await sandbox.hubspot.sendWorkflowAction(
                portalID: Self.portal,
                WorkflowActionRequest(
                    url: "", definitionID: definition.id, objectID: contact.id, objectProperties: [:],
                    inputFields: [WebinarRegistrationWorkflowAction.webinarIDField: "9100000002"], inputFieldProperties: [:]))
            let outputs = WorkflowActionScene.outputs(delivery.responseBody)
            #expect(outputs["hs_execution_state"] == "FAIL_CONTINUE")
            #expect(
                outputs["result_message"]
                    == "No FakeCast account is connected to the primary business unit (Account) in Switchyard; connect one in the tenant file. Nobody was registered."
            )
        }
    }

    /// The fake's contacts, its four properties in its group, its templates and events, its marketing events and call.
    static func expectFakeData(_ portal: HubSpotPortalSnapshot, account: String) throws {
        let contacts = Dictionary(portal.contacts.map { ($0.properties["email"]?.lowercased() ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        let ada = try #require(contacts["ada@fakeviewers.example"])
        let bob = try #require(contacts["bob@fakeviewers.example"])
        #expect(contacts["staff@northwind.example"] == nil)
        #expect(ada.properties[names.totalRegistrations.name] == "2")
        #expect(ada.properties[names.totalAttended.name] == "1")
        #expect(ada.properties[names.averageAttendance.name] == "50")
        #expect(bob.properties[names.totalRegistrations.name] == "1")
        #expect(ada.properties["hs_all_assigned_business_unit_ids"]?.split(separator: ";").contains("3411") == true)
        for zoomName in ZoomProfile.properties.all.map(\.name) {
            #expect(Self.text(ada, zoomName).isEmpty, "\(zoomName) is Zoom's, not the fake's")
        }

        let definitions = portal.properties["contacts"] ?? []
        for property in names.all {
            #expect(definitions.first { $0.name == property.name }?.groupName == "fakecast_sessions", "\(property.name)")
        }
        #expect(portal.propertyGroups["contacts"]?.contains { $0.name == "fakecast_sessions" } == true)

        let templates = Dictionary(portal.timelineTemplates.map { ($0.name, $0.id) }, uniquingKeysWith: { a, _ in a })
        let fakeTemplates = ["FakeCast: Signup", "FakeCast: Watched", "FakeCast: Replay"].compactMap { templates[$0] }
        #expect(fakeTemplates.count == 3)
        #expect(templates["Zoom: Webinar Registration Event"] != nil)
        let adaEvents = portal.timelineEvents.filter { $0.objectID == ada.id }
        #expect(
            Set(adaEvents.map { $0.id.split(separator: "-").prefix(2).joined(separator: "-") }) == [
                "fakecast-registration", "fakecast-attendance", "fakecast-recording",
            ])
        #expect(adaEvents.allSatisfy { fakeTemplates.contains($0.eventTemplateID) })

        let events = portal.marketingEvents.filter { $0.externalAccountID == account }
        #expect(events.first { $0.externalEventID == "9100000002" }?.eventOrganizer == "FakeCast Studio")
        #expect(events.first { $0.externalEventID == "9100000001" }?.eventOrganizer == "emea-events@northwind.example")
        #expect(portal.calls.contains { $0.properties["hs_call_title"] == "FakeCast replay: FakeCast Live" })
    }

    /// Zoom's contacts keep Zoom's totals, and nobody gets FakeCast properties from Zoom's data.
    static func expectZoomData(_ portal: HubSpotPortalSnapshot, expected: [String: Int]) throws {
        #expect(!expected.isEmpty)
        let contacts = Dictionary(portal.contacts.map { ($0.properties["email"]?.lowercased() ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        for (email, registrations) in expected {
            let contact = contacts[email]
            #expect(contact?.properties[ZoomProfile.properties.totalRegistrations.name] == String(registrations), "\(email)")
            #expect(contact.map { Self.text($0, names.totalRegistrations.name) }?.isEmpty != false, "\(email) has no FakeCast signups")
        }
        #expect(portal.marketingEvents.filter { $0.eventOrganizer == "FakeCast Studio" }.count == 1)
        #expect(!portal.timelineEvents.contains { $0.id.hasPrefix("zoom-") && $0.id.contains("9100000") })
    }

    /// A property's value as text ("" when unset).
    static func text(_ object: HubSpotObject, _ name: String) -> String {
        (object.properties[name] ?? nil) ?? ""
    }

    static func post(_ client: HTTPClient, _ url: String, _ body: Data, signature: String?) async throws -> Int {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        if let signature { request.headers.add(name: "x-fake-signature", value: signature) }
        request.body = .bytes(ByteBuffer(data: body))
        return Int(try await client.execute(request, timeout: .seconds(10)).status.code)
    }
}

import Foundation
import Host
import Sandbox
import SyncEngine
import Testing

/// The Python webinar-export connector (`Plugins/WebinarExport`, out of process) in a tenant of
/// the real host, syncing into the sandbox's HubSpot by the seeds' rules.
@Suite("End to end: webinar export files → Python connector → host → HubSpot sandbox")
struct WebinarExportEndToEndTests {
    static let portal = 6_600_123
    static let plugins = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Plugins").path

    static func tenantFile(folder: String) -> String {
        """
        tenant: tailspin
        hubspot:
          portal_id: \(portal)
          api_base: sandbox
          access_token: ${env:TAILSPIN_HUBSPOT_TOKEN:-demo-tailspin-hubspot-token}
          app_id: 3456789
          developer_api_key: ${env:TAILSPIN_HUBSPOT_DEVELOPER_KEY:-demo-tailspin-developer-key}
        sync:
          global: true
          webinars: true
          webinar_hosts: all
          recordings_and_transcripts: all
        exclusions:
          contact_domains: [tailspin.example]
        business_units:
          - id: 0
            name: Account
            primary: true
            connectors:
              - type: webinar-export
                account_id: tailspin-exports
                folder: \(folder)
                users:
                  - email: events@tailspin.example
        """
    }

    /// The people of the export, chosen from the generated HubSpot portal so each meets one rule.
    struct People {
        var user: String
        var secondary: String
        var deleted: String
        var existing: String
    }

    static func people(_ scenario: SandboxScenario) throws -> People {
        let tenant = try #require(scenario.tenants.first { $0.hubSpot.credentials.portalID == portal })
        let contacts = tenant.hubSpot.contacts
        return People(
            user: try #require(tenant.hubSpot.users.last?.email),
            secondary: try #require(contacts.flatMap(\.additionalEmails).first),
            deleted: try #require(contacts.first(where: \.archived)?.email),
            existing: try #require(contacts.first { !$0.archived && $0.additionalEmails.isEmpty }?.email))
    }

    /// Writes webinars.json and the CSVs of a past webinar (1001) and an upcoming one (1002).
    static func writeExport(to folder: String, people: People, now: Date = Date()) throws {
        func time(_ offsetMinutes: Int) -> String {
            ISO8601DateFormatter().string(from: now.addingTimeInterval(TimeInterval(offsetMinutes * 60)))
        }
        let start = -2 * 24 * 60
        let files = [
            "webinars.json": """
            [{"id": "1001", "topic": "Export launch", "host_email": "events@tailspin.example", "start_time": "\(time(start))",
              "duration_minutes": 60, "recording_url": "https://media.tailspin.example/1001.mp4"},
             {"id": "1002", "topic": "Export follow-up", "host_email": "events@tailspin.example", "start_time": "\(time(7 * 24 * 60))",
              "duration_minutes": 30}]
            """,
            "registrants-1001.csv": """
            email,first_name,last_name,registration_time,status,registrant_id
            ines.costa@example.org,Ines,Costa,\(time(start - 600)),approved,r1
            Noah.Dubois@Mail.Example,Noah,Dubois,\(time(start - 500)),approved,r2
            maya.berg@example.com,Maya,Berg,\(time(start - 400)),approved,r3
            zoe.sato@example.net,Zoe,Sato,\(time(start - 300)),cancelled,r4
            \(people.user),Hugo,User,\(time(start - 300)),approved,r5
            arjun.romero@tailspin.example,Arjun,Romero,\(time(start - 200)),approved,r6
            ava.kowalski@eu.tailspin.example,Ava,Kowalski,\(time(start - 200)),approved,r7
            \(people.secondary),Second,Email,\(time(start - 100)),approved,r8
            tom..jones@example.com,Tom,Jones,\(time(start - 100)),approved,r9
            \(people.deleted),Deleted,Contact,\(time(start - 100)),approved,r10
            \(people.existing),Existing,Contact,\(time(start - 100)),approved,r11

            """,
            "attendance-1001.csv": """
            email,name,join_time,leave_time,registrant_id
            ines.costa@example.org,Ines Costa,\(time(start)),\(time(start + 20)),r1
            ines.costa@example.org,Ines Costa,\(time(start + 30)),\(time(start + 60)),r1
            Noah.Dubois@Mail.Example,Noah Dubois,\(time(start + 10)),\(time(start + 40)),r2
            ,Maya on the phone,\(time(start + 5)),\(time(start + 55)),r3
            ,Guest viewer,\(time(start + 5)),\(time(start + 25)),
            \(people.user),Hugo User,\(time(start)),\(time(start + 60)),r5

            """,
            "registrants-1002.csv": """
            email,first_name,last_name
            ines.costa@example.org,Ines,Costa

            """,
        ]
        for (name, text) in files {
            try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
        }
    }

    @Test("a reconcile syncs the export by the seeds' rules into the connector's own properties, and a second writes nothing")
    func reconcile() async throws {
        let folder = try HostHarness.tenantsDirectory([:])
        let directory = try HostHarness.tenantsDirectory(["tailspin.yaml": Self.tenantFile(folder: folder)])
        try await HostHarness.withHost(
            tenants: directory, sandbox: .auto, environment: [:], configure: { $0.pluginsDirectory = Self.plugins }
        ) { host, _ in
            let sandbox = try #require(host.sandbox)
            let people = try Self.people(sandbox.scenario)
            try Self.writeExport(to: folder, people: people)
            let runtime = try #require(await host.registry.runtime(tenantID: "tailspin"))
            let scheduler = ReconcileScheduler(registry: host.registry, coordinator: host.coordinator, logger: .init(label: "test"))
            let first = await scheduler.reconcile(runtime)
            #expect(Set(first.map(\.webinarID)) == ["1001", "1002"])
            #expect(first.allSatisfy { $0.status != .failed }, "\(first)")
            let portal = try #require(sandbox.hubspot.snapshot(portalID: Self.portal))
            let contacts = Dictionary(
                portal.contacts.map { ($0.properties["email"]?.lowercased() ?? "", $0) }, uniquingKeysWith: { first, _ in first })

            let ines = try #require(contacts["ines.costa@example.org"])
            #expect(ines.properties["export_total_webinar_registrations"] == "2")
            #expect(ines.properties["export_total_webinars_attended"] == "1")
            #expect(ines.properties["zoom_total_webinar_registrations"] == nil)
            #expect(contacts["noah.dubois@mail.example"]?.properties["export_total_webinars_attended"] == "1")
            #expect(contacts["maya.berg@example.com"]?.properties["export_total_webinars_attended"] == "1", "guest linked by registrant_id")
            #expect(contacts[people.existing.lowercased()]?.properties["export_total_webinar_registrations"] == "1")
            for excluded in [
                people.user, "arjun.romero@tailspin.example", "ava.kowalski@eu.tailspin.example", people.secondary,
                "tom..jones@example.com", people.deleted,
            ] {
                #expect(contacts[excluded.lowercased()] == nil, "\(excluded) must not be a contact")
            }
            let events = portal.marketingEvents.filter { $0.externalAccountID == "tailspin-exports" }
            #expect(Set(events.map(\.externalEventID)) == ["1001", "1002"], "\(portal.marketingEvents.map(\.externalEventID))")
            #expect(!portal.timelineEvents.isEmpty)
            #expect(portal.timelineEvents.allSatisfy { $0.id.hasPrefix("export") }, "\(portal.timelineEvents.map(\.id))")

            let audit = try #require(first.first { $0.webinarID == "1001" })
            let reasons = Dictionary(
                audit.warnings.flatMap(\.items).map { ($0.email?.lowercased() ?? $0.name ?? "", $0.reason) },
                uniquingKeysWith: { first, _ in first })
            #expect(reasons[people.user.lowercased()] == .hubSpotUser)
            #expect(reasons["arjun.romero@tailspin.example"] == .excludedDomain)
            #expect(reasons[people.secondary.lowercased()] == .secondaryEmail)
            #expect(reasons["tom..jones@example.com"] == .invalidEmail)
            #expect(reasons[people.deleted.lowercased()] == .contactDeleted)
            #expect(audit.warnings.flatMap(\.items).contains { $0.reason == .guestWithoutEmail }, "\(audit.warnings)")

            sandbox.hubspot.requestLog.clear()
            let second = await scheduler.reconcile(runtime)
            #expect(second.allSatisfy { $0.counts.contactsUpserted == 0 && $0.counts.timelineEventsCreated == 0 }, "\(second)")
            let writes = sandbox.hubspot.requestLog.all.filter {
                !$0.path.hasSuffix("/batch/read") && !$0.path.hasSuffix("/search") && $0.method == "POST"
            }
            #expect(writes.isEmpty, "\(writes.map(\.path))")
        }
    }

    @Test("a bad export file fails the webinar's sync with the file and line in its audit log, and writes nothing")
    func malformedExport() async throws {
        let folder = try HostHarness.tenantsDirectory([
            "webinars.json": #"[{"id": "1003", "topic": "Broken", "host_email": "events@tailspin.example"}]"#,
            "attendance-1003.csv": "email,join_time,leave_time\nsomeone@example.com,not a time,2026-12-01T10:00:00Z\n",
        ])
        let directory = try HostHarness.tenantsDirectory(["tailspin.yaml": Self.tenantFile(folder: folder)])
        try await HostHarness.withHost(
            tenants: directory, sandbox: .auto, environment: [:], configure: { $0.pluginsDirectory = Self.plugins }
        ) { host, _ in
            let sandbox = try #require(host.sandbox)
            let runtime = try #require(await host.registry.runtime(tenantID: "tailspin"))
            let scheduler = ReconcileScheduler(registry: host.registry, coordinator: host.coordinator, logger: .init(label: "test"))
            let entries = await scheduler.reconcile(runtime)
            let entry = try #require(entries.first { $0.webinarID == "1003" })
            #expect(entry.status == .failed)
            let details = entry.warnings.flatMap(\.items).compactMap(\.detail).joined(separator: "\n")
            #expect(details.contains("attendance-1003.csv line 2"), "\(entry.warnings)")
            #expect(!details.contains("someone@example.com"))
            let portal = try #require(sandbox.hubspot.snapshot(portalID: Self.portal))
            #expect(portal.contacts.allSatisfy { $0.properties["email"] != "someone@example.com" })
        }
    }
}

import AsyncHTTPClient
import ConnectorKit
import Foundation
import Host
import Sandbox
import SyncEngine
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The Microsoft Teams connector (`switchyard-teams`, out of process through
/// `Plugins/Teams/connector.json`) beside the Zoom connector in one tenant, against the sandbox's
/// Graph and HubSpot simulators.
@Suite("End to end: a Zoom unit and a Teams unit in one tenant")
struct TeamsEndToEndTests {
    static let portal = 7_700_123
    static let entraTenant = "6a0c1e2d-3b4f-4a5e-8c7d-9e0f1a2b3c4d"
    static let organizers = ["teams.events@fabrikam.example", "webinars@fabrikam.example"]
    static let plugins = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Plugins").path

    static let tenantFile = """
        tenant: fabrikam
        hubspot:
          portal_id: \(portal)
          api_base: sandbox
          access_token: ${env:FABRIKAM_HUBSPOT_TOKEN:-demo-fabrikam-hubspot-token}
          app_id: 4567890
          developer_api_key: ${env:FABRIKAM_HUBSPOT_DEVELOPER_KEY:-demo-fabrikam-developer-key}
          client_secret: ${env:FABRIKAM_HUBSPOT_CLIENT_SECRET:-demo-fabrikam-app-secret}
        sync:
          global: true
          webinars: true
          webinar_hosts: all
          recordings_and_transcripts: all
        exclusions:
          contact_domains: [fabrikam.example]
        business_units:
          - id: 0
            name: Account
            primary: true
            connectors:
              - type: zoom
                account_id: fbAccount0001
                client_id: fb-zoom-client
                client_secret: ${env:FABRIKAM_ZOOM_SECRET:-fb-zoom-secret}
                webhook_secret_token: ${env:FABRIKAM_ZOOM_WEBHOOK:-fb-zoom-webhook}
                api_base: sandbox
                users:
                  - email: host@fabrikam.example
          - id: 5120
            name: Americas
            connectors:
              - type: teams
                tenant_id: \(entraTenant)
                client_id: 0d9b8c7a-6e5f-4d3c-2b1a-0f9e8d7c6b5a
                client_secret: ${env:FABRIKAM_GRAPH_SECRET:-fb-graph-secret}
                graph_base_url: sandbox
                organizers:
                  - email: \(organizers[0])
                  - email: \(organizers[1])
        """

    /// What the sync must write for a person: registrations and attended webinars, by email.
    struct Expected {
        var registrations: [String: Int] = [:]
        var attended: [String: Int] = [:]
    }

    /// Computed from the simulator's data alone: every published webinar's registrations
    /// (`registered`) and attendance (own email, or the registration the record names), for
    /// people the scenario did not place on purpose.
    static func expected(_ tenant: GraphTenantData) -> Expected {
        let notable = Set(tenant.notablePeople.map { $0.email.lowercased() })
        var expected = Expected()
        for webinar in tenant.webinars where webinar.status == "published" {
            let byID = Dictionary(webinar.registrations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            for registration in webinar.registrations where registration.status == "registered" {
                guard let email = registration.email?.lowercased(), !notable.contains(email) else { continue }
                expected.registrations[email, default: 0] += 1
            }
            var attendees: Set<String> = []
            for report in webinar.sessions.flatMap(\.attendanceReports) {
                for record in report.records where !record.intervals.isEmpty {
                    let own = record.emailAddress?.lowercased() ?? ""
                    let email = own.isEmpty ? (record.registrationId.flatMap { byID[$0]?.email?.lowercased() } ?? "") : own
                    if !email.isEmpty, !notable.contains(email) { attendees.insert(email) }
                }
            }
            for email in attendees { expected.attended[email, default: 0] += 1 }
        }
        return expected
    }

    @Test("reconcile, Graph notifications through the inbox, forged ones refused, and a re-run that writes nothing")
    func teamsBesideZoom() async throws {
        let directory = try HostHarness.tenantsDirectory(["fabrikam.yaml": Self.tenantFile])
        try await HostHarness.withHost(
            tenants: directory, sandbox: .auto, environment: [:], configure: { $0.pluginsDirectory = Self.plugins }
        ) { host, client in
            let sandbox = try #require(host.sandbox)
            let graphTenant = try #require(sandbox.graph.tenantData(Self.entraTenant))
            let runtime = try #require(await host.registry.runtime(tenantID: "fabrikam"))
            let scheduler = ReconcileScheduler(registry: host.registry, coordinator: host.coordinator, logger: .init(label: "test"))

            let first = await scheduler.reconcile(runtime)
            let teamsEntries = first.filter { $0.webinarID.contains("@") }
            let published = graphTenant.webinars.filter { $0.status != "draft" }.map(\.id)
            #expect(Set(teamsEntries.map(\.webinarID)) == Set(published))
            #expect(first.allSatisfy { $0.status != .failed }, "\(first.filter { $0.status == .failed })")
            #expect(first.contains { !$0.webinarID.contains("@") }, "the Zoom unit syncs too")

            let expected = Self.expected(graphTenant)
            #expect(!expected.registrations.isEmpty)
            let portal = try #require(sandbox.hubspot.snapshot(portalID: Self.portal))
            let contacts = Dictionary(
                portal.contacts.map { ($0.properties["email"]?.lowercased() ?? "", $0.properties) },
                uniquingKeysWith: { first, _ in first })
            for (email, count) in expected.registrations where !email.hasSuffix("fabrikam.example") {
                #expect(contacts[email]?["teams_total_webinar_registrations"] == "\(count)", "\(email)")
            }
            for (email, count) in expected.attended where !email.hasSuffix("fabrikam.example") {
                #expect(contacts[email]?["teams_total_webinars_attended"] == "\(count)", "\(email)")
            }
            for person in graphTenant.notablePeople
            where [.hubSpotUser, .excludedDomain, .excludedSubdomain, .invalidEmail].contains(person.role) {
                #expect(contacts[person.email.lowercased()]?["teams_total_webinar_registrations"] == nil, "\(person.role) \(person.email)")
            }
            let teamsEvents = portal.marketingEvents.filter { $0.externalEventID.contains("@") }
            #expect(Set(teamsEvents.map(\.externalEventID)) == Set(published))
            #expect(portal.timelineEvents.contains { $0.id.hasPrefix("teams-") })

            // The host keeps Graph subscriptions (validated by the simulator's handshake) for the followed webinars.
            #expect(try await waitUntil { sandbox.graph.subscriptions.filter { $0.tenantID == Self.entraTenant }.count >= 3 })
            let subscription = try #require(sandbox.graph.subscriptions.first { $0.resource.hasSuffix("/registrations") })
            #expect(subscription.notificationUrl.hasSuffix("/webhooks/teams"))
            let webinarID = try #require(
                subscription.resource.split(separator: "/").dropFirst(3).first.map(String.init))

            // A registration made in Teams arrives as a notification and is synced.
            var add = HTTPClientRequest(url: try #require(host.sandboxOrigin) + "/_sandbox/graph/webinars/\(webinarID)/registrations")
            add.method = .POST
            add.headers.add(name: "Content-Type", value: "application/json")
            add.body = .bytes(.init(string: #"{"firstName":"Nia","lastName":"Okafor","email":"nia.okafor@example.org"}"#))
            let added = try await client.execute(add, timeout: .seconds(10))
            #expect(added.status.code < 300)
            await sandbox.graph.notificationsSettled()
            #expect(
                try await waitUntil {
                    let state = sandbox.hubspot.snapshot(portalID: Self.portal)
                    return state?.contacts.contains {
                        $0.properties["email"] == "nia.okafor@example.org" && $0.properties["teams_total_webinar_registrations"] == "1"
                    } == true
                })

            // Beside it, a cancellation made in Zoom arrives as Zoom's signed webhook, through the same inbox.
            let zoomAccount = try #require(sandbox.scenario.zoomAccounts.first { $0.credentials.accountID == "fbAccount0001" })
            let upcoming = try #require(
                zoomAccount.webinars.first { webinar in
                    !webinar.isZoomEvents && webinar.startTime > sandbox.scenario.referenceDate
                        && webinar.registrants.contains { !$0.cancelled && !$0.email.hasSuffix("fabrikam.example") }
                })
            let cancelled = try #require(upcoming.registrants.first { !$0.cancelled && !$0.email.hasSuffix("fabrikam.example") })
            @Sendable func zoomParticipation() -> String? {
                sandbox.hubspot.snapshot(portalID: Self.portal)?.marketingEvents.first { $0.externalEventID == String(upcoming.id) }?
                    .participations.first { $0.email.lowercased() == cancelled.email.lowercased() }?.state.rawValue
            }
            #expect(zoomParticipation() == "REGISTERED", "the reconcile registered the Zoom registrant")
            try await sandbox.zoom.changeRegistration(webinarID: upcoming.id, registrantID: cancelled.id, action: "cancel")
            await sandbox.zoom.webhooksSettled()
            #expect(try await waitUntil { zoomParticipation() == "CANCELLED" })

            // A notification with a wrong clientState is refused and nothing is stored.
            var forged = HTTPClientRequest(url: host.baseURL + "/webhooks/teams")
            forged.method = .POST
            forged.headers.add(name: "Content-Type", value: "application/json")
            forged.body = .bytes(
                .init(
                    string:
                        #"{"value":[{"subscriptionId":"x","changeType":"created","clientState":"guess","tenantId":"\#(Self.entraTenant)","resource":"solutions/virtualEvents/webinars/\#(webinarID)/registrations/r"}]}"#
                ))
            #expect(try await client.execute(forged, timeout: .seconds(10)).status.code == 401)

            // The validation handshake through the host answers the token in plain text.
            var validation = HTTPClientRequest(url: host.baseURL + "/webhooks/teams?validationToken=Validation%3A%20Token%201")
            validation.method = .POST
            let answer = try await client.execute(validation, timeout: .seconds(10))
            #expect(answer.headers.first(name: "Content-Type") == "text/plain")
            #expect(String(buffer: try await answer.body.collect(upTo: 1024)) == "Validation: Token 1")

            // The notification's sync has finished (its items leave the inbox after its last write).
            #expect(try await waitUntil { try await host.store.inboxDepth(tenantID: "fabrikam") == 0 })
            sandbox.hubspot.requestLog.clear()
            let second = await scheduler.reconcile(runtime)
            #expect(second.allSatisfy { $0.counts.contactsUpserted == 0 && $0.counts.timelineEventsCreated == 0 }, "\(second)")
            let writes = sandbox.hubspot.requestLog.all.filter {
                !$0.path.hasSuffix("/batch/read") && !$0.path.hasSuffix("/search") && $0.method == "POST"
            }
            #expect(writes.isEmpty, "\(writes.map(\.path))")
        }
    }

    @Test("the repository's sample tenants as `serve` runs them: woodgrove syncs its Teams unit's webinars beside its Zoom unit's")
    func sampleTenantWithTeams() async throws {
        let entraTenant = "3c7e9a21-5b4d-4f6e-8a2c-1d0e9f8b7a65"
        try await HostHarness.withHost(tenants: try HostHarness.sampleTenants(teams: true), sandbox: .auto, environment: [:]) {
            host, _ in
            let sandbox = try #require(host.sandbox)
            for tenant in ["contoso", "northwind"] {
                #expect(await host.registry.runtime(tenantID: tenant) != nil, "\(tenant) runs beside the Teams tenant")
            }
            let runtime = try #require(await host.registry.runtime(tenantID: "woodgrove"))
            let graphTenant = try #require(sandbox.graph.tenantData(entraTenant))
            let scheduler = ReconcileScheduler(registry: host.registry, coordinator: host.coordinator, logger: .init(label: "test"))
            let entries = await scheduler.reconcile(runtime)
            let published = graphTenant.webinars.filter { $0.status != "draft" }.map(\.id)
            #expect(Set(entries.filter { $0.webinarID.contains("@") }.map(\.webinarID)) == Set(published))
            #expect(entries.contains { !$0.webinarID.contains("@") }, "the Zoom unit syncs too")
            #expect(entries.allSatisfy { $0.status != .failed }, "\(entries.filter { $0.status == .failed })")

            let portal = try #require(sandbox.hubspot.snapshot(portalID: 6_600_321))
            let contacts = Dictionary(
                portal.contacts.map { ($0.properties["email"]?.lowercased() ?? "", $0.properties) },
                uniquingKeysWith: { first, _ in first })
            let expected = Self.expected(graphTenant)
            #expect(!expected.registrations.isEmpty)
            for (email, count) in expected.registrations where !email.hasSuffix("woodgrove.example") {
                #expect(contacts[email]?["teams_total_webinar_registrations"] == "\(count)", "\(email)")
            }
            // The first organizer syncs recordings: the showcase webinar's, found through its session's online meeting.
            #expect(
                portal.calls.contains { $0.properties["hs_call_title"]?.hasPrefix("Microsoft Teams webinar recording") == true },
                "\(portal.calls.map(\.properties))")
        }
    }

    @Test("the Teams plugin killed mid-sync is restarted by the host, and the end state is the same")
    func killedMidSync() async throws {
        let directory = try HostHarness.tenantsDirectory(["fabrikam.yaml": Self.tenantFile])
        // Its own plugins folder whose command has a name of its own: the process killed is this
        // host's, not that of another test running at the same time.
        let plugins = NSTemporaryDirectory() + "switchyard-teams-kill-\(UUID().uuidString)"
        let unique = "switchyard-teams-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: plugins + "/Teams", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: plugins) }
        try FileManager.default.createSymbolicLink(
            atPath: plugins + "/" + unique,
            withDestinationPath: ConnectorManifest.expandingHostDirectory("${host_dir}/switchyard-teams"))
        try #"{"manifestVersion": 1, "type": "teams", "command": ["\#(plugins)/\#(unique)"], "requestTimeoutSeconds": 120}"#
            .write(toFile: plugins + "/Teams/connector.json", atomically: true, encoding: .utf8)
        try await HostHarness.withHost(
            tenants: directory, sandbox: .auto, environment: [:], configure: { $0.pluginsDirectory = plugins }
        ) { host, _ in
            let sandbox = try #require(host.sandbox)
            let graphTenant = try #require(sandbox.graph.tenantData(Self.entraTenant))
            let runtime = try #require(await host.registry.runtime(tenantID: "fabrikam"))
            let scheduler = ReconcileScheduler(registry: host.registry, coordinator: host.coordinator, logger: .init(label: "test"))
            sandbox.graph.faults.update(FaultPlan(addedLatencyMilliseconds: 150))
            let interrupted = Task { await scheduler.reconcile(runtime) }
            #expect(try await waitUntil { sandbox.graph.requestLog.all.contains { $0.path.hasSuffix("/attendanceRecords") } })
            let pid = try #require(Self.childProcess(named: unique))
            _ = kill(pid, SIGKILL)
            let first = await interrupted.value
            #expect(first.contains { $0.webinarID.contains("@") && $0.status == .failed }, "the kill interrupted a Teams sync")
            sandbox.graph.faults.update(.none)

            // The host restarts the process (with backoff); reconciling again finishes the work.
            #expect(
                try await waitUntil(seconds: 60) {
                    let entries = await scheduler.reconcile(runtime)
                    return entries.contains { $0.webinarID.contains("@") } && entries.allSatisfy { $0.status != .failed }
                })
            #expect(Self.childProcess(named: unique).map { $0 != pid } == true, "a new process serves Teams")
            let portal = try #require(sandbox.hubspot.snapshot(portalID: Self.portal))
            let contacts = Dictionary(
                portal.contacts.map { ($0.properties["email"]?.lowercased() ?? "", $0.properties) },
                uniquingKeysWith: { first, _ in first })
            let expected = Self.expected(graphTenant)
            for (email, count) in expected.registrations where !email.hasSuffix("fabrikam.example") {
                #expect(contacts[email]?["teams_total_webinar_registrations"] == "\(count)", "\(email)")
            }
            for (email, count) in expected.attended where !email.hasSuffix("fabrikam.example") {
                #expect(contacts[email]?["teams_total_webinars_attended"] == "\(count)", "\(email)")
            }
            sandbox.hubspot.requestLog.clear()
            _ = await scheduler.reconcile(runtime)
            let writes = sandbox.hubspot.requestLog.all.filter {
                !$0.path.hasSuffix("/batch/read") && !$0.path.hasSuffix("/search") && $0.method == "POST"
            }
            #expect(writes.isEmpty, "\(writes.map(\.path))")
        }
    }

    /// The pid of this process's child running `name`, from /proc (Linux).
    static func childProcess(named name: String) -> Int32? {
        let own = getpid()
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(entry),
                let command = try? String(contentsOfFile: "/proc/\(entry)/cmdline", encoding: .utf8), command.contains(name),
                let status = try? String(contentsOfFile: "/proc/\(entry)/status", encoding: .utf8),
                let line = status.split(separator: "\n").first(where: { $0.hasPrefix("PPid:") }),
                Int32(line.dropFirst(5).trimmingCharacters(in: .whitespaces)) == own
            else { continue }
            return pid
        }
        return nil
    }
}

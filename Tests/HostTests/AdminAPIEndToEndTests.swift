import SwitchyardJSON
import Foundation
import Host
import Sandbox
import Store
import SyncEngine
import Testing

/// The admin API on the real host with its embedded sandbox (sample tenants), as an operator
/// or a tenant admin would use it: every route's shape, a sync-now run from request to
/// result, and the contact lookup's explanations.
@Suite("Admin API: routes end to end")
struct AdminAPIEndToEndTests {
    static let operatorToken = "operator-SECRET-e2e"

    static func withSampleHost(_ body: @escaping @Sendable (RunningHost, AdminClient) async throws -> Void) async throws {
        let directory = try HostHarness.sampleTenants()
        try await HostHarness.withHost(
            tenants: directory, sandbox: .auto, environment: [:], configure: { $0.operatorToken = operatorToken }
        ) {
            host, http in
            try await body(host, AdminClient(http: http, baseURL: host.baseURL, token: operatorToken))
        }
    }

    /// Starts a sync-now run over the API and waits (without polling) until it finishes.
    static func syncNow(_ host: RunningHost, _ api: AdminClient, tenant: String, webinar: String) async throws -> SyncRun {
        let started = try await api.post("/api/v1/tenants/\(tenant)/webinars/\(webinar)/sync")
        #expect(started.status == 202)
        let run = try started.decode(SyncRun.self)
        #expect(started.headers["location"] == "/api/v1/tenants/\(tenant)/sync-runs/\(run.id)")
        #expect([.queued, .running].contains(run.state) || run.state.isFinished)
        _ = await host.admin.runs.finished(id: run.id)
        return try await api.get("/api/v1/tenants/\(tenant)/sync-runs/\(run.id)").decode(SyncRun.self)
    }

    /// The northwind webinar where a person of the contact-exclusion domain registered.
    static func webinarWithExclusion(_ sandbox: SandboxServer) throws -> (webinar: ZoomWebinarData, excluded: String) {
        let tenant = try #require(sandbox.scenario.tenants.first { $0.hubSpot.credentials.portalID == 4_400_123 })
        let person = try #require(tenant.notablePeople.first { $0.role == .excludedDomain })
        let webinar = try #require(tenant.zoomAccounts.flatMap(\.webinars).first { $0.id == person.webinarID })
        return (webinar, person.email)
    }

    @Test("sync now: 202 with a run id and its Location; the run finishes succeeded with its audit entry, or failed")
    func syncNowLifecycle() async throws {
        try await Self.withSampleHost { host, api in
            let sandbox = try #require(host.sandbox)
            let webinarID = String(try Self.webinarWithExclusion(sandbox).webinar.id)
            let run = try await Self.syncNow(host, api, tenant: "northwind", webinar: webinarID)
            #expect(run.state == .succeeded)
            #expect(run.progress.completedSteps == run.progress.totalSteps)
            #expect(run.startedAt != nil && run.finishedAt != nil)
            let result = try #require(run.result)
            #expect(result.trigger == "sync_now")
            #expect(result.webinarID == webinarID)
            #expect(result.counts.contactsUpserted > 0)

            let runs = try await api.get("/api/v1/tenants/northwind/sync-runs").decode(SyncRunList.self)
            #expect(runs.runs.map(\.id) == [run.id])
            let log = try await api.get("/api/v1/tenants/northwind/webinars/\(webinarID)/audit?limit=5").decode(AuditLog.self)
            #expect(log.entries.first == result)
            let webinar = try await api.get("/api/v1/tenants/northwind/webinars/\(webinarID)").decode(WebinarSummary.self)
            #expect(webinar.syncStatus == result.status.rawValue)
            #expect(webinar.counts == result.counts)
            #expect(webinar.businessUnit.name == "Account")

            let failing = try await Self.syncNow(host, api, tenant: "northwind", webinar: "99999999999")
            #expect(failing.state == .failed)
            #expect(failing.result?.status == .failed)
            #expect(failing.result?.warnings.first?.kind == .syncError)
        }
    }

    @Test("tenants, settings, business units, webinars and the OpenAPI document have the documented shapes")
    func routeShapes() async throws {
        try await Self.withSampleHost { host, api in
            let tenants = try await api.get("/api/v1/tenants").decode(TenantList.self)
            #expect(tenants.tenants.map(\.id) == ["contoso", "northwind"])
            let northwind = try await api.get("/api/v1/tenants/northwind").decode(TenantSummary.self)
            #expect(northwind.state == .ok && northwind.lastReloadErrors.isEmpty)
            #expect(northwind.portalID == 4_400_123 && northwind.businessUnitCount == 2)
            let version = await host.registry.runtime(tenantID: "northwind")?.config.version
            #expect(northwind.configVersion.hash == version)

            let settings = try await api.get("/api/v1/tenants/northwind/settings").decode(TenantSettingsView.self)
            #expect(settings.sync.globalSync && settings.sync.webinarSync && settings.sync.webinarSyncEffective)
            #expect(settings.sync.webinarHosts.mode == "all" && settings.sync.webinarHosts.users.isEmpty)
            #expect(settings.sync.recordingsAndTranscripts.mode == "selected")
            #expect(settings.exclusions.contactDomains == ["northwind.example"])
            #expect(settings.hubSpot.accessToken == "<redacted ${env:NORTHWIND_HUBSPOT_TOKEN:-…}>")

            let units = try await api.get("/api/v1/tenants/northwind/business-units").decode(BusinessUnitList.self)
            #expect(units.businessUnits.map(\.name) == ["Account", "EMEA"])
            let account = try #require(units.businessUnits.first?.connectedAccounts.first)
            #expect(account.accountID == "nw-zoom-account" && account.running)
            #expect(account.users.map(\.email) == ["events@northwind.example", "sales@northwind.example"])
            #expect(account.users.last?.syncRecordingsAndTranscripts == false)

            let sandbox = try #require(host.sandbox)
            let webinarID = String(try Self.webinarWithExclusion(sandbox).webinar.id)
            _ = try await Self.syncNow(host, api, tenant: "northwind", webinar: webinarID)
            let webinars = try await api.get("/api/v1/tenants/northwind/webinars").decode(WebinarList.self)
            #expect(webinars.webinars.map(\.id) == [webinarID])
            #expect(webinars.webinars.first?.syncStatus != "never_synced")

            let document = try await api.get("/api/v1/openapi.json", token: "")
            #expect(document.status == 200)
            let paths = try #require(try document.decode(JSONValue.self)["paths"])
            for path in [
                "/api/v1/tenants", "/api/v1/tenants/{tenant}", "/api/v1/tenants/{tenant}/settings",
                "/api/v1/tenants/{tenant}/business-units", "/api/v1/tenants/{tenant}/webinars",
                "/api/v1/tenants/{tenant}/webinars/{webinar}", "/api/v1/tenants/{tenant}/webinars/{webinar}/audit",
                "/api/v1/tenants/{tenant}/webinars/{webinar}/sync", "/api/v1/tenants/{tenant}/sync-runs",
                "/api/v1/tenants/{tenant}/sync-runs/{run}", "/api/v1/tenants/{tenant}/contacts/lookup",
            ] {
                #expect(paths[path] != nil, "\(path)")
            }
        }
    }

    @Test("contact lookup explains synced, excluded (with the reason and what to do) and unknown emails")
    func contactLookup() async throws {
        try await Self.withSampleHost { host, api in
            let sandbox = try #require(host.sandbox)
            let (webinar, excludedEmail) = try Self.webinarWithExclusion(sandbox)
            _ = try await Self.syncNow(host, api, tenant: "northwind", webinar: String(webinar.id))
            let portal = try #require(sandbox.hubspot.snapshot(portalID: 4_400_123))
            let contactEmails = Set(portal.contacts.compactMap { $0.properties["email"]?.lowercased() })
            let registrant = try #require(webinar.registrants.first { contactEmails.contains($0.email.lowercased()) })

            let synced = try await api.get("/api/v1/tenants/northwind/contacts/lookup?email=\(registrant.email)")
                .decode(ContactLookup.self)
            #expect(synced.outcome == .synced)
            #expect(synced.contact?.hubSpotContactID != nil)
            #expect(synced.webinars.first { $0.webinarID == String(webinar.id) }?.registered == true)
            #expect(synced.webinars.first?.participationsWritten.contains("register") == true)

            let excluded = try await api.get("/api/v1/tenants/northwind/contacts/lookup?email=\(excludedEmail.uppercased())")
                .decode(ContactLookup.self)
            #expect(excluded.outcome == .excluded)
            #expect(excluded.normalizedEmail == excludedEmail.lowercased())
            #expect(excluded.contact == nil)
            #expect(excluded.reasons.contains { $0.reason == .excludedDomain && $0.webinarID == String(webinar.id) })
            #expect(excluded.explanation.contains(AuditReason.excludedDomain.explanation(sourceName: "Zoom")))
            #expect(excluded.reasons.allSatisfy { !$0.whatToDo.isEmpty })

            let unknown = try await api.get("/api/v1/tenants/northwind/contacts/lookup?email=Nobody+Tag@elsewhere.example")
                .decode(ContactLookup.self)
            #expect(unknown.outcome == .unknown)
            #expect(unknown.normalizedEmail == "nobody+tag@elsewhere.example")
            #expect(unknown.reasons.isEmpty && unknown.webinars.isEmpty && unknown.pendingDeliveries.isEmpty)
        }
    }

    @Test("contact lookup reports deliveries still waiting in the inbox as pending")
    func pendingLookup() async throws {
        try await Self.withSampleHost { host, api in
            // A registration for a webinar Zoom does not know: its sync fails, so the delivery
            // stays in the inbox (retried later) whatever the worker does meanwhile.
            let body = #"""
                {"event":"webinar.registration_created","event_ts":1800000000000,"payload":{"account_id":"nw-zoom-account",
                "object":{"id":99999999999,"topic":"Unknown","registrant":{"id":"r1","email":"Pending.Person@Example.com",
                "first_name":"Pen","last_name":"Ding","status":"approved"}}}}
                """#
            _ = try await host.store.appendToInbox(
                NewInboxItem(
                    tenantID: "northwind", connectorType: "zoom", routingKey: "nw-zoom-account", deliveryKey: "pending-test",
                    eventType: "webinar.registration_created", body: Data(body.utf8), receivedAt: Date()))
            let lookup = try await api.get("/api/v1/tenants/northwind/contacts/lookup?email=pending.person@example.com")
                .decode(ContactLookup.self)
            #expect(lookup.outcome == .pending)
            #expect(lookup.pendingDeliveries.map(\.eventType) == ["webinar.registration_created"])
            #expect(lookup.explanation.contains("inbox"))
            let other = try await api.get("/api/v1/tenants/contoso/contacts/lookup?email=pending.person@example.com")
                .decode(ContactLookup.self)
            #expect(other.outcome == .unknown)
        }
    }
}

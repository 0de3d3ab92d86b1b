import Foundation
import Host
import Sandbox
import SyncEngine
import Testing

/// A portal without an add-on (business units on calls): the recording's call still reaches
/// HubSpot, without the property; the audit log and tenant health say so, once.
@Suite("End to end: optional HubSpot properties")
struct OptionalPropertiesEndToEndTests {
    static let portal = 4_400_123
    static let property = "hs_all_assigned_business_unit_ids"

    /// Northwind's supported webinars whose last instance has a completed recording, and one
    /// that has not run yet.
    static func webinars(_ sandbox: SandboxServer) throws -> (recorded: [ZoomWebinarData], other: ZoomWebinarData) {
        let accounts = ["nw-zoom-account", "nw-emea-zoom-account"].compactMap { id in
            sandbox.scenario.zoomAccounts.first { $0.credentials.accountID == id }
        }
        let supported = accounts.flatMap(\.webinars).filter { !$0.isZoomEvents }
        let recorded = supported.filter { webinar in
            webinar.instances.last?.recording.state == .completed && webinar.instances.last?.participants.isEmpty == false
        }
        let other = try #require(supported.first { $0.instances.isEmpty })
        return (recorded, other)
    }

    @Test("a call is written without a property the portal lacks, reported once in the audit log and in health")
    func callWithoutMissingProperty() async throws {
        let directory = try HostHarness.sampleTenants()
        try await HostHarness.withHost(
            tenants: directory, sandbox: .auto, environment: [:], configure: { $0.operatorToken = "operator-SECRET-props" }
        ) { host, http in
            let sandbox = try #require(host.sandbox)
            let runtime = try #require(await host.registry.runtime(tenantID: "northwind"))
            let (recorded, other) = try Self.webinars(sandbox)
            try #require(recorded.count >= 2)

            // Set up while the portal still has the property; then the add-on goes off.
            let first = try await host.coordinator.syncWebinar(runtime, webinarID: String(other.id), trigger: .syncNow)
            #expect(first.status != .failed)
            #expect(sandbox.hubspot.removeProperty(portalID: Self.portal, objectType: "calls", name: Self.property))
            sandbox.hubspot.requestLog.clear()

            let entry = try await host.coordinator.syncWebinar(runtime, webinarID: String(recorded[0].id), trigger: .syncNow)
            #expect(entry.status != .failed, "\(entry.warnings)")
            #expect(entry.counts.callsWritten == 1)
            let missing = entry.warnings.flatMap(\.items).filter { $0.reason == .optionalPropertyMissing }
            #expect(missing.count == 1)
            #expect(missing.first?.detail?.contains("Business Units add-on") == true)
            #expect(missing.first?.detail?.contains("calls") == true)
            let creates = sandbox.hubspot.requestLog.all.filter { $0.method == "POST" && $0.path == "/crm/v3/objects/calls" }
            #expect(creates.map(\.status) == [400, 201])
            #expect(creates.first?.body.contains(Self.property) == true)
            #expect(creates.last?.body.contains(Self.property) == false)
            let calls = try #require(sandbox.hubspot.snapshot(portalID: Self.portal)?.calls)
            #expect(calls.count == 1)
            #expect(calls.first?.properties[Self.property] == nil)

            // The next recording goes without it at once, and the audit log does not repeat it.
            sandbox.hubspot.requestLog.clear()
            var later: [WebinarAuditEntry] = []
            for webinar in recorded.dropFirst() {
                later.append(try await host.coordinator.syncWebinar(runtime, webinarID: String(webinar.id), trigger: .syncNow))
            }
            #expect(later.allSatisfy { $0.status != .failed })
            #expect(
                later.contains { $0.counts.callsWritten == 1 },
                "\(later.map { ($0.webinarID, $0.status, $0.warnings.flatMap(\.items).map(\.reason)) })")
            #expect(!later.flatMap(\.warnings).flatMap(\.items).contains { $0.reason == .optionalPropertyMissing })
            #expect(!sandbox.hubspot.requestLog.all.contains { $0.status == 400 })

            // Tenant health and the admin API's tenant view carry the warning.
            let api = AdminClient(http: http, baseURL: host.baseURL, token: "operator-SECRET-props")
            let report = try await api.get("/health").decode(HealthReport.self)
            let warnings = report.tenants?.first { $0.tenant == "northwind" }?.warnings ?? []
            #expect(warnings.count == 1)
            #expect(warnings.first?.contains("\(Self.property) does not exist on calls") == true)
            #expect(report.tenants?.first { $0.tenant == "contoso" }?.warnings == [])
            let summary = try await api.get("/api/v1/tenants/northwind").decode(TenantSummary.self)
            #expect(summary.warnings == warnings)
        }
    }

    @Test("a property missing at setup is never sent: the portal's definitions are read first")
    func missingAtSetup() async throws {
        let directory = try HostHarness.sampleTenants()
        try await HostHarness.withHost(tenants: directory, sandbox: .auto, environment: [:]) { host, _ in
            let sandbox = try #require(host.sandbox)
            let runtime = try #require(await host.registry.runtime(tenantID: "northwind"))
            let recorded = try #require(try Self.webinars(sandbox).recorded.first)
            #expect(sandbox.hubspot.removeProperty(portalID: Self.portal, objectType: "calls", name: Self.property))
            let entry = try await host.coordinator.syncWebinar(runtime, webinarID: String(recorded.id), trigger: .syncNow)
            #expect(entry.counts.callsWritten == 1)
            #expect(entry.warnings.flatMap(\.items).filter { $0.reason == .optionalPropertyMissing }.count == 1)
            #expect(!sandbox.hubspot.requestLog.all.contains { $0.status == 400 })
            #expect(try #require(sandbox.hubspot.snapshot(portalID: Self.portal)?.calls.first).properties[Self.property] == nil)
        }
    }
}

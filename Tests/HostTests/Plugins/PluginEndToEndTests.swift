import ConnectorKit
import Foundation
import Host
import Sandbox
import SyncEngine
import Testing

/// A real host with the sandbox, the sample tenant `contoso` (built-in Zoom connector) and a
/// tenant `plugged` whose connector is the fake Python plugin.
@Suite("End to end: a plugin connector added by config")
struct PluginEndToEndTests {
    static let pluggedPortal = 6_600_001

    static let pluggedTenant = """
        tenant: plugged
        display_name: Plugged Inc
        hubspot:
          portal_id: \(pluggedPortal)
          api_base: sandbox
          access_token: ${env:PLUGGED_HUBSPOT_TOKEN:-demo-plugged-hubspot-token}
        sync:
          global: true
          webinars: true
          webinar_hosts: all
        business_units:
          - id: 0
            name: Account
            primary: true
            connectors:
              - type: fake-webinars
                account: plugged-account
                api_token: ${env:PLUGGED_FAKE_TOKEN:-\(FakePlugin.secret)}
                host_email: host@fake.example
        """

    /// Runs `body` against a host with contoso and plugged, the fake running in `mode`.
    static func withHost(mode: String, body: @escaping @Sendable (RunningHost) async throws -> Void) async throws {
        let tenants = try HostHarness.sampleTenants()
        try FileManager.default.removeItem(atPath: tenants + "/northwind.yaml")
        try pluggedTenant.write(toFile: tenants + "/plugged.yaml", atomically: true, encoding: .utf8)
        let plugins = try FakePlugin.directory(["fake": FakePlugin.manifest(mode: mode)])
        try await HostHarness.withHost(
            tenants: tenants, sandbox: .auto, environment: [:],
            configure: { settings in
                settings.pluginsDirectory = plugins
                settings.pluginSupervision = FakePlugin.fastPolicy
            }
        ) { host, _ in try await body(host) }
    }

    static func reconcile(_ host: RunningHost, _ tenant: String) async throws -> [WebinarAuditEntry] {
        let runtime = try #require(await host.registry.runtime(tenantID: tenant))
        return await ReconcileScheduler(registry: host.registry, coordinator: host.coordinator, logger: .init(label: "test"))
            .reconcile(runtime)
    }

    static func pluggedEmails(_ host: RunningHost) throws -> [String] {
        try #require(host.sandbox?.hubspot.snapshot(portalID: pluggedPortal)).contacts.compactMap { $0.properties["email"] }
    }

    @Test(
        "a connector that crashes on its first snapshot writes nothing for it; after the restart the webinar ends synced; contoso is unaffected"
    )
    func crashThenSync() async throws {
        try await Self.withHost(mode: "exit") { host in
            let first = try await Self.reconcile(host, "plugged")
            #expect(first.map(\.status) == [.failed], "\(first)")
            #expect(try !Self.pluggedEmails(host).contains("ada@customer.example"), "nothing written to HubSpot for the failed snapshot")
            #expect(try await Self.reconcile(host, "contoso").allSatisfy { $0.status != .failed })
            let synced = try await FakePlugin.eventually {
                let entries = try await Self.reconcile(host, "plugged")
                // Empty while the restarted connector cannot list yet: not synced either.
                guard !entries.isEmpty, entries.allSatisfy({ $0.status != .failed }) else {
                    throw ConnectorError(.unavailable, "not yet")
                }
                return entries
            }
            #expect(synced.count == 1)
            #expect(try Self.pluggedEmails(host).contains("ada@customer.example"))
            #expect(host.metrics.exposition().contains(#"switchyard_connector_restarts_total{connector="fake-webinars"} 1"#))
            #expect(host.metrics.exposition().contains(#"switchyard_connector_up{connector="fake-webinars"} 1"#))
        }
    }

    @Test("a connector that keeps crashing marks only its tenants degraded in /health and the admin API; contoso stays ok and syncs")
    func keepsCrashing() async throws {
        try await Self.withHost(mode: "exit-always") { host in
            let degraded = try await FakePlugin.eventually {
                _ = try await Self.reconcile(host, "plugged")
                let status = try #require(await host.registry.statuses.first { $0.tenant == "plugged" })
                guard status.state == .degraded else { throw ConnectorError(.unavailable, "not yet") }
                return status
            }
            #expect(degraded.connectorErrors.count == 1)
            #expect(degraded.connectorErrors.first?.hasPrefix("the fake-webinars connector") == true, "\(degraded.connectorErrors)")
            let contoso = try #require(await host.registry.statuses.first { $0.tenant == "contoso" })
            #expect(contoso.state == .ok && contoso.connectorErrors.isEmpty)
            let summary = try await host.admin.queries.tenant("plugged", for: .operator)
            #expect(summary.state == .degraded && summary.connectorErrors == degraded.connectorErrors)
            #expect(try await Self.reconcile(host, "contoso").allSatisfy { $0.status != .failed })
            #expect(try !Self.pluggedEmails(host).contains("ada@customer.example"))
        }
    }
}

@Suite("End to end: the Zoom connector out of process")
struct ZoomOutOfProcessTests {
    @Test("switchyard-zoom named by a manifest replaces the built-in zoom type; the sample tenant contoso syncs through it")
    func contosoThroughSwitchyardZoom() async throws {
        let binary = URL(fileURLWithPath: SwitchyardBinary.path).deletingLastPathComponent().appendingPathComponent("switchyard-zoom").path
        let plugins = try FakePlugin.directory([
            "zoom": #"{"manifestVersion": 1, "type": "zoom", "command": ["\#(binary)"], "requestTimeoutSeconds": 60}"#
        ])
        let tenants = try HostHarness.sampleTenants()
        try FileManager.default.removeItem(atPath: tenants + "/northwind.yaml")
        try await HostHarness.withHost(
            tenants: tenants, sandbox: .auto, environment: [:],
            configure: { settings in settings.pluginsDirectory = plugins }
        ) { host, _ in
            let runtime = try #require(await host.registry.runtime(tenantID: "contoso"))
            #expect(runtime.connectors.map { "\(type(of: $0.connector))" } == ["PluginConnector"])
            let entries = try await PluginEndToEndTests.reconcile(host, "contoso")
            #expect(!entries.isEmpty && entries.allSatisfy { $0.status != .failed }, "\(entries)")
            #expect(host.metrics.exposition().contains(#"switchyard_connector_up{connector="zoom"} 1"#))
        }
    }
}

@Suite("Test setup: SWITCHYARD_TEST_ZOOM=plugin")
struct TestZoomModeTests {
    @Test(
        "with SWITCHYARD_TEST_ZOOM=plugin, a harness host's Zoom connectors run in switchyard-zoom; the test plugins stay",
        .enabled(if: TestZoom.outOfProcess))
    func harnessRunsZoomOutOfProcess() async throws {
        let tenants = try HostHarness.sampleTenants()
        try FileManager.default.removeItem(atPath: tenants + "/northwind.yaml")
        try PluginEndToEndTests.pluggedTenant.write(toFile: tenants + "/plugged.yaml", atomically: true, encoding: .utf8)
        let plugins = try FakePlugin.directory(["fake": FakePlugin.manifest(mode: "ok")])
        try await HostHarness.withHost(
            tenants: tenants, sandbox: .auto, environment: [:], configure: { $0.pluginsDirectory = plugins }
        ) { host, _ in
            let contoso = try #require(await host.registry.runtime(tenantID: "contoso"))
            #expect(contoso.connectors.map { "\(type(of: $0.connector))" } == ["PluginConnector"])
            #expect(await host.registry.runtime(tenantID: "plugged") != nil, "the test's own plugin folder is kept")
            #expect(host.metrics.exposition().contains(#"switchyard_connector_up{connector="zoom"} 1"#))
        }
    }
}

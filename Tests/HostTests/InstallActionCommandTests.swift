import Foundation
import Host
import SyncEngine
import Testing

@Suite("CLI: hubspot install-action")
struct InstallActionCommandTests {
    @Test("installs the definition against a running sandbox, then finds it up to date; errors exit 1")
    func installsIdempotently() async throws {
        let directory = try HostHarness.sampleTenants()
        try await HostHarness.withHost(tenants: directory, sandbox: .auto, environment: [:]) { host, _ in
            let sandbox = try #require(host.sandbox)
            let origin = try #require(host.sandboxOrigin)
            let arguments = [
                "hubspot", "install-action", "northwind", "--tenants", directory, "--public-url", "https://switchyard.example.com/",
                "--hubspot-url", origin,
            ]
            let first = try await SwitchyardBinary.run(arguments)
            #expect(first.status == 0, "\(first.error)")
            #expect(
                first.output.contains(
                    "Workflow action 'Add contact to Zoom webinar' installed for tenant 'northwind'"))
            #expect(first.output.contains("calling https://switchyard.example.com/actions/zoom/register"))
            let second = try await SwitchyardBinary.run(arguments)
            #expect(second.status == 0)
            #expect(second.output.contains("already installed and up to date"))
            let definitions = try #require(sandbox.hubspot.snapshot(portalID: 4_400_123)).actionDefinitions
            #expect(definitions.map { $0.body["actionUrl"]?.stringValue } == ["https://switchyard.example.com/actions/zoom/register"])

            let moved = try await SwitchyardBinary.run(
                [
                    "hubspot", "install-action", "northwind", "--tenants", directory, "--public-url", "https://new.example.com",
                    "--hubspot-url", origin,
                ])
            #expect(moved.output.contains("updated"))
            #expect(try #require(sandbox.hubspot.snapshot(portalID: 4_400_123)).actionDefinitions.count == 1)

            let sandboxOnly = try await SwitchyardBinary.run(
                ["hubspot", "install-action", "northwind", "--tenants", directory, "--public-url", "https://switchyard.example.com"])
            #expect(sandboxOnly.status == 1)
            #expect(sandboxOnly.error.contains("uses the HubSpot sandbox; pass --hubspot-url"))
            let unknown = try await SwitchyardBinary.run(
                ["hubspot", "install-action", "nobody", "--tenants", directory, "--public-url", "https://switchyard.example.com"])
            #expect(unknown.status == 1)
            #expect(unknown.error.contains("no valid tenant 'nobody'"))
            let noURL = try await SwitchyardBinary.run(["hubspot", "install-action", "northwind", "--tenants", directory])
            #expect(noURL.status == 1)
            #expect(noURL.error.contains("pass --public-url"))
        }
    }
}

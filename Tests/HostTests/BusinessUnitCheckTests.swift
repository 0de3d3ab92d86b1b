import Foundation
import Host
import SyncEngine
import Testing

@Suite("Tenant setup: business units of the tenant file against the portal's")
struct BusinessUnitCheckTests {
    @Test("a configured unit the portal does not have is named; the portal's own and Account (0) are known")
    func unknownUnitsAreNamed() async throws {
        try await HostHarness.withHost(tenants: try HostHarness.sampleTenants(), sandbox: .auto, environment: [:]) { host, _ in
            let northwind = try #require(await host.registry.runtime(tenantID: "northwind"))
            let client = try await host.coordinator.hubSpotClient(for: northwind.config)
            let configured = northwind.config.businessUnits.map(\.id)
            #expect(configured.sorted() == [0, 3411])
            #expect(try await BusinessUnitCheck.unknownUnits(configured: configured, client: client) == [])
            #expect(try await BusinessUnitCheck.unknownUnits(configured: configured + [9999], client: client) == [9999])
            #expect(try await BusinessUnitCheck.unknownUnits(configured: [0], client: client) == [], "one unit: nothing to check")
        }
    }
}

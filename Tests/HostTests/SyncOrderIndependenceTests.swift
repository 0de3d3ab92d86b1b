import Foundation
import Sandbox
import Store
import Testing

@testable import Host

/// HubSpot ends in the same state whatever order a reconcile and the webhooks run in. Found by
/// the kill -9 campaign: a restarted host reconciles while webhooks arrive. A full snapshot
/// that could not list an expired webinar's registrants used to undo the registrations
/// webhooks had recorded, and a recording reached only the people its own sync listed.
@Suite("Sync order independence")
struct SyncOrderIndependenceTests {
    @Test("webhooks before the reconcile end in the state of webhooks after it")
    func webhooksFirst() async throws {
        let tenants = try HostHarness.sampleTenants()
        let (reconcileFirst, _) = try await KillCampaignTests.reference(tenants: tenants)
        let state = Box<[Int: PortalState]>([:])
        try await HostHarness.withHost(tenants: tenants, sandbox: .auto, environment: [:]) { host, _ in
            let sandbox = try #require(host.sandbox)
            _ = await sandbox.zoom.pushScenarioWebhooks()
            await sandbox.zoom.webhooksSettled()
            for tenant in ["northwind", "contoso"] {
                #expect(try await SignedZoom.within(60) { try await host.store.inboxDepth(tenantID: tenant) == 0 })
            }
            for tenant in ["northwind", "contoso"] {
                _ = try await SyncFaultToleranceTests.reconcile(host, tenant: tenant, rounds: 1)
            }
            state.set(KillCampaignTests.states(sandbox))
        }
        #expect(!state.value.isEmpty)
        for (portal, portalState) in state.value where portalState != reconcileFirst[portal] {
            Issue.record("portal \(portal): \(portalState.differences(from: reconcileFirst[portal] ?? portalState))")
        }
    }
}

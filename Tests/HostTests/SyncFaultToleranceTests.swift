import Foundation
import Host
import Sandbox
import SyncEngine
import Synchronization
import Testing

@Suite("End to end: faults from HubSpot end in the same state")
struct SyncFaultToleranceTests {
    /// The contacts of the northwind portal: primary email → the properties the sync owns.
    private func contacts(_ host: RunningHost) throws -> [String: [String: String]] {
        let portal = try #require(host.sandbox?.hubspot.snapshot(portalID: SyncEndToEndTests.northwindPortal))
        let owned = ["firstname", "lastname", "hs_all_assigned_business_unit_ids"] + ZoomContactProperties.definitions.map(\.name)
        return Dictionary(
            portal.contacts.map { contact in
                (contact.properties["email"] ?? "", contact.properties.filter { owned.contains($0.key) })
            }, uniquingKeysWith: { first, _ in first })
    }

    /// Reconciles northwind until no webinar sync fails (at most `rounds` times).
    private func reconcile(_ host: RunningHost, rounds: Int) async throws -> Int {
        let runtime = try #require(await host.registry.runtime(tenantID: "northwind"))
        let scheduler = ReconcileScheduler(registry: host.registry, coordinator: host.coordinator, logger: .init(label: "test"))
        for round in 1...rounds {
            let entries = await scheduler.reconcile(runtime)
            if entries.allSatisfy({ $0.status != .failed }) { return round }
        }
        return rounds + 1
    }

    @Test("5 % server errors from HubSpot end in the state of a clean run")
    func faultsConverge() async throws {
        let clean = Box<[String: [String: String]]>([:])
        try await HostHarness.withHost(tenants: try HostHarness.sampleTenants(), sandbox: .auto, environment: [:]) { host, _ in
            _ = try await reconcile(host, rounds: 1)
            clean.set(try contacts(host))
        }
        try await HostHarness.withHost(tenants: try HostHarness.sampleTenants(), sandbox: .auto, environment: [:]) { host, _ in
            let sandbox = try #require(host.sandbox)
            sandbox.hubspot.faults.update(FaultPlan(serverErrorRate: 0.05))
            let rounds = try await reconcile(host, rounds: 6)
            #expect(rounds <= 6, "every webinar synced after retries")
            #expect(sandbox.hubspot.requestLog.all.contains { $0.injectedFault != nil })
            let faulty = try contacts(host)
            #expect(!faulty.isEmpty)
            #expect(faulty == clean.value)
        }
    }
}

/// A lock-protected box for passing a value out of a `@Sendable` closure.
final class Box<Value: Sendable>: Sendable {
    private let stored: Mutex<Value>
    init(_ value: Value) { stored = Mutex(value) }
    var value: Value { stored.withLock { $0 } }
    func set(_ value: Value) { stored.withLock { $0 = value } }
}

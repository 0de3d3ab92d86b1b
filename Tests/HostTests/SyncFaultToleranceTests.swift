import Foundation
import Host
import Sandbox
import SyncEngine
import Synchronization
import Testing

@Suite("End to end: faults from HubSpot end in the same state")
struct SyncFaultToleranceTests {
    static let contosoPortal = 5_500_777

    /// What northwind's portal holds now.
    static func northwindState(_ host: RunningHost) throws -> PortalState {
        PortalState(try #require(host.sandbox?.hubspot.snapshot(portalID: SyncEndToEndTests.northwindPortal)))
    }

    /// Reconciles a tenant until no webinar sync fails (at most `rounds` times); returns the
    /// round that succeeded, or `rounds + 1`.
    static func reconcile(_ host: RunningHost, tenant: String = "northwind", rounds: Int) async throws -> Int {
        let runtime = try #require(await host.registry.runtime(tenantID: tenant))
        let scheduler = ReconcileScheduler(registry: host.registry, coordinator: host.coordinator, logger: .init(label: "test"))
        for round in 1...rounds {
            let entries = await scheduler.reconcile(runtime)
            if entries.allSatisfy({ $0.status != .failed }) { return round }
        }
        return rounds + 1
    }

    /// Northwind's portal after one clean reconcile of the sample scenario.
    static func cleanNorthwindState() async throws -> PortalState {
        let clean = Box<PortalState?>(nil)
        try await HostHarness.withHost(tenants: try HostHarness.sampleTenants(), sandbox: .auto, environment: [:]) { host, _ in
            #expect(try await reconcile(host, rounds: 1) == 1)
            clean.set(try northwindState(host))
        }
        return try #require(clean.value)
    }

    @Test("5 % server errors from HubSpot end in the state of a clean run")
    func serverErrorsConverge() async throws {
        let clean = try await Self.cleanNorthwindState()
        try await HostHarness.withHost(tenants: try HostHarness.sampleTenants(), sandbox: .auto, environment: [:]) { host, _ in
            let sandbox = try #require(host.sandbox)
            sandbox.hubspot.faults.update(FaultPlan(serverErrorRate: 0.05))
            #expect(try await Self.reconcile(host, rounds: 6) <= 6, "every webinar synced after retries")
            #expect(sandbox.hubspot.requestLog.all.contains { $0.injectedFault != nil })
            let faulty = try Self.northwindState(host)
            #expect(!faulty.contacts.isEmpty)
            #expect(faulty == clean, "\(faulty.differences(from: clean))")
        }
    }

    @Test("participation writes whose answers are lost after HubSpot did the work end in the state of a clean run, nothing written twice")
    func lostAnswersConverge() async throws {
        let clean = try await Self.cleanNorthwindState()
        try await HostHarness.withHost(tenants: try HostHarness.sampleTenants(), sandbox: .auto, environment: [:]) { host, _ in
            let sandbox = try #require(host.sandbox)
            sandbox.hubspot.faults.update(FaultPlan(lostAnswerRate: 0.5, onlyPathsContaining: "/attendance/"))
            #expect(try await Self.reconcile(host, rounds: 8) <= 8, "every webinar synced after retries")
            let lost = sandbox.hubspot.requestLog.all.filter { $0.injectedFault == "lost_answer" }
            #expect(lost.contains { $0.path.contains("/attendance/") }, "a participation write lost its answer")
            let state = try Self.northwindState(host)
            #expect(state == clean, "\(state.differences(from: clean))")
        }
    }

    @Test("a 429 storm from HubSpot is waited out and ends in the state of a clean run")
    func rateLimitStormConverges() async throws {
        let clean = try await Self.cleanNorthwindState()
        try await HostHarness.withHost(tenants: try HostHarness.sampleTenants(), sandbox: .auto, environment: [:]) { host, _ in
            let sandbox = try #require(host.sandbox)
            // A tight real limit (HubSpot announces the window in its headers; here 250 ms, so
            // the storm takes seconds, not minutes) and 12 consecutive 429s on top of it.
            sandbox.hubspot.rateLimits = HubSpotRateLimits(tenSecondlyRolling: 6, intervalMilliseconds: 250)
            sandbox.hubspot.faults.update(FaultPlan(rateLimitBurst: 12))
            #expect(try await Self.reconcile(host, rounds: 6) <= 6, "every webinar synced after waiting")
            let limited = sandbox.hubspot.requestLog.all.filter { $0.status == 429 }
            #expect(limited.count >= 12)
            let stormy = try Self.northwindState(host)
            #expect(stormy == clean, "\(stormy.differences(from: clean))")
        }
    }

    @Test("a tenant whose HubSpot hangs or fails neither delays nor changes another tenant's sync")
    func tenantsAreIsolated() async throws {
        let clean = try await Self.cleanNorthwindState()
        try await HostHarness.withHost(tenants: try HostHarness.sampleTenants(), sandbox: .auto, environment: [:]) { host, _ in
            let sandbox = try #require(host.sandbox)
            let contoso = try #require(await host.registry.runtime(tenantID: "contoso"))
            let northwind = try #require(await host.registry.runtime(tenantID: "northwind"))
            let scheduler = ReconcileScheduler(registry: host.registry, coordinator: host.coordinator, logger: .init(label: "test"))

            // Contoso's HubSpot hangs: northwind's reconcile still completes, as if alone.
            let contosoBefore = PortalState(try #require(sandbox.hubspot.snapshot(portalID: Self.contosoPortal)))
            sandbox.hubspot.portalFaults.update(FaultPlan(addedLatencyMilliseconds: 30_000), portalID: Self.contosoPortal)
            let hanging = Task { await scheduler.reconcile(contoso) }
            let entries = await scheduler.reconcile(northwind)
            #expect(!entries.isEmpty && entries.allSatisfy { $0.status != .failed })
            let state = try Self.northwindState(host)
            #expect(state == clean, "\(state.differences(from: clean))")
            #expect(PortalState(try #require(sandbox.hubspot.snapshot(portalID: Self.contosoPortal))) == contosoBefore)
            hanging.cancel()
            _ = await hanging.value

            // Contoso's HubSpot fails: its webinar's audit log says so, with HubSpot's message.
            sandbox.hubspot.portalFaults.update(FaultPlan(serverErrorRate: 1), portalID: Self.contosoPortal)
            let webinar = try #require(
                sandbox.scenario.zoomAccounts.first { $0.credentials.accountID == "contoso-zoom-account" }?.webinars.first)
            let entry = try await host.coordinator.syncWebinar(contoso, webinarID: String(webinar.id), trigger: .syncNow)
            #expect(entry.status == .failed)
            let details = entry.warnings.flatMap(\.items).compactMap(\.detail).joined(separator: " ")
            #expect(details.contains("internal error"), "\(details)")
            #expect(try Self.northwindState(host) == clean)
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

import ConnectorKit
import Foundation
@testable import Host
import Sandbox
import SyncEngine
import Testing

/// History: every webinar the source still lists is synced until it has been fully synced,
/// whatever its age; the lookback only bounds how long synced ones keep being re-checked.
@Suite("Reconcile: history and re-enabled sync")
struct ReconcileHistoryTests {
    static let day: TimeInterval = 86_400

    @Test("webinars six weeks old that the source still lists are synced; once synced, they are not re-checked")
    func oldListedWebinarsAreSynced() async throws {
        let directory = try HostHarness.sampleTenants()
        try await HostHarness.withHost(tenants: directory, sandbox: .auto, environment: [:]) { host, _ in
            let runtime = try #require(await host.registry.runtime(tenantID: "northwind"))
            // Six weeks from now, every webinar that has run is six weeks old or more.
            let later = Date() + 42 * Self.day
            let scheduler = ReconcileScheduler(
                registry: host.registry, coordinator: host.coordinator, logger: .init(label: "test"), now: { later })
            var listed: [Webinar] = []
            for instance in runtime.connectors { listed += try await instance.connector.listWebinars() }
            let cutoff = later - 30 * Self.day
            let old = listed.filter { ($0.startTime ?? .distantFuture) < cutoff }
            #expect(!old.isEmpty)

            let first = await scheduler.reconcile(runtime)
            #expect(Set(first.map(\.webinarID)) == Set(listed.map(\.id)))
            #expect(first.allSatisfy { $0.status != .failed }, "\(first.filter { $0.status == .failed })")
            let synced = first.filter { $0.status == .synced || $0.status == .syncedWithWarnings }.map(\.webinarID)
            #expect(old.contains { synced.contains($0.id) })

            // Synced and older than the lookback: no longer re-checked; skipped ones neither.
            let second = await scheduler.reconcile(runtime)
            let oldIDs = Set(old.map(\.id))
            #expect(!second.contains { oldIDs.contains($0.webinarID) }, "\(second.map(\.webinarID))")
        }
    }

    @Test("a tenant with sync off calls no API; switching sync on again syncs the webinars missed, whatever their age")
    func reEnablingSyncSyncsMissedWebinars() async throws {
        let directory = try HostHarness.sampleTenants()
        let file = directory + "/northwind.yaml"
        let original = try String(contentsOfFile: file, encoding: .utf8)
        let on = original.replacingOccurrences(of: "sync:\n  global: true", with: "sync:\n  lookback_days: 1\n  global: true")
        let off = on.replacingOccurrences(of: "  global: true\n  webinars: true", with: "  global: false\n  webinars: false")
        #expect(off != on && on != original)
        try off.write(toFile: file, atomically: true, encoding: .utf8)
        try await HostHarness.withHost(
            tenants: directory, sandbox: .auto, environment: [:], configure: { $0.reconcile = true }
        ) { host, _ in
            let catalog = WebinarCatalog(store: host.coordinator.store)
            // Connected with sync off: the tenant is not scheduled at all (no API is called for it).
            #expect(try await catalog.all(tenantID: "northwind").isEmpty)

            // Sync on again (the file reloads): at once, not at the next interval, and every
            // webinar missed meanwhile, whatever its age (the lookback is one day).
            try on.write(toFile: file, atomically: true, encoding: .utf8)
            let dayAgo = Date().addingTimeInterval(-86_400)
            let synced = try await Self.waitFor {
                let items = try await catalog.all(tenantID: "northwind")
                let supported = items.filter { $0.webinar.support == .supported }
                return supported.contains { ($0.webinar.startTime ?? .distantFuture) < dayAgo }
                    && supported.allSatisfy { $0.lastStatus == .synced || $0.lastStatus == .syncedWithWarnings }
            }
            #expect(synced)
        }
    }

    @Test("which listed webinars a reconcile syncs")
    func dueRules() {
        let now = Date()
        func webinar(daysAgo: Double) -> Webinar {
            Webinar(id: "1", topic: "t", hostID: "h", startTime: now - daysAgo * Self.day, durationMinutes: 60)
        }
        func item(_ status: SyncStatus?, _ webinar: Webinar) -> CatalogedWebinar? {
            status.map {
                CatalogedWebinar(
                    webinar: webinar, connectorType: "zoom", accountKey: "a", businessUnitID: 0, lastStatus: $0)
            }
        }
        let old = webinar(daysAgo: 42)
        let recent = webinar(daysAgo: 3)
        func due(_ status: SyncStatus?, _ webinar: Webinar, afterChange: Bool = false) -> Bool {
            ReconcileScheduler.isDue(webinar, catalog: item(status, webinar), lookbackDays: 30, afterChange: afterChange, now: now)
        }
        #expect(due(nil, old))
        #expect(due(.failed, old))
        #expect(!due(.synced, old))
        #expect(!due(.syncedWithWarnings, old))
        #expect(due(.synced, recent))
        #expect(!due(.skipped, old))
        #expect(due(.skipped, old, afterChange: true))
        #expect(due(.skipped, recent))
    }

    /// Waits until `condition` holds, for effects of the host's own services (at most ~60 s).
    static func waitFor(_ condition: @Sendable () async throws -> Bool) async throws -> Bool {
        try await poll(seconds: 60, every: .milliseconds(100), condition)
    }
}

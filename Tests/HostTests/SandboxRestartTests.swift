import Composition
import Foundation
import Host
import SyncEngine
import Testing

/// `switchyard serve` run twice on the same state: the embedded sandbox keeps its state beside
/// the host's (`state-sandbox.json`), so the second run finds in HubSpot what the first wrote.
@Suite("The embedded sandbox survives a restart")
struct SandboxRestartTests {
    @Test("a second run on the same state syncs without errors and leaves HubSpot as the first left it")
    func secondRunFindsTheFirstRunsData() async throws {
        let directory = try HostHarness.sampleTenants()
        let state = NSTemporaryDirectory() + "switchyard-restart-\(UUID().uuidString)/state.sqlite"
        let useState: @Sendable (inout HostSettings) -> Void = { $0.statePath = state }
        let first = try await Self.reconcile(directory, configure: useState)
        #expect(first.entries.allSatisfy { $0.status != .failed }, "\(first.entries.filter { $0.status == .failed })")
        #expect(FileManager.default.fileExists(atPath: EmbeddedSandboxLauncher.statePath(hostStatePath: state) ?? ""))

        let second = try await Self.reconcile(directory, configure: useState)
        #expect(second.entries.allSatisfy { $0.status != .failed }, "\(second.entries.filter { $0.status == .failed })")
        // The scenario deletes some contacts in HubSpot on purpose; a fresh sandbox behind the
        // old state would make every contact the first run created look deleted too.
        #expect(Self.deletedContacts(second.entries) == Self.deletedContacts(first.entries))
        #expect(second.portal == first.portal)
    }

    @Test("an in-memory host keeps no sandbox state")
    func inMemoryHostKeepsNothing() {
        #expect(EmbeddedSandboxLauncher.statePath(hostStatePath: ":memory:") == nil)
        #expect(EmbeddedSandboxLauncher.statePath(hostStatePath: nil) == nil)
        #expect(EmbeddedSandboxLauncher.statePath(hostStatePath: ".switchyard/state.sqlite") == ".switchyard/state-sandbox.json")
    }

    private static func deletedContacts(_ entries: [WebinarAuditEntry]) -> Set<String?> {
        Set(entries.flatMap(\.warnings).flatMap(\.items).filter { $0.reason == .contactDeleted }.map(\.email))
    }

    private static func reconcile(_ directory: String, configure: @escaping @Sendable (inout HostSettings) -> Void)
        async throws -> (entries: [WebinarAuditEntry], portal: PortalState)
    {
        let result = ResultBox()
        try await HostHarness.withHost(tenants: directory, sandbox: .auto, environment: [:], configure: configure) { host, _ in
            let runtime = try #require(await host.registry.runtime(tenantID: "northwind"))
            let scheduler = ReconcileScheduler(registry: host.registry, coordinator: host.coordinator, logger: .init(label: "test"))
            let entries = await scheduler.reconcile(runtime)
            let portal = try #require(host.sandbox?.hubspot.snapshot(portalID: SyncEndToEndTests.northwindPortal))
            result.set(entries, PortalState(portal))
        }
        return try #require(result.value)
    }
}

/// Carries a test body's result out of the harness's closure.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: (entries: [WebinarAuditEntry], portal: PortalState)?
    func set(_ entries: [WebinarAuditEntry], _ portal: PortalState) { lock.withLock { stored = (entries, portal) } }
    var value: (entries: [WebinarAuditEntry], portal: PortalState)? { lock.withLock { stored } }
}

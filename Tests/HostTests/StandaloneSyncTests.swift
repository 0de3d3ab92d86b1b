import Foundation
import Host
import Sandbox
import Testing

@Suite("CLI: switchyard sync --standalone")
struct StandaloneSyncTests {
    @Test("syncs a tenant without a host on the state file, as a host's reconcile would; a second run writes nothing")
    func standaloneSync() async throws {
        let tenants = try HostHarness.sampleTenants()
        let clean = try await SyncFaultToleranceTests.cleanNorthwindState()
        let statePath = NSTemporaryDirectory() + "switchyard-standalone-\(UUID().uuidString).sqlite"
        try await SandboxHarness.withSandbox(tenants: tenants) { server, origin in
            let arguments = ["sync", "northwind", "--standalone", "--tenants", tenants, "--state", statePath, "--sandbox-url", origin]
            let first = try HostProcess(arguments: arguments)
            #expect(try await first.exitStatus() == 0, "\(first.log)")
            #expect(first.log.contains("webinar(s) synced"), "\(first.log)")
            #expect(!first.log.contains(" 0 ok"))
            let state = PortalState(try #require(server.hubspot.snapshot(portalID: SyncEndToEndTests.northwindPortal)))
            #expect(state == clean, "\(state.differences(from: clean))")

            let writes = {
                server.hubspot.requestLog.all.filter {
                    $0.method != "GET" && !$0.path.hasSuffix("/search") && !$0.path.hasSuffix("/batch/read")
                }.count
            }
            let before = writes()
            let second = try HostProcess(arguments: arguments)
            #expect(try await second.exitStatus() == 0, "\(second.log)")
            #expect(writes() == before, "a second sync of unchanged data writes nothing")

            let webinar = try #require(state.participations.first?.split(separator: " ").first.map(String.init))
            let audit = try HostProcess(arguments: ["audit", "northwind", webinar, "--state", statePath])
            #expect(try await audit.exitStatus() == 0, "\(audit.log)")
            #expect(audit.log.contains("sync_now"), "\(audit.log)")
        }
    }

    @Test("an unknown tenant or a sandbox tenant without a sandbox fails with a clear message")
    func standaloneErrors() async throws {
        let tenants = try HostHarness.sampleTenants()
        let statePath = NSTemporaryDirectory() + "switchyard-standalone-\(UUID().uuidString).sqlite"
        let unknown = try HostProcess(arguments: ["sync", "nowhere", "--standalone", "--tenants", tenants, "--state", statePath])
        #expect(try await unknown.exitStatus() == 1)
        #expect(unknown.log.contains("there is no tenant 'nowhere'"), "\(unknown.log)")
        let noSandbox = try HostProcess(arguments: ["sync", "northwind", "--standalone", "--tenants", tenants, "--state", statePath])
        #expect(try await noSandbox.exitStatus() == 1)
        #expect(noSandbox.log.contains("northwind.yaml:29:9") && noSandbox.log.contains("--sandbox-url"), "\(noSandbox.log)")
    }
}

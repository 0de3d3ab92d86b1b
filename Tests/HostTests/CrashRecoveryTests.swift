import Foundation
import Composition
import Host
import Logging
import Sandbox
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The sandbox standing alone in the test process, so it outlives the hosts a test kills.
enum SandboxHarness {
    static func withSandbox(
        tenants directory: String, body: @Sendable (SandboxServer, String) async throws -> Void
    ) async throws {
        let standalone = StandaloneSandbox(
            bindAddress: "127.0.0.1", port: 0, seed: 7, tenantsDirectory: directory, logger: Logger(label: "sandbox"))
        let server = SandboxServer(scenario: standalone.scenario(environment: [:]))
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = server.makeApplication(host: "127.0.0.1", port: 0) { port in continuation.yield(port) }
        try await withGracefulServices([app], logger: Logger(label: "sandbox")) {
            guard let port = await ports.first(where: { _ in true }) else { return }
            try await body(server, "http://127.0.0.1:\(port)")
        }
    }
}

/// `switchyard serve` as a child process, so a test can kill it without warning.
final class HostProcess: Sendable {
    let process: Process
    let logPath: String
    /// What it was started with, to start it again (``restarted()``).
    let arguments: [String]
    let environment: [String: String]

    /// Starts `switchyard` with `arguments`; `environment` adds to a bare `PATH`.
    init(arguments: [String], environment: [String: String] = [:]) throws {
        self.arguments = arguments
        self.environment = environment
        logPath = NSTemporaryDirectory() + "switchyard-host-\(UUID().uuidString).log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: SwitchyardBinary.path)
        process.arguments = arguments
        process.environment = ["PATH": "/usr/bin:/bin"].merging(environment) { $1 }
        process.standardOutput = log
        process.standardError = log
        try process.run()
        self.process = process
    }

    /// A new process with the same arguments and environment (as after a crash, on the same
    /// port and settings); its log is a new file.
    func restarted() throws -> HostProcess { try HostProcess(arguments: arguments, environment: environment) }

    /// How it ended, `exit 1` or `signal 9`, for messages (`running` while it runs).
    var ending: String {
        guard !process.isRunning else { return "running" }
        return "\(process.terminationReason == .exit ? "exit" : "signal") \(process.terminationStatus)"
    }

    /// SIGKILL: no shutdown, no flushing, as a crash or an OOM kill.
    func kill() {
        _ = Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM, then waits for the graceful shutdown.
    func stop() -> Int32 {
        process.terminate()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Waits for the process to exit; one still running after `seconds` is killed (-9) and
    /// recorded as an issue, so a host that hangs in its shutdown fails its test, not the run.
    func exitStatus(seconds: Double = 60) async throws -> Int32 {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning {
            Issue.record("the process did not exit within \(seconds) s; killed: \(log.suffix(3000))")
            kill()
            while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        }
        return process.terminationStatus
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }
}

@Suite("End to end: a host killed mid-sync")
struct CrashRecoveryTests {
    static let portals = [SyncEndToEndTests.northwindPortal, SyncFaultToleranceTests.contosoPortal]

    static func states(_ server: SandboxServer) -> [Int: PortalState] {
        Dictionary(uniqueKeysWithValues: portals.compactMap { id in server.hubspot.snapshot(portalID: id).map { (id, PortalState($0)) } })
    }

    /// Polls `condition` every 20 ms for at most `seconds`.
    static func waitUntil(seconds: Double, _ condition: () -> Bool) async throws -> Bool {
        try await poll(seconds: seconds, every: .milliseconds(20), condition)
    }

    @Test("killed while writing and restarted on the same state file, the host ends in the state of a clean run")
    func killedAndRestarted() async throws {
        let tenants = try HostHarness.sampleTenants()
        // The reference: both tenants reconciled once, without interruption.
        let clean = Box<[Int: PortalState]>([:])
        try await HostHarness.withHost(tenants: tenants, sandbox: .auto, environment: [:]) { host, _ in
            for tenant in ["northwind", "contoso"] {
                #expect(try await SyncFaultToleranceTests.reconcile(host, tenant: tenant, rounds: 1) == 1)
            }
            clean.set(Self.states(try #require(host.sandbox)))
        }
        let statePath = NSTemporaryDirectory() + "switchyard-crash-\(UUID().uuidString).sqlite"
        try await SandboxHarness.withSandbox(tenants: tenants) { server, origin in
            let arguments = [
                "serve", "--port", "0", "--tenants", tenants, "--state", statePath, "--sandbox-url", origin, "--log-level", "notice",
            ]
            // Slow HubSpot down a little, so the kill lands in the middle of the writes.
            server.hubspot.faults.update(FaultPlan(addedLatencyMilliseconds: 15))
            let writes = { server.hubspot.requestLog.all.filter { $0.method != "GET" && $0.status < 300 }.count }

            let first = try HostProcess(arguments: arguments)
            let started = try await Self.waitUntil(seconds: 60) { writes() >= 25 }
            first.kill()
            #expect(started, "the host wrote nothing to HubSpot before it was killed:\n\(first.log)")
            let atKill = Self.states(server)
            #expect(atKill != clean.value, "the kill came after the sync had finished")

            server.hubspot.faults.update(.none)
            let second = try HostProcess(arguments: arguments)
            let converged = try await Self.waitUntil(seconds: 60) { Self.states(server) == clean.value }
            // Let the restarted host finish whatever it still does, then compare once more:
            // a duplicate written after convergence would show here.
            var count = server.hubspot.requestLog.all.count
            while true {
                try await Task.sleep(for: .milliseconds(500))
                let now = server.hubspot.requestLog.all.count
                if now == count { break }
                count = now
            }
            #expect(second.stop() == 0, "\(second.log)")
            #expect(converged, "\(second.log)")
            for (portal, state) in Self.states(server) {
                let expected = try #require(clean.value[portal])
                #expect(state == expected, "portal \(portal): \(state.differences(from: expected))")
            }
        }
    }
}

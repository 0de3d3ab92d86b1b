import Foundation
import Logging
import Sandbox
import Testing

@testable import Host

@Suite("Host: stopped while its tenants load")
struct ShutdownWhileLoadingTests {
    @Test(
        "shut down gracefully (as on SIGTERM) while a tenant file is still being read: once the read ends the host stops without an error",
        arguments: 1...3)
    func stopWhileLoading(trial: Int) async throws {
        let directory = try HostHarness.tenantsDirectory([
            "a.yaml": HostHarness.tenant("alpha", portal: 1, account: "acct-a"),
            "b.yaml": HostHarness.tenant("beta", portal: 2, account: "acct-b"),
        ])
        var settings = HostSettings(bindAddress: "127.0.0.1", port: 0, tenantsDirectory: directory, statePath: nil)
        settings.sandbox = .off
        settings.reconcile = false
        var logger = Logger(label: "test-host")
        logger.logLevel = .critical
        var host = SwitchyardHost.standard(settings: settings, logger: logger, environment: HostHarness.environment, handlesSignals: false)
        // Reading b.yaml waits until the test opens the gate.
        let gate = DispatchSemaphore(value: 0)
        host.readTenantFile = { path in
            if path.hasSuffix("/b.yaml") {
                gate.wait()
                gate.signal()
            }
            return FileManager.default.contents(atPath: path)
        }
        let (ports, listening) = AsyncStream.makeStream(of: Int.self)
        let (_, running) = AsyncStream.makeStream(of: RunningHost.self)
        // The load ends while the host shuts down: the services waiting for it (the startup work
        // that announces the running host, the workflow-action completions) then finish in
        // whatever order; each must still stop at its own turn. Before the fix the startup work
        // ended out of turn and the shutdown failed with `serviceFinishedUnexpectedly` (a
        // `switchyard serve` stopped while loading exited with 1).
        let opener = Task {
            try await Task.sleep(for: .milliseconds(100 * trial))
            gate.signal()
        }
        try await withGracefulServices([HostRun(host: host, running: running, listening: listening)], logger: logger) {
            _ = await ports.first(where: { _ in true })
            // Returning starts the graceful shutdown, b.yaml still being read.
        }
        try await opener.value
    }
}

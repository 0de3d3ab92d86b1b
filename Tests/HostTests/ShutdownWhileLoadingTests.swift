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
        // Reading b.yaml waits until the test opens the gate.
        let loading = try GatedTenantLoading()
        let (ports, listening) = AsyncStream.makeStream(of: Int.self)
        let (_, running) = AsyncStream.makeStream(of: RunningHost.self)
        // The load ends while the host shuts down: the services waiting for it (the startup work
        // that announces the running host, the workflow-action completions) then finish in
        // whatever order; each must still stop at its own turn. Before the fix the startup work
        // ended out of turn and the shutdown failed with `serviceFinishedUnexpectedly` (a
        // `switchyard serve` stopped while loading exited with 1).
        let opener = Task {
            try await Task.sleep(for: .milliseconds(100 * trial))
            loading.gate.signal()
        }
        try await withGracefulServices([HostRun(host: loading.host, running: running, listening: listening)], logger: loading.logger) {
            _ = await ports.first(where: { _ in true })
            // Returning starts the graceful shutdown, b.yaml still being read.
        }
        try await opener.value
    }
}

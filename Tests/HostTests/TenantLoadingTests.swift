import AsyncHTTPClient
import Composition
import Foundation
import Logging
import Sandbox
import Testing

@testable import Host

@Suite("Host: the port opens before tenants load; /health shows the progress")
struct TenantLoadingTests {
    private static let operatorToken = "loading-test-operator-token"

    /// `/health` as the operator sees it (per-tenant detail needs a token).
    private func health(_ client: HTTPClient, _ port: Int) async throws -> HealthReport {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/health")
        request.headers.add(name: "Authorization", value: "Bearer \(Self.operatorToken)")
        let response = try await client.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(HealthReport.self, from: body)
    }

    @Test("while a tenant file is still being read, /health reports loading 1 of 2 and the loaded tenant already serves")
    func loadingProgress() async throws {
        let directory = try HostHarness.tenantsDirectory([
            "a.yaml": HostHarness.tenant("alpha", portal: 1, account: "acct-a"),
            "b.yaml": HostHarness.tenant("beta", portal: 2, account: "acct-b"),
        ])
        var settings = HostSettings(bindAddress: "127.0.0.1", port: 0, tenantsDirectory: directory, statePath: nil)
        settings.sandbox = .off
        settings.reconcile = false
        settings.operatorToken = Self.operatorToken
        var logger = Logger(label: "test-host")
        logger.logLevel = .critical
        var host = SwitchyardHost.standard(
            settings: settings, logger: logger, environment: HostHarness.environment, handlesSignals: false)
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
        let (hosts, running) = AsyncStream.makeStream(of: RunningHost.self)
        try await withGracefulServices([HostRun(host: host, running: running, listening: listening)], logger: logger) {
            let port = try #require(await ports.first(where: { _ in true }))
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            let partial = try await HostHarness.eventually {
                try await health(client, port).tenants?.map(\.tenant) == ["alpha"]
            }
            #expect(partial)
            let loading = try await health(client, port)
            #expect(loading.status == "loading")
            #expect(loading.loading == LoadingProgress(loaded: 1, total: 2))
            #expect(loading.tenantsRunning == 1)

            gate.signal()
            let host = try #require(await hosts.first(where: { _ in true }))
            let done = try await health(client, host.port)
            #expect(done.status == "ok")
            #expect(done.loading == nil)
            #expect(done.tenants?.map(\.tenant) == ["alpha", "beta"])
            try await client.shutdown()
        }
    }
}

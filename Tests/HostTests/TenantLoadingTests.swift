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
        // Reading b.yaml waits until the test opens the gate.
        let gated = try GatedTenantLoading(operatorToken: Self.operatorToken)
        let (ports, listening) = AsyncStream.makeStream(of: Int.self)
        let (hosts, running) = AsyncStream.makeStream(of: RunningHost.self)
        try await withGracefulServices([HostRun(host: gated.host, running: running, listening: listening)], logger: gated.logger) {
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

            gated.gate.signal()
            let host = try #require(await hosts.first(where: { _ in true }))
            let done = try await health(client, host.port)
            #expect(done.status == "ok")
            #expect(done.loading == nil)
            #expect(done.tenants?.map(\.tenant) == ["alpha", "beta"])
            try await client.shutdown()
        }
    }
}

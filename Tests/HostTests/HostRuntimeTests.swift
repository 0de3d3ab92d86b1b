import AsyncHTTPClient
import Foundation
import Host
import Testing

@Suite("Host: health, metrics and hot reload over HTTP")
struct HostRuntimeTests {
    static let operatorToken = "runtime-tests-operator-token"
    static let withOperator: @Sendable (inout HostSettings) -> Void = { $0.operatorToken = operatorToken }

    /// What `/health` shows the operator.
    struct Health {
        var status: String
        var tenantsRunning: Int
        var tenants: [TenantStatus]
    }

    private func health(_ client: HTTPClient, _ host: RunningHost) async throws -> Health {
        var request = HTTPClientRequest(url: host.baseURL + "/health")
        request.headers.add(name: "Authorization", value: "Bearer \(Self.operatorToken)")
        let response = try await client.execute(request, timeout: .seconds(10))
        #expect(response.status.code == 200)
        let body = try await response.body.collect(upTo: 1 << 20)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let report = try decoder.decode(HealthReport.self, from: Data(buffer: body))
        return Health(status: report.status, tenantsRunning: report.tenantsRunning, tenants: report.tenants ?? [])
    }

    @Test("/health lists every loaded tenant and /metrics speaks Prometheus text")
    func healthAndMetrics() async throws {
        let directory = try HostHarness.tenantsDirectory([
            "a.yaml": HostHarness.tenant("alpha", portal: 1, account: "acct-a"),
            "b.yaml": HostHarness.tenant("beta", portal: 2, account: "acct-b"),
        ])
        try await HostHarness.withHost(tenants: directory, configure: Self.withOperator) { host, client in
            let report = try await health(client, host)
            #expect(report.status == "ok")
            #expect(report.tenantsRunning == 2)
            #expect(report.tenants.map(\.tenant) == ["alpha", "beta"])
            #expect(report.tenants.first?.connectors == ["zoom:acct-a"])

            let (status, metrics) = try await HostHarness.get(client, host.baseURL + "/metrics")
            #expect(status == 200)
            #expect(metrics.contains("switchyard_tenants_loaded 2"))
            #expect(metrics.contains("switchyard_tenant_config_errors 0"))
            #expect(
                metrics.contains(
                    #"switchyard_http_requests_total{route="/health",method="GET",status="200"} 1"#))
        }
    }

    @Test("editing one tenant file reloads only that tenant")
    func reloadOnlyChangedTenant() async throws {
        let directory = try HostHarness.tenantsDirectory([
            "a.yaml": HostHarness.tenant("alpha", portal: 1, account: "acct-a"),
            "b.yaml": HostHarness.tenant("beta", portal: 2, account: "acct-b"),
        ])
        try await HostHarness.withHost(tenants: directory, configure: Self.withOperator) { host, client in
            let before = try await health(client, host).tenants
            try HostHarness.tenant("alpha", portal: 1, account: "acct-a", displayName: "Alpha Renamed")
                .write(toFile: directory + "/a.yaml", atomically: true, encoding: .utf8)
            let reloaded = try await HostHarness.eventually {
                try await health(client, host).tenants.first?.version != before.first?.version
            }
            #expect(reloaded)
            let after = try await health(client, host).tenants
            #expect(after[1].version == before[1].version)
            #expect(after[1].loadedAt == before[1].loadedAt)
            #expect(await host.registry.runtime(tenantID: "alpha")?.config.displayName == "Alpha Renamed")
        }
    }

    @Test("a broken edit keeps the last good version running and surfaces the error")
    func brokenEditKeepsLastGood() async throws {
        let directory = try HostHarness.tenantsDirectory([
            "a.yaml": HostHarness.tenant("alpha", portal: 1, account: "acct-a")
        ])
        try await HostHarness.withHost(tenants: directory, configure: Self.withOperator) { host, client in
            let good = try await health(client, host).tenants[0]
            let broken = HostHarness.tenant("alpha", portal: 1, account: "acct-a").replacingOccurrences(
                of: "portal_id: 1", with: "portal_id: one")
            try broken.write(toFile: directory + "/a.yaml", atomically: true, encoding: .utf8)
            #expect(
                try await HostHarness.eventually {
                    try await health(client, host).tenants[0].state == .degraded
                })
            let report = try await health(client, host)
            #expect(report.status == "degraded")
            #expect(report.tenants[0].version == good.version)
            #expect(
                report.tenants[0].errors == [
                    "\(directory)/a.yaml:4:14: 'portal_id' expects a whole number from 1 to 2147483647, found text"
                ])
            #expect(await host.registry.runtime(tenantID: "alpha") != nil)
            let (_, metrics) = try await HostHarness.get(client, host.baseURL + "/metrics")
            #expect(metrics.contains("switchyard_tenant_config_errors 1"))
            #expect(metrics.contains(#"switchyard_tenant_reloads_total{result="failed"} 1"#))
            #expect(!metrics.contains("SECRET"))
        }
    }

    @Test(
        "a new file that conflicts with a running tenant is refused; the running tenant is untouched")
    func conflictingNewFile() async throws {
        let directory = try HostHarness.tenantsDirectory([
            "a.yaml": HostHarness.tenant("alpha", portal: 1, account: "acct-a")
        ])
        try await HostHarness.withHost(tenants: directory, configure: Self.withOperator) { host, client in
            try HostHarness.tenant("gamma", portal: 3, account: "acct-a").write(
                toFile: directory + "/c.yaml", atomically: true, encoding: .utf8)
            #expect(
                try await HostHarness.eventually { try await health(client, host).tenants.count == 2 })
            let report = try await health(client, host)
            #expect(report.tenants[1].state == .error)
            #expect(
                report.tenants[1].errors.first?.contains(
                    "zoom account_id 'acct-a' is also connected in tenant 'alpha'") == true)
            #expect(
                await host.registry.route(connectorType: "zoom", routingKey: "acct-a")?.0.id == "alpha")
        }
    }

    @Test("removing a tenant file stops that tenant")
    func removal() async throws {
        let directory = try HostHarness.tenantsDirectory([
            "a.yaml": HostHarness.tenant("alpha", portal: 1, account: "acct-a"),
            "b.yaml": HostHarness.tenant("beta", portal: 2, account: "acct-b"),
        ])
        try await HostHarness.withHost(tenants: directory, configure: Self.withOperator) { host, client in
            try FileManager.default.removeItem(atPath: directory + "/b.yaml")
            #expect(
                try await HostHarness.eventually {
                    try await health(client, host).tenants.map(\.tenant) == ["alpha"]
                })
        }
    }
}

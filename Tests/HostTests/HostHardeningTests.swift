import AsyncHTTPClient
import Foundation
import Host
import NIOCore
import Testing

/// What the host shows without credentials, and the bounds of what the internet can make it do.
@Suite("Host hardening: /health access, bounded metrics, console framing, lookup input")
struct HostHardeningTests {
    static let brokenFallback = "BROKEN-FILE-FALLBACK-SECRET"

    /// Two valid tenants with admin tokens, and a broken file whose text holds a fallback secret.
    static func withHost(_ body: @escaping @Sendable (RunningHost, AdminClient) async throws -> Void) async throws {
        let directory = try HostHarness.tenantsDirectory([
            "acme.yaml": AdminAuthTests.tenant("acme", portal: 1001, account: "acme-zoom", tokenVariable: "ACME_ADMIN_TOKEN"),
            "globex.yaml": AdminAuthTests.tenant("globex", portal: 1002, account: "globex-zoom", tokenVariable: "GLOBEX_ADMIN_TOKEN"),
            "broken.yaml": "tenant: broken\nhubspot:\n  access_token: ${env:UNSET:-\(brokenFallback)}\ntenant: twice\n",
        ])
        try await HostHarness.withHost(
            tenants: directory, environment: AdminAuthTests.environment,
            configure: { $0.operatorToken = AdminAuthTests.operatorToken }
        ) { host, http in
            try await body(host, AdminClient(http: http, baseURL: host.baseURL))
        }
    }

    @Test("/health without a token says only whether the host is up; tokens see their own tenants' detail")
    func healthAccess() async throws {
        try await Self.withHost { _, api in
            let anonymous = try await api.get("/health")
            #expect(anonymous.status == 200)
            let summary = try anonymous.decode(HealthReport.self)
            #expect(summary.status == "degraded")
            #expect(summary.tenantsRunning == 2)
            #expect(summary.tenantFiles == 3)
            #expect(summary.tenants == nil)
            for hidden in ["acme", "globex", "broken", ".yaml", "zoom", Self.brokenFallback] {
                #expect(!anonymous.text.contains(hidden), "\(hidden) in \(anonymous.text)")
            }

            let operatorView = try await api.get("/health", token: AdminAuthTests.operatorToken).decode(HealthReport.self)
            #expect(operatorView.tenants?.map(\.tenant) == ["acme", nil, "globex"])
            let brokenErrors = operatorView.tenants?.first { $0.tenant == nil }?.errors ?? []
            #expect(
                brokenErrors.first?.hasSuffix("broken.yaml:1:1: duplicate key 'tenant' in one mapping; each key may appear once") == true)

            let tenantView = try await api.get("/health", token: "acme-SECRET-admin").decode(HealthReport.self)
            #expect(tenantView.tenants?.map(\.tenant) == ["acme"])

            let bad = try await api.get("/health", token: "not-a-token")
            #expect(bad.status == 401)
            #expect(bad.error?.code == "unauthorized")
        }
    }

    @Test("1,000 distinct unknown paths, webhook connectors and methods leave /metrics' size unchanged")
    func boundedMetricLabels() async throws {
        try await Self.withHost { _, api in
            func burst(_ range: Range<Int>) async throws {
                for index in range {
                    _ = try await api.send("POST", "/webhooks/probe-\(index)")
                    _ = try await api.get("/no-such-route/\(index)")
                    _ = try await api.send("M\(index)", "/health")
                }
            }
            try await burst(0..<5)
            _ = try await api.get("/metrics")
            let before = try await api.get("/metrics").text
            try await burst(5..<340)
            let after = try await api.get("/metrics").text
            let series = { (text: String) in text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0.split(separator: " ")[0] } }
            #expect(series(after) == series(before))
            #expect(after.contains(#"switchyard_webhooks_total{connector="other",result="unknown_connector"} 340"#))
            #expect(after.contains(#"route="/webhooks/{connector}",method="POST",status="404"} 340"#))
            #expect(after.contains(#"method="GET",status="404"} 340"#))
            #expect(!after.contains("probe-"))
        }
    }

    @Test("console pages refuse framing with X-Frame-Options: DENY")
    func consoleFraming() async throws {
        try await Self.withHost { host, _ in
            try await ConsoleClient.with(baseURL: host.baseURL) { browser in
                let signIn = try await browser.get("/console/sign-in")
                #expect(signIn.header("X-Frame-Options") == "DENY")
                _ = try await browser.signIn(AdminAuthTests.operatorToken)
                let page = try await browser.get("/console/tenants/acme")
                #expect(page.status == 200)
                #expect(page.header("X-Frame-Options") == "DENY")
            }
        }
    }

    @Test("the contact lookup refuses a string that is not an email, in the API and the console")
    func lookupNeedsEmail() async throws {
        try await Self.withHost { host, api in
            for probe in ["not-an-email", "a@b", "%27%20OR%201%3D1"] {
                let answer = try await api.get("/api/v1/tenants/acme/contacts/lookup?email=\(probe)", token: "acme-SECRET-admin")
                #expect(answer.status == 400, "\(probe)")
                #expect(answer.error?.message.contains("not an email address") == true)
            }
            let valid = try await api.get("/api/v1/tenants/acme/contacts/lookup?email=someone%40acme.example", token: "acme-SECRET-admin")
            #expect(valid.status == 200)
            try await ConsoleClient.with(baseURL: host.baseURL) { browser in
                _ = try await browser.signIn("acme-SECRET-admin")
                let page = try await browser.get("/console/tenants/acme/contact?email=not-an-email")
                #expect(page.status == 400)
                #expect(page.html.contains("not an email address"))
            }
        }
    }

    @Test("switchyard sync refuses a webinar id with a sign")
    func cliWebinarID() async throws {
        let signed = try await SwitchyardBinary.run(["sync", "acme", "--webinar=-81234567890", "--host", "http://127.0.0.1:9"])
        #expect(signed.status == 1)
        #expect(signed.error.contains("'-81234567890' is not a webinar id"))
    }
}

import Foundation
import Host
import Testing

/// Bearer tokens and tenancy of the admin API, on a host without the sandbox.
@Suite("Admin API: authentication and tenancy")
struct AdminAuthTests {
    static let operatorToken = "operator-SECRET-token"
    static let environment = HostHarness.environment.merging([
        "ACME_ADMIN_TOKEN": "acme-SECRET-admin", "GLOBEX_ADMIN_TOKEN": "globex-SECRET-admin",
    ]) { first, _ in first }

    static func tenant(_ id: String, portal: Int, account: String, tokenVariable: String) -> String {
        HostHarness.tenant(id, portal: portal, account: account)
            .replacingOccurrences(of: "hubspot:\n", with: "admin:\n  token: ${env:\(tokenVariable)}\nhubspot:\n")
    }

    static func withTwoTenants(_ body: @escaping @Sendable (AdminClient) async throws -> Void) async throws {
        let directory = try HostHarness.tenantsDirectory([
            "acme.yaml": tenant("acme", portal: 1001, account: "acme-zoom", tokenVariable: "ACME_ADMIN_TOKEN"),
            "globex.yaml": tenant("globex", portal: 1002, account: "globex-zoom", tokenVariable: "GLOBEX_ADMIN_TOKEN"),
        ])
        try await HostHarness.withHost(tenants: directory, environment: environment, configure: { $0.operatorToken = operatorToken }) {
            host, http in
            try await body(AdminClient(http: http, baseURL: host.baseURL))
        }
    }

    @Test("no token, a malformed header or an unknown token: 401 with a JSON error and WWW-Authenticate")
    func unauthorized() async throws {
        try await Self.withTwoTenants { api in
            for path in ["/api/v1/tenants", "/api/v1/tenants/acme", "/api/v1/tenants/acme/webinars"] {
                let none = try await api.get(path)
                #expect(none.status == 401)
                #expect(none.headers["www-authenticate"] == "Bearer")
                #expect(none.headers["content-type"]?.hasPrefix("application/json") == true)
                #expect(none.error?.code == "unauthorized")
                #expect(none.error?.message.contains("bearer token is required") == true)
                let bad = try await api.get(path, token: "not-a-token")
                #expect(bad.status == 401)
                #expect(bad.error?.message.contains("not valid") == true)
            }
            let sync = try await api.post("/api/v1/tenants/acme/webinars/123/sync", token: "not-a-token")
            #expect(sync.status == 401)
        }
    }

    @Test("the operator sees every tenant; a tenant token sees only its own")
    func listings() async throws {
        try await Self.withTwoTenants { api in
            let all = try await api.get("/api/v1/tenants", token: Self.operatorToken).decode(TenantList.self)
            #expect(all.tenants.map(\.id) == ["acme", "globex"])
            let own = try await api.get("/api/v1/tenants", token: "acme-SECRET-admin").decode(TenantList.self)
            #expect(own.tenants.map(\.id) == ["acme"])
            let acme = try await api.get("/api/v1/tenants/acme", token: "acme-SECRET-admin")
            #expect(acme.status == 200)
        }
    }

    @Test("a tenant token on another tenant gets exactly the 404 of an unknown tenant, on every route")
    func otherTenantIsNotFound() async throws {
        try await Self.withTwoTenants { api in
            let routes = [
                ("GET", ""), ("GET", "/settings"), ("GET", "/business-units"), ("GET", "/webinars"), ("GET", "/webinars/123"),
                ("GET", "/webinars/123/audit"), ("POST", "/webinars/123/sync"), ("GET", "/sync-runs"), ("GET", "/sync-runs/abc"),
                ("GET", "/contacts/lookup?email=a@b.example"),
            ]
            for (method, route) in routes {
                let other = try await api.send(method, "/api/v1/tenants/globex" + route, token: "acme-SECRET-admin")
                let unknown = try await api.send(method, "/api/v1/tenants/nobody" + route, token: "acme-SECRET-admin")
                #expect(other.status == 404, "\(method) \(route)")
                #expect(other.error?.code == "not_found")
                #expect(
                    other.text.replacingOccurrences(of: "globex", with: "X") == unknown.text.replacingOccurrences(of: "nobody", with: "X"))
                #expect(!other.text.contains("Globex") && !other.text.contains("1002"))
            }
        }
    }

    @Test("secrets never appear in API responses: settings show only their redacted references")
    func secretsRedacted() async throws {
        try await Self.withTwoTenants { api in
            let answer = try await api.get("/api/v1/tenants/acme/settings", token: Self.operatorToken)
            #expect(answer.status == 200)
            for secret in Self.environment.values { #expect(!answer.text.contains(secret)) }
            let settings = try answer.decode(TenantSettingsView.self)
            #expect(settings.hubSpot.accessToken == "<redacted ${env:ACME_HUBSPOT_TOKEN}>")
            #expect(settings.adminToken == "<redacted ${env:ACME_ADMIN_TOKEN}>")
            let account = try #require(settings.businessUnits.first?.connectedAccounts.first)
            #expect(account.settings["client_secret"] == "<redacted ${env:ACME_ZOOM_SECRET}>")
        }
    }

    @Test("unknown routes and bad parameters answer the JSON error body")
    func errorsAreJSON() async throws {
        try await Self.withTwoTenants { api in
            let route = try await api.get("/api/v1/nothing-here", token: Self.operatorToken)
            #expect(route.status == 404)
            #expect(route.error?.code == "not_found")
            let webinar = try await api.post("/api/v1/tenants/acme/webinars/12-34/sync", token: Self.operatorToken)
            #expect(webinar.status == 400)
            #expect(webinar.error?.message.contains("digits only") == true)
            let limit = try await api.get("/api/v1/tenants/acme/webinars/1234/audit?limit=0", token: Self.operatorToken)
            #expect(limit.status == 400)
            let email = try await api.get("/api/v1/tenants/acme/contacts/lookup", token: Self.operatorToken)
            #expect(email.status == 400)
            #expect(email.error?.message.contains("?email=") == true)
            let run = try await api.get("/api/v1/tenants/acme/sync-runs/nope", token: Self.operatorToken)
            #expect(run.status == 404)
        }
    }

    @Test("a broken edit shows as degraded with the file's errors, the last good version still served")
    func degradedTenant() async throws {
        let directory = try HostHarness.tenantsDirectory([
            "acme.yaml": Self.tenant("acme", portal: 1001, account: "acme-zoom", tokenVariable: "ACME_ADMIN_TOKEN")
        ])
        try await HostHarness.withHost(
            tenants: directory, environment: Self.environment, configure: { $0.operatorToken = Self.operatorToken }
        ) {
            host, http in
            let api = AdminClient(http: http, baseURL: host.baseURL, token: Self.operatorToken)
            let before = try await api.get("/api/v1/tenants/acme").decode(TenantSummary.self)
            #expect(before.state == .ok && before.lastReloadErrors.isEmpty)
            let broken = Self.tenant("acme", portal: 1001, account: "acme-zoom", tokenVariable: "ACME_ADMIN_TOKEN")
                .replacingOccurrences(of: "portal_id: 1001", with: "portal_id: many")
            try broken.write(toFile: directory + "/acme.yaml", atomically: true, encoding: .utf8)
            let degraded = try await HostHarness.eventually {
                try await api.get("/api/v1/tenants/acme").decode(TenantSummary.self).state == .degraded
            }
            #expect(degraded)
            let after = try await api.get("/api/v1/tenants/acme").decode(TenantSummary.self)
            #expect(after.configVersion == before.configVersion)
            #expect(after.lastReloadErrors.contains { $0.contains("acme.yaml") && $0.contains("portal_id") })

            // A file that never loaded is listed, with its errors, to the operator only.
            try "tenant: beta\nhubspot: {}\n".write(toFile: directory + "/beta.yaml", atomically: true, encoding: .utf8)
            let listed = try await HostHarness.eventually {
                try await api.get("/api/v1/tenants").decode(TenantList.self).failedFiles.contains { $0.file.hasSuffix("beta.yaml") }
            }
            #expect(listed)
            let list = try await api.get("/api/v1/tenants").decode(TenantList.self)
            let failed = try #require(list.failedFiles.first { $0.file.hasSuffix("beta.yaml") })
            #expect(failed.errors.contains { $0.contains("beta.yaml:") })
            let tenantView = AdminClient(http: http, baseURL: host.baseURL, token: "acme-SECRET-admin")
            #expect(try await tenantView.get("/api/v1/tenants").decode(TenantList.self).failedFiles.isEmpty)
        }
    }
}

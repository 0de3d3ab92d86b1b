import Foundation
import Host
import Testing

/// The web console on a host without the sandbox: sign-in, sessions, tenancy, CSRF, secrets.
@Suite("Web console: sign-in, tenancy and forms")
struct ConsoleTests {
    static func withConsole(_ body: @escaping @Sendable (ConsoleClient, String) async throws -> Void) async throws {
        let directory = try HostHarness.tenantsDirectory([
            "acme.yaml": AdminAuthTests.tenant("acme", portal: 1001, account: "acme-zoom", tokenVariable: "ACME_ADMIN_TOKEN"),
            "globex.yaml": AdminAuthTests.tenant("globex", portal: 1002, account: "globex-zoom", tokenVariable: "GLOBEX_ADMIN_TOKEN"),
        ])
        try await HostHarness.withHost(
            tenants: directory, environment: AdminAuthTests.environment, configure: { $0.operatorToken = AdminAuthTests.operatorToken }
        ) { host, _ in
            try await ConsoleClient.with(baseURL: host.baseURL) { try await body($0, directory) }
        }
    }

    @Test("without a session every page leads to the sign-in page, which says how to sign in")
    func signInRequired() async throws {
        try await Self.withConsole { browser, _ in
            for path in ["/console", "/console/tenants/acme", "/console/tenants/acme/webinars/123"] {
                let page = try await browser.get(path)
                #expect(page.status == 303)
                #expect(page.location?.hasPrefix("/console/sign-in?next=") == true)
            }
            let root = try await browser.get("/")
            #expect(root.location == "/console")
            let signIn = try await browser.get("/console/sign-in?next=%2Fconsole%2Ftenants%2Facme")
            #expect(signIn.status == 200)
            #expect(signIn.header("content-type") == "text/html; charset=utf-8")
            #expect(signIn.html.contains(#"<label for="token">Access token</label>"#))
            #expect(signIn.html.contains(#"name="next" value="/console/tenants/acme""#))
            #expect(signIn.header("content-security-policy")?.contains("default-src 'none'") == true)
        }
    }

    @Test("a wrong or empty token: 401, the sign-in page again with a clear message, no cookie")
    func badToken() async throws {
        try await Self.withConsole { browser, _ in
            let wrong = try await browser.signIn("not-a-token")
            #expect(wrong.status == 401)
            #expect(wrong.html.contains("That token is not valid"))
            #expect(wrong.html.contains(#"aria-invalid="true""#))
            #expect(wrong.header("set-cookie") == nil)
            let empty = try await browser.signIn("")
            #expect(empty.status == 401)
            #expect(empty.html.contains("Enter an access token"))
            #expect(try await browser.get("/console").status == 303)
        }
    }

    @Test("signing in sets an HttpOnly, SameSite=Strict session cookie and goes where the user was going")
    func sessionCookie() async throws {
        try await Self.withConsole { browser, _ in
            let signedIn = try await browser.signIn(AdminAuthTests.operatorToken, next: "/console/tenants/acme")
            #expect(signedIn.status == 303)
            #expect(signedIn.location == "/console/tenants/acme")
            let cookie = try #require(signedIn.header("set-cookie"))
            #expect(cookie.hasPrefix("switchyard_session="))
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
            #expect(cookie.contains("Path=/"))
            #expect(!cookie.contains(AdminAuthTests.operatorToken))
            let tenants = try await browser.get("/console")
            #expect(tenants.status == 200)
            #expect(tenants.html.contains("Signed in as the operator"))
            #expect(tenants.html.contains(#"href="/console/tenants/acme""#))
            #expect(tenants.html.contains(#"href="/console/tenants/globex""#))
            #expect(tenants.html.contains("Healthy"))
        }
    }

    @Test("after signing in, only console paths are followed (no open redirect)")
    func safeNext() async throws {
        try await Self.withConsole { browser, _ in
            for next in ["https://evil.example/", "//evil.example/console", "/api/v1/tenants", "/console/sign-out"] {
                browser.forgetCookie()
                let signedIn = try await browser.signIn(AdminAuthTests.operatorToken, next: next)
                #expect(signedIn.location == "/console", "\(next)")
            }
        }
    }

    @Test("a tenant token sees only its tenant; another tenant is the same 404 as an unknown one")
    func tenancy() async throws {
        try await Self.withConsole { browser, _ in
            try await browser.signIn("acme-SECRET-admin")
            let list = try await browser.get("/console")
            #expect(list.html.contains(#"href="/console/tenants/acme""#))
            #expect(!list.html.contains("globex"))
            let own = try await browser.get("/console/tenants/acme")
            #expect(own.status == 200)
            for path in [
                "/console/tenants/globex", "/console/tenants/globex/webinars", "/console/tenants/globex/webinars/123",
                "/console/tenants/globex/contact?email=a%40b.example", "/console/tenants/nobody",
            ] {
                let other = try await browser.get(path)
                #expect(other.status == 404, "\(path)")
                #expect(other.html.contains("No tenant &#39;") || other.html.contains("No tenant '"), "\(path)")
                #expect(!other.html.contains("globex-zoom"))
            }
            let sync = try await browser.post(
                "/console/tenants/globex/webinars/123/sync", form: ["csrf": own.csrfToken ?? ""])
            #expect(sync.status == 404)
        }
    }

    @Test("the tenant page shows the settings in the seeds' words and never a secret")
    func tenantPage() async throws {
        try await Self.withConsole { browser, _ in
            try await browser.signIn(AdminAuthTests.operatorToken)
            let page = try await browser.get("/console/tenants/acme")
            for words in [
                "Global sync", "Webinar sync", "Sync webinar data for", "Sync recordings and transcripts for",
                "Recording exclusions", "Contact exclusions", "Business units", "Account", "Primary", "acme-zoom",
            ] {
                #expect(page.html.contains(words), "\(words)")
            }
            for secret in AdminAuthTests.environment.values + ["redacted", "${env:"] {
                #expect(!page.html.contains(secret), "\(secret)")
            }
        }
    }

    @Test("POST forms need the session's CSRF token and this host's origin")
    func csrf() async throws {
        try await Self.withConsole { browser, _ in
            try await browser.signIn(AdminAuthTests.operatorToken)
            let page = try await browser.get("/console")
            let token = try #require(page.csrfToken)
            for form in [[:], ["csrf": "forged"]] {
                let refused = try await browser.post("/console/sign-out", form: form)
                #expect(refused.status == 403)
                #expect(refused.html.contains("This form did not come from your console session"))
                let sync = try await browser.post("/console/tenants/acme/webinars/123/sync", form: form)
                #expect(sync.status == 403)
            }
            let crossSite = try await browser.post(
                "/console/sign-out", form: ["csrf": token], headers: ["Origin": "http://evil.example"])
            #expect(crossSite.status == 403)
            let crossSiteSignIn = try await browser.post(
                "/console/sign-in", form: ["token": AdminAuthTests.operatorToken],
                headers: ["Origin": "http://evil.example"])
            #expect(crossSiteSignIn.status == 403)
            #expect(try await browser.get("/console").status == 200, "refused posts change nothing")
        }
    }

    @Test("signing out ends the session on the server, not only in the browser")
    func signOut() async throws {
        try await Self.withConsole { browser, _ in
            try await browser.signIn(AdminAuthTests.operatorToken)
            let sessionCookie = try #require(browser.cookie)
            let token = try #require(try await browser.get("/console").csrfToken)
            let out = try await browser.post("/console/sign-out", form: ["csrf": token])
            #expect(out.status == 303)
            #expect(out.location == "/console/sign-in")
            #expect(out.header("set-cookie")?.contains("Max-Age=0") == true)
            #expect(try await browser.get("/console").status == 303)
            // The old cookie, replayed, is dead too.
            try await ConsoleClient.with(baseURL: browser.baseURL) { replay in
                try await replay.withCookie(sessionCookie) {
                    let page = try await replay.get("/console")
                    #expect(page.status == 303)
                }
            }
        }
    }

    @Test("changing a tenant's token in its file ends the sessions signed in with the old one")
    func rotatedToken() async throws {
        try await Self.withConsole { browser, directory in
            try await browser.signIn("acme-SECRET-admin")
            #expect(try await browser.get("/console/tenants/acme").status == 200)
            let file = directory + "/acme.yaml"
            let text = try String(contentsOfFile: file, encoding: .utf8)
                .replacingOccurrences(of: "${env:ACME_ADMIN_TOKEN}", with: "${env:ACME_ROTATED_TOKEN:-rotated-acme-token}")
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            #expect(try await HostHarness.eventually { try await browser.get("/console/tenants/acme").status == 303 })
        }
    }
}

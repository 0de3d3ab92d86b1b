import Foundation
import Host
import Sandbox
import SyncEngine
import Testing

/// The console on the real host with its embedded sandbox (sample tenants): the webinar list,
/// a webinar's audit log in plain language, "Sync now" from the form to the result, the
/// contact lookup.
@Suite("Web console: webinars, audit log and sync now end to end")
struct ConsoleSyncNowTests {
    @Test("webinar list with badges, audit log with what to do, Sync now posts, redirects to its run and shows the result")
    func syncNowFromTheConsole() async throws {
        let directory = try HostHarness.sampleTenants()
        try await HostHarness.withHost(tenants: directory, sandbox: .auto, environment: [:]) { host, _ in
            let sandbox = try #require(host.sandbox)
            let (webinar, excluded) = try AdminAPIEndToEndTests.webinarWithExclusion(sandbox)
            let webinarID = String(webinar.id)
            let runtime = try #require(await host.registry.runtime(tenantID: "northwind"))
            _ = try await host.coordinator.syncWebinar(runtime, webinarID: webinarID, trigger: .schedule)

            try await ConsoleClient.with(baseURL: host.baseURL) { browser in
                #expect(try await browser.signIn("demo-northwind-admin-token").status == 303)

                let list = try await browser.get("/console/tenants/northwind/webinars")
                #expect(list.status == 200)
                #expect(list.html.contains(#"href="/console/tenants/northwind/webinars/\#(webinarID)""#))
                #expect(list.html.contains(#"<span class="badge warn">Synced with warnings</span>"#))

                let page = try await browser.get("/console/tenants/northwind/webinars/\(webinarID)")
                #expect(page.status == 200)
                #expect(page.html.contains("Scheduled reconcile"))
                #expect(page.html.contains(AuditWarningKind.emailsExcluded.title))
                #expect(page.html.contains(AuditWarningKind.emailsExcluded.whatToDo(sourceName: "Zoom")))
                #expect(
                    page.html.contains(
                        "<strong>\(excluded)</strong>: \(AuditReason.excludedDomain.explanation(sourceName: "Zoom").htmlEscaped)"))
                let csrf = try #require(page.csrfToken)

                let posted = try await browser.post("/console/tenants/northwind/webinars/\(webinarID)/sync", form: ["csrf": csrf])
                #expect(posted.status == 303)
                let location = try #require(posted.location)
                #expect(location.hasPrefix("/console/tenants/northwind/runs/"))
                let runID = String(location.split(separator: "/").last ?? "")
                let finished = try #require(await host.admin.runs.finished(id: runID))
                #expect(finished.state == .succeeded)

                let run = try await browser.get(location)
                #expect(run.status == 200)
                #expect(!run.html.contains("http-equiv=\"refresh\""), "a finished run stops refreshing")
                #expect(run.html.contains(#"<span class="badge ok">Done</span>"#))
                #expect(run.html.contains("Result"))
                #expect(run.html.contains("Sync now"))

                let after = try await browser.get("/console/tenants/northwind/webinars/\(webinarID)")
                let firstEntry = try #require(after.html.range(of: "audit-entry").map { after.html[$0.upperBound...] })
                #expect(firstEntry.prefix(400).contains("Sync now"), "the newest entry comes first")
                #expect(after.html.contains("/console/tenants/northwind/runs/\(runID)"))

                let lookup = try await browser.get(
                    "/console/tenants/northwind/contact?email=\(excluded.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? excluded)"
                )
                #expect(lookup.status == 200)
                #expect(lookup.html.contains(#"<span class="badge warn">Excluded</span>"#))
                #expect(lookup.html.contains(AuditReason.excludedDomain.explanation(sourceName: "Zoom").htmlEscaped))

                let unknown = try await browser.get("/console/tenants/northwind/webinars/99999999999")
                #expect(unknown.status == 404)
                let badRun = try await browser.get("/console/tenants/northwind/runs/nope")
                #expect(badRun.status == 404)
            }
        }
    }
}

extension String {
    /// The text as mustache escapes it in HTML.
    var htmlEscaped: String {
        replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }
}

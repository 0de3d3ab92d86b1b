import Hummingbird

extension ConsoleRoutes {
    /// The webinar list, the webinar page, "Sync now" and its run page.
    static func addWebinarPages(to router: Router<BasicRequestContext>, console: Console) {
        router.get("/console/tenants/:tenant/webinars") { request, context in
            await console.signedIn(request) { session, bar in
                let tenantID = try context.parameters.require("tenant")
                let tenant = try await console.visibleTenant(tenantID, session)
                let webinars = try await console.admin.queries.webinars(tenantID, for: session.principal)
                let runs = try await console.admin.syncRuns(tenantID, for: session.principal).filter { $0.kind != .webinar }
                let content = WebinarListContent(
                    webinars: webinars.map { WebinarRow(tenantID: tenantID, $0) }, syncHref: ConsolePaths.webinars(tenantID) + "/sync",
                    backfillHref: ConsolePaths.webinars(tenantID) + "/backfill",
                    runs: runs.prefix(5).map {
                        RunLinkModel(
                            href: ConsolePaths.run(tenantID, $0.id), requestedAt: ConsoleFormat.date($0.requestedAt), state: .run($0.state))
                    })
                return console.renderer.response(
                    .webinars, ConsolePage(title: "Webinars", session: bar, breadcrumbs: console.crumbs(tenant), content: content))
            }
        }

        router.get("/console/tenants/:tenant/webinars/:webinar") { request, context in
            await console.signedIn(request) { session, bar in
                let tenantID = try context.parameters.require("tenant")
                let webinarID = try context.parameters.require("webinar")
                let tenant = try await console.visibleTenant(tenantID, session)
                let webinar = try await console.admin.queries.webinar(tenantID, webinarID: webinarID, for: session.principal)
                let entries = try await console.admin.queries.auditLog(tenantID, webinarID: webinarID, for: session.principal)
                let runs = try await console.admin.syncRuns(tenantID, for: session.principal)
                let content = WebinarContent(
                    tenantID: tenantID, webinar: webinar, entries: entries, runs: runs)
                return console.renderer.response(
                    .webinar,
                    ConsolePage(
                        title: WebinarRow(tenantID: tenantID, webinar).topic, session: bar,
                        breadcrumbs: console.crumbs(tenant) + [Breadcrumb(href: ConsolePaths.webinars(tenantID), label: "Webinars")],
                        content: content))
            }
        }

        router.post("/console/tenants/:tenant/webinars/:webinar/sync") { request, context in
            await runAction(console, request, context) { session, tenantID in
                let webinarID = try context.parameters.require("webinar")
                return try await console.admin.startSync(tenantID, webinarID: webinarID, for: session.principal)
            }
        }

        router.post("/console/tenants/:tenant/webinars/sync") { request, context in
            await runAction(console, request, context) { session, tenantID in
                try await console.admin.startTenantSync(tenantID, for: session.principal)
            }
        }

        router.post("/console/tenants/:tenant/webinars/backfill") { request, context in
            await runAction(console, request, context) { session, tenantID in
                try await console.admin.startBackfill(tenantID, since: nil, for: session.principal)
            }
        }

        router.post("/console/tenants/:tenant/runs/:run/stop") { request, context in
            await runAction(console, request, context) { session, tenantID in
                try await console.admin.stopRun(tenantID, runID: try context.parameters.require("run"), for: session.principal)
            }
        }

        router.get("/console/tenants/:tenant/runs/:run") { request, context in
            await console.signedIn(request) { session, bar in
                let tenantID = try context.parameters.require("tenant")
                let runID = try context.parameters.require("run")
                let tenant = try await console.visibleTenant(tenantID, session)
                let run = try await console.admin.syncRun(tenantID, runID: runID, for: session.principal)
                var crumbs = console.crumbs(tenant) + [Breadcrumb(href: ConsolePaths.webinars(tenantID), label: "Webinars")]
                let title: String
                switch (run.kind, run.webinarID) {
                case (.webinar, let webinarID?):
                    let topic =
                        (try? await console.admin.queries.webinar(tenantID, webinarID: webinarID, for: session.principal))
                        .map { WebinarRow(tenantID: tenantID, $0).topic } ?? "Webinar \(webinarID)"
                    crumbs.append(Breadcrumb(href: ConsolePaths.webinar(tenantID, webinarID), label: topic))
                    title = "Sync now: \(topic)"
                case (.backfill, _): title = "Backfill"
                default: title = "Sync all now"
                }
                return console.renderer.response(
                    .run,
                    ConsolePage(
                        title: title, session: bar, breadcrumbs: crumbs,
                        refreshSeconds: run.state.isFinished ? nil : 1,
                        content: RunContent(tenantID: tenantID, run: run)))
            }
        }
    }

    /// A genuine (CSRF-checked) form post that starts or stops a run of a visible tenant, then
    /// shows the run.
    private static func runAction(
        _ console: Console, _ request: Request, _ context: BasicRequestContext,
        _ action: @escaping (ConsoleSession, String) async throws -> SyncRun
    ) async -> Response {
        await console.signedIn(request) { session, bar in
            let form = await ConsoleGate.form(of: request, context: context)
            guard ConsoleGate.isGenuinePost(request, form: form, session: session) else { return console.forbiddenPost(bar: bar) }
            let tenantID = try context.parameters.require("tenant")
            _ = try await console.visibleTenant(tenantID, session)
            let run = try await action(session, tenantID)
            return ConsoleResponses.redirect(to: ConsolePaths.run(tenantID, run.id))
        }
    }
}

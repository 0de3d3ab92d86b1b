import Hummingbird

/// The console's routes, under `/console`:
///
/// - `GET /console/sign-in`, `POST /console/sign-in` (token), `POST /console/sign-out` (CSRF);
/// - `GET /console` — tenants and their health;
/// - `GET /console/tenants/{tenant}` — settings and business units;
/// - `GET /console/tenants/{tenant}/webinars` — webinars with status badges;
/// - `GET /console/tenants/{tenant}/webinars/{webinar}` — audit log and "Sync now";
/// - `POST /console/tenants/{tenant}/webinars/{webinar}/sync` (CSRF) — starts a run, `303` to it;
/// - `GET /console/tenants/{tenant}/runs/{run}` — progress (refreshes itself), then the result;
/// - `GET /console/tenants/{tenant}/contact?email=` — contact lookup;
/// - `GET /console/console.css`; `GET /` redirects to `/console`.
enum ConsoleRoutes {
    static func add(to router: Router<BasicRequestContext>, console: Console) {
        router.get("/") { _, _ in ConsoleResponses.redirect(to: ConsolePaths.home) }
        router.get("/console/console.css") { _, _ in ConsoleResponses.stylesheet() }
        addSignIn(to: router, console: console)
        addTenantPages(to: router, console: console)
        addWebinarPages(to: router, console: console)
    }
}

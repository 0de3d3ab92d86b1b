import Foundation
import Hummingbird
import SyncEngine

/// The admin API under `/api/v1` (JSON; bearer token: the operator's, or a tenant's own), as
/// described by ``AdminOpenAPI`` at `GET /api/v1/openapi.json`:
///
/// - `GET  /tenants`, `GET /tenants/{tenant}`, `GET /tenants/{tenant}/settings`,
///   `GET /tenants/{tenant}/business-units`
/// - `GET  /tenants/{tenant}/webinars`, `GET /tenants/{tenant}/webinars/{webinar}`,
///   `GET /tenants/{tenant}/webinars/{webinar}/audit`
/// - `POST /tenants/{tenant}/webinars/{webinar}/sync`, `POST /tenants/{tenant}/sync` (every due
///   webinar the sources list), `POST /tenants/{tenant}/backfill?since=` → 202 with a run;
///   `GET /tenants/{tenant}/backfill/plan?since=` → the forecast;
///   `GET /tenants/{tenant}/sync-runs`, `GET /tenants/{tenant}/sync-runs/{run}`,
///   `POST /tenants/{tenant}/sync-runs/{run}/stop`
/// - `GET  /tenants/{tenant}/contacts/lookup?email=…`
///
/// A tenant token used on another tenant gets the same 404 as an unknown tenant.
enum AdminRoutes {
    static func add(to router: Router<BasicRequestContext>, admin: AdminServices) {
        router.add(middleware: AdminErrorMiddleware())
        let api = router.group("api/v1")
        api.get("openapi.json") { _, _ in try JSONBody(AdminOpenAPI.document) }
        api.get("tenants") { request, _ in
            let principal = try await admin.access.principal(of: request)
            return try JSONBody(
                TenantList(
                    tenants: try await admin.queries.tenants(for: principal), failedFiles: await admin.queries.failedFiles(for: principal)))
        }
        let tenant = api.group("tenants/:tenant")
        tenant.get { request, context in
            try await respond(request, context, admin) { principal, tenantID in
                try await admin.queries.tenant(tenantID, for: principal)
            }
        }
        tenant.get("settings") { request, context in
            try await respond(request, context, admin) { principal, tenantID in
                try await admin.queries.settings(tenantID, for: principal)
            }
        }
        tenant.get("business-units") { request, context in
            try await respond(request, context, admin) { principal, tenantID in
                BusinessUnitList(businessUnits: try await admin.queries.businessUnits(tenantID, for: principal))
            }
        }
        addWebinarRoutes(to: tenant, admin: admin)
        addDeadLetterRoutes(to: tenant, admin: admin)
        tenant.get("contacts/lookup") { request, context in
            try await respond(request, context, admin) { principal, tenantID in
                guard let email = request.uri.queryParameters.get("email"), !email.isEmpty, email.count <= 320 else {
                    throw AdminError.badRequest("add the email to look up as ?email=… (1 to 320 characters)")
                }
                return try await admin.queries.contactLookup(tenantID, email: email, for: principal)
            }
        }
    }

    private static func addWebinarRoutes(to tenant: RouterGroup<BasicRequestContext>, admin: AdminServices) {
        tenant.get("webinars") { request, context in
            try await respond(request, context, admin) { principal, tenantID in
                WebinarList(webinars: try await admin.queries.webinars(tenantID, for: principal))
            }
        }
        tenant.get("webinars/:webinar") { request, context in
            try await respond(request, context, admin) { principal, tenantID in
                try await admin.queries.webinar(tenantID, webinarID: try webinarID(context), for: principal)
            }
        }
        tenant.get("webinars/:webinar/audit") { request, context in
            try await respond(request, context, admin) { principal, tenantID in
                let limit = try limitParameter(request)
                let webinar = try webinarID(context)
                let entries = try await admin.queries.auditLog(tenantID, webinarID: webinar, limit: limit, for: principal)
                return AuditLog(webinarID: webinar, entries: entries)
            }
        }
        tenant.post("webinars/:webinar/sync") { request, context in
            let principal = try await admin.access.principal(of: request)
            let tenantID = try context.parameters.require("tenant")
            return try accepted(
                try await admin.startSync(tenantID, webinarID: try webinarID(context), for: principal), tenantID, request, context)
        }
        addTenantRunRoutes(to: tenant, admin: admin)
        tenant.get("sync-runs") { request, context in
            try await respond(request, context, admin) { principal, tenantID in
                SyncRunList(runs: try await admin.syncRuns(tenantID, for: principal))
            }
        }
        tenant.get("sync-runs/:run") { request, context in
            try await respond(request, context, admin) { principal, tenantID in
                try await admin.syncRun(tenantID, runID: try context.parameters.require("run"), for: principal)
            }
        }
    }

    private static func addDeadLetterRoutes(to tenant: RouterGroup<BasicRequestContext>, admin: AdminServices) {
        tenant.get("dead-letters") { request, context in
            try await respond(request, context, admin) { principal, tenantID in
                DeadLetterList(deadLetters: try await admin.deadLetters(tenantID, for: principal))
            }
        }
        tenant.get("dead-letters/:item") { request, context in
            try await respond(request, context, admin) { principal, tenantID in
                try await admin.deadLetter(tenantID, id: try itemID(context), for: principal)
            }
        }
        tenant.post("dead-letters/:item/replay") { request, context in
            try await respond(request, context, admin) { principal, tenantID in
                try await admin.act(on: tenantID, id: try itemID(context), .replayed, for: principal)
            }
        }
        tenant.delete("dead-letters/:item") { request, context in
            try await respond(request, context, admin) { principal, tenantID in
                try await admin.act(on: tenantID, id: try itemID(context), .dropped, for: principal)
            }
        }
    }

    private static func addTenantRunRoutes(to tenant: RouterGroup<BasicRequestContext>, admin: AdminServices) {
        tenant.post("sync") { request, context in
            let principal = try await admin.access.principal(of: request)
            let tenantID = try context.parameters.require("tenant")
            return try accepted(try await admin.startTenantSync(tenantID, for: principal), tenantID, request, context)
        }
        tenant.post("backfill") { request, context in
            let principal = try await admin.access.principal(of: request)
            let tenantID = try context.parameters.require("tenant")
            let since = try sinceParameter(request)
            return try accepted(try await admin.startBackfill(tenantID, since: since, for: principal), tenantID, request, context)
        }
        tenant.get("backfill/plan") { request, context in
            try await respond(request, context, admin) { principal, tenantID in
                try await admin.backfillPlan(tenantID, since: try sinceParameter(request), for: principal)
            }
        }
        tenant.post("sync-runs/:run/stop") { request, context in
            try await respond(request, context, admin) { principal, tenantID in
                try await admin.stopRun(tenantID, runID: try context.parameters.require("run"), for: principal)
            }
        }
    }

    private static func itemID(_ context: BasicRequestContext) throws -> Int64 {
        let text = try context.parameters.require("item")
        guard (1...18).contains(text.count), text.allSatisfy(\.isASCIIDigit), let id = Int64(text) else {
            throw AdminError.badRequest("'\(text)' is not a dead letter id: use its digits (1 to 18), as the list shows them")
        }
        return id
    }

    /// 202 with the run and its `Location`.
    private static func accepted(_ run: SyncRun, _ tenantID: String, _ request: Request, _ context: BasicRequestContext) throws
        -> Response
    {
        var response = try JSONBody(run, status: .accepted).response(from: request, context: context)
        response.headers[.location] = "/api/v1/tenants/\(tenantID)/sync-runs/\(run.id)"
        return response
    }

    /// `?since=YYYY-MM-DD` (UTC), nil when absent.
    static func sinceParameter(_ request: Request) throws -> Date? {
        guard let text = request.uri.queryParameters.get("since") else { return nil }
        guard text.count == 10, let date = try? Date(text + "T00:00:00Z", strategy: .iso8601) else {
            throw AdminError.badRequest("since must be a day such as 2026-06-01 (YYYY-MM-DD, UTC), not '\(text)'")
        }
        return date
    }

    /// Authenticates, then answers with the JSON of `body`.
    private static func respond<Value: Encodable & Sendable>(
        _ request: Request, _ context: BasicRequestContext, _ admin: AdminServices,
        _ body: (AdminPrincipal, String) async throws -> Value
    ) async throws -> JSONBody<Value> {
        let principal = try await admin.access.principal(of: request)
        return try JSONBody(try await body(principal, try context.parameters.require("tenant")))
    }

    private static func webinarID(_ context: BasicRequestContext) throws -> String {
        let text = try context.parameters.require("webinar")
        guard let id = WebinarID(text) else {
            throw AdminError.badRequest("'\(text)' is not a webinar id: use its digits only (1 to 20), without spaces or dashes")
        }
        return id.digits
    }

    private static func limitParameter(_ request: Request) throws -> Int {
        guard let text = request.uri.queryParameters.get("limit") else { return 50 }
        guard let limit = Int(text), (1...500).contains(limit) else {
            throw AdminError.badRequest("limit must be a whole number from 1 to 500, not '\(text)'")
        }
        return limit
    }
}

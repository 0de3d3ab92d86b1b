import Foundation
import Hummingbird
import Store
import SyncEngine

/// The sync endpoints of the admin API (bearer token: the operator's, or the tenant's own):
///
/// - `POST /api/v1/tenants/{tenant}/webinars/{webinar}/sync` — "sync now": runs a full sync of
///   the webinar and answers with its audit entry.
/// - `GET /api/v1/tenants/{tenant}/webinars` — the webinars the host knows, with their last sync.
/// - `GET /api/v1/tenants/{tenant}/webinars/{webinar}/audit` — the webinar's audit log, newest first.
///
/// A tenant token used on another tenant gets the same 404 as an unknown tenant.
enum SyncRoutes {
    static func add(
        to router: Router<BasicRequestContext>, registry: TenantRegistry, coordinator: SyncCoordinator, store: any StateStore,
        operatorToken: String?
    ) {
        let group = router.group("api/v1/tenants")
        group.post(":tenant/webinars/:webinar/sync") { request, context in
            let runtime = try await authorizedTenant(request, context, registry: registry, operatorToken: operatorToken)
            let webinarID = try context.parameters.require("webinar")
            guard webinarID.allSatisfy(\.isASCIIDigit), !webinarID.isEmpty else {
                throw HTTPError(.badRequest, message: "'\(webinarID)' is not a webinar id: use digits only, without spaces or dashes")
            }
            let entry = try await coordinator.syncWebinar(runtime, webinarID: webinarID, trigger: .syncNow)
            return try JSONBody(entry)
        }
        group.get(":tenant/webinars") { request, context in
            let runtime = try await authorizedTenant(request, context, registry: registry, operatorToken: operatorToken)
            return try JSONBody(try await WebinarCatalog(store: store).all(tenantID: runtime.id))
        }
        group.get(":tenant/webinars/:webinar/audit") { request, context in
            let runtime = try await authorizedTenant(request, context, registry: registry, operatorToken: operatorToken)
            let webinarID = try context.parameters.require("webinar")
            return try JSONBody(try await WebinarCatalog(store: store).auditLog(tenantID: runtime.id, webinarID: webinarID))
        }
    }

    /// The tenant named in the path, when the bearer token may see it; 401 without a valid
    /// token, 404 for an unknown tenant or another tenant's token.
    static func authorizedTenant(
        _ request: Request, _ context: BasicRequestContext, registry: TenantRegistry, operatorToken: String?
    ) async throws -> TenantRuntime {
        let tenantID = try context.parameters.require("tenant")
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            throw HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer"], message: "a bearer token is required")
        }
        let token = String(header.dropFirst("Bearer ".count))
        let runtime = await registry.runtime(tenantID: tenantID)
        if let operatorToken, !operatorToken.isEmpty, ConstantTime.equal(token, operatorToken) {
            guard let runtime else { throw HTTPError(.notFound, message: "no tenant '\(tenantID)'") }
            return runtime
        }
        let runtimes = await registry.runtimes
        guard runtimes.contains(where: { $0.config.adminToken.map { ConstantTime.equal(token, $0.reveal()) } ?? false }) else {
            throw HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer"], message: "the bearer token is not valid")
        }
        guard let runtime, let own = runtime.config.adminToken, ConstantTime.equal(token, own.reveal()) else {
            throw HTTPError(.notFound, message: "no tenant '\(tenantID)'")
        }
        return runtime
    }
}

/// Comparison of secrets in time independent of where they differ.
enum ConstantTime {
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for index in 0..<max(x.count, y.count) {
            difference |= (index < x.count ? x[index] : 0) ^ (index < y.count ? y[index] : 0)
        }
        return difference == 0
    }
}

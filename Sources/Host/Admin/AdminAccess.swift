import Foundation
import Hummingbird

/// Who is calling the admin API (or signed in to the console).
public enum AdminPrincipal: Sendable, Hashable {
    /// The operator: sees every tenant.
    case `operator`
    /// A tenant's admin: sees only that tenant.
    case tenant(String)

    /// Whether this principal may see the tenant.
    public func maySee(tenantID: String) -> Bool {
        switch self {
        case .operator: true
        case .tenant(let own): own == tenantID
        }
    }
}

/// Checks bearer tokens: the operator's token (`SWITCHYARD_OPERATOR_TOKEN`) sees every tenant; a
/// tenant's `admin.token` sees only its tenant. Another tenant's data answers the same 404 as
/// an unknown tenant, so a token never learns which other tenants exist.
public struct AdminAccess: Sendable {
    /// The tenants.
    public let registry: TenantRegistry
    /// The operator's token, if one is configured.
    let operatorToken: String?

    /// Creates the access check.
    public init(registry: TenantRegistry, operatorToken: String?) {
        self.registry = registry
        self.operatorToken = operatorToken.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The principal a token belongs to, or nil when no operator or tenant has it.
    public func principal(forToken token: String) async -> AdminPrincipal? {
        guard !token.isEmpty else { return nil }
        if let operatorToken, ConstantTime.equal(token, operatorToken) { return .operator }
        for runtime in await registry.runtimes {
            if let own = runtime.config.adminToken, ConstantTime.equal(token, own.reveal()) { return .tenant(runtime.id) }
        }
        return nil
    }

    /// The principal of a request's `Authorization: Bearer …` header; 401 without a valid one.
    public func principal(of request: Request) async throws(AdminError) -> AdminPrincipal {
        guard let header = request.headers[.authorization] else {
            throw .unauthorized("a bearer token is required: send 'Authorization: Bearer <token>'")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw .unauthorized("the Authorization header must be 'Bearer <token>'")
        }
        guard let principal = await principal(forToken: String(parts[1]).trimmingCharacters(in: .whitespaces)) else {
            throw .unauthorized("the bearer token is not valid; use the operator's token or the tenant's admin.token")
        }
        return principal
    }

    /// The running tenant, when the principal may see it; otherwise the 404 of an unknown tenant.
    public func tenant(_ tenantID: String, for principal: AdminPrincipal) async throws(AdminError) -> TenantRuntime {
        guard principal.maySee(tenantID: tenantID), let runtime = await registry.runtime(tenantID: tenantID) else {
            throw .noTenant(tenantID)
        }
        return runtime
    }

    /// The running tenants the principal may see, by id.
    public func tenants(for principal: AdminPrincipal) async -> [TenantRuntime] {
        await registry.runtimes.filter { principal.maySee(tenantID: $0.id) }
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

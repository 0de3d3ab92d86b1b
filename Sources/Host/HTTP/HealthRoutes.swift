import Foundation
import Hummingbird
import Store
import SyncEngine

/// The body of `GET /health`.
///
/// Without a token it says only whether the host is up: `status` and the counts. With an admin
/// token (`Authorization: Bearer …`) it lists the tenant files that token may see — every file
/// for the operator, its own tenant's for a tenant admin — with their state and errors.
public struct HealthReport: Sendable, Codable, Equatable {
    /// `ok` when every tenant file is valid and running; `degraded` when some file has errors;
    /// `loading` while the tenants directory is being loaded (see ``loading``).
    public var status: String
    /// Number of tenants running.
    public var tenantsRunning: Int
    /// Number of tenant files.
    public var tenantFiles: Int?
    /// The status of every tenant file the token may see (while loading: those loaded so far);
    /// absent without a token.
    public var tenants: [TenantStatus]?
    /// While tenant files are being (re)loaded: how many are done of how many; absent otherwise.
    public var loading: LoadingProgress?
    /// Which replica answered and how many tenants it owns (several replicas on PostgreSQL);
    /// absent for a single process, which owns every tenant.
    public var replica: ReplicaReport?
}

/// This replica in `GET /health`.
public struct ReplicaReport: Sendable, Codable, Equatable {
    /// The replica's id (`SWITCHYARD_REPLICA_ID`).
    public var id: String
    /// How many tenants it owns (runs the background work of) now.
    public var ownedTenants: Int
    /// The ids of the owned tenants the token may see, sorted; absent without a token.
    public var tenants: [String]?
}

extension HostRoutes {
    /// `GET /health` (always 200 while the process serves requests; 401 for a token nobody has).
    static func addHealth(
        to router: Router<BasicRequestContext>, registry: TenantRegistry, access: AdminAccess, store: any StateStore,
        ownership: any TenantOwnership
    ) {
        let replicated = !(ownership is SoleOwnership)
        router.get("health") { request, _ in
            let (statuses, loading) = await (registry.statuses, registry.loading)
            let healthy = statuses.allSatisfy { $0.state == .ok }
            var report = HealthReport(
                status: !healthy ? "degraded" : loading == nil ? "ok" : "loading",
                tenantsRunning: statuses.filter { $0.tenant != nil }.count,
                tenantFiles: statuses.count,
                loading: loading
            )
            let owned = replicated ? ownership.ownedTenants() : []
            if replicated { report.replica = ReplicaReport(id: ownership.replicaID, ownedTenants: owned.count) }
            if request.headers[.authorization] != nil {
                let principal = try await access.principal(of: request)
                var visible =
                    switch principal {
                    case .operator: statuses
                    case .tenant(let own): statuses.filter { $0.tenant == own }
                    }
                // Warnings (e.g. optional HubSpot properties a portal lacks) only in the detail.
                for index in visible.indices {
                    guard let tenant = visible[index].tenant else { continue }
                    visible[index].warnings = await PortalPropertyCatalog.warnings(tenantID: tenant, store: store)
                }
                report.tenants = visible
                if replicated {
                    let visibleIDs = Set(visible.compactMap(\.tenant))
                    report.replica?.tenants = owned.filter { visibleIDs.contains($0) }.sorted()
                }
            }
            return try JSONBody(report)
        }
    }

    /// `GET /metrics`: Prometheus text format.
    static func addMetrics(to router: Router<BasicRequestContext>, metrics: HostMetrics) {
        router.get("metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: await metrics.scrape()))
            )
        }
    }
}

/// A JSON response body (ISO-8601 dates, sorted keys).
struct JSONBody<Value: Encodable & Sendable>: ResponseGenerator {
    let value: Value
    let status: HTTPResponse.Status

    init(_ value: Value, status: HTTPResponse.Status = .ok) throws {
        self.value = value
        self.status = status
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value)))
        )
    }
}

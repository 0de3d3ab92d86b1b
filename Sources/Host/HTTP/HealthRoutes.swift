import Foundation
import Hummingbird
import Store
import SyncEngine

/// The body of `GET /health`.
public struct HealthReport: Sendable, Codable, Equatable {
    /// `ok` when every tenant file is valid and running; `degraded` when some file has errors.
    public var status: String
    /// Number of tenants running.
    public var tenantsRunning: Int
    /// Every tenant file's status.
    public var tenants: [TenantStatus]
}

extension HostRoutes {
    /// `GET /health`: per-tenant status (always 200 while the process serves requests).
    static func addHealth(to router: Router<BasicRequestContext>, registry: TenantRegistry, store: any StateStore) {
        router.get("health") { _, _ in
            var statuses = await registry.statuses
            for index in statuses.indices {
                guard let tenant = statuses[index].tenant else { continue }
                statuses[index].warnings = await PortalPropertyCatalog.warnings(tenantID: tenant, store: store)
            }
            let report = HealthReport(
                status: statuses.allSatisfy { $0.state == .ok } ? "ok" : "degraded",
                tenantsRunning: statuses.filter { $0.tenant != nil }.count,
                tenants: statuses
            )
            return try JSONBody(report)
        }
    }

    /// `GET /metrics`: Prometheus text format.
    static func addMetrics(to router: Router<BasicRequestContext>, metrics: HostMetrics) {
        router.get("metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: metrics.exposition()))
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

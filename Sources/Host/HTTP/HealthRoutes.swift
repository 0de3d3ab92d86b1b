import Foundation
import Hummingbird

/// The body of `GET /health`.
public struct HealthReport: Sendable, Codable, Equatable {
    /// `ok` when every tenant file is valid and running; `degraded` when some file has errors;
    /// `loading` while the tenants directory is being loaded (see ``loading``).
    public var status: String
    /// Number of tenants running.
    public var tenantsRunning: Int
    /// Every tenant file's status (while loading: those loaded so far).
    public var tenants: [TenantStatus]
    /// While tenant files are being (re)loaded: how many are done of how many; absent otherwise.
    public var loading: LoadingProgress?
}

extension HostRoutes {
    /// `GET /health`: per-tenant status (always 200 while the process serves requests).
    static func addHealth(to router: Router<BasicRequestContext>, registry: TenantRegistry) {
        router.get("health") { _, _ in
            let (statuses, loading) = await (registry.statuses, registry.loading)
            let healthy = statuses.allSatisfy { $0.state == .ok }
            let report = HealthReport(
                status: !healthy ? "degraded" : loading == nil ? "ok" : "loading",
                tenantsRunning: statuses.filter { $0.tenant != nil }.count,
                tenants: statuses,
                loading: loading
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

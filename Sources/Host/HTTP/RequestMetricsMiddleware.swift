import Hummingbird

/// Counts every HTTP request in ``HostMetrics`` by route template, method and status. Labels
/// are bounded whatever the internet sends: the route is the matched route's pattern (e.g.
/// `/webhooks/:connector`) or `unmatched`, the method one of the standard ones or `other`.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {

    let metrics: HostMetrics

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            let response = try await next(request, context)
            metrics.httpRequest(
                route: context.endpointPath ?? "unmatched", method: Self.methodLabel(request.method.rawValue),
                status: Int(response.status.code))
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            metrics.httpRequest(
                route: context.endpointPath ?? "unmatched", method: Self.methodLabel(request.method.rawValue),
                status: Int(status))
            throw error
        }
    }

    static func methodLabel(_ method: String) -> String {
        ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"].contains(method) ? method : "other"
    }
}

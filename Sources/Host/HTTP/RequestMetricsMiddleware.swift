import Hummingbird

/// Counts every HTTP request in ``HostMetrics`` by route template, method and status.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: HostMetrics

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            let response = try await next(request, context)
            metrics.httpRequest(
                route: context.endpointPath ?? "unmatched", method: request.method.rawValue,
                status: Int(response.status.code))
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            metrics.httpRequest(
                route: context.endpointPath ?? "unmatched", method: request.method.rawValue,
                status: Int(status))
            throw error
        }
    }
}

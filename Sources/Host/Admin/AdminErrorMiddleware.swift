import Hummingbird

/// Gives every `/api/v1` response that is an error the admin API's JSON error body, including
/// Hummingbird's own (unknown route, wrong method) and unexpected failures (500, details only
/// in the log).
struct AdminErrorMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path == "/api/v1" || request.uri.path.hasPrefix("/api/v1/") else {
            return try await next(request, context)
        }
        do {
            return try await next(request, context)
        } catch let error as AdminError {
            throw error
        } catch let error as HTTPError {
            throw Self.translate(error)
        } catch {
            context.logger.error(
                "admin API request failed", metadata: ["path": .string(request.uri.path), "error": .string("\(error)")])
            throw AdminError(.internalError, "the host could not answer this request; its log has the details")
        }
    }

    static func translate(_ error: HTTPError) -> AdminError {
        let message = error.body
        switch error.status {
        case .notFound: return .notFound(message ?? "no such route; GET /api/v1/openapi.json lists the routes")
        case .methodNotAllowed: return AdminError(.methodNotAllowed, message ?? "the route does not accept this method")
        case .unauthorized: return .unauthorized(message ?? "a valid bearer token is required")
        case let status where status.code < 500: return .badRequest(message ?? "the request is not valid: \(status.reasonPhrase)")
        default: return AdminError(.internalError, "the host could not answer this request; its log has the details")
        }
    }
}

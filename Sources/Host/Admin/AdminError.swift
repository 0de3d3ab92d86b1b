import Foundation
import Hummingbird

/// Why an admin request was refused. Its JSON form is the error body of every `/api/v1`
/// route: `{"error": {"code": "not_found", "message": "…"}}`. Messages say what happened and
/// what to do; they never contain a secret, nor anything of a tenant the caller may not see.
public struct AdminError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of refusal, which decides the HTTP status.
    public enum Code: String, Sendable, Codable, CaseIterable {
        /// 400: the request is malformed (e.g. a webinar id that is not digits).
        case badRequest = "bad_request"
        /// 401: no bearer token, or one that no operator or tenant has.
        case unauthorized
        /// 404: no such tenant (or one the token may not see), webinar, run or route.
        case notFound = "not_found"
        /// 405: the route exists, but not with this method.
        case methodNotAllowed = "method_not_allowed"
        /// 500: the host failed; the log has the details.
        case internalError = "internal_error"

        /// The HTTP status.
        public var status: HTTPResponse.Status {
            switch self {
            case .badRequest: .badRequest
            case .unauthorized: .unauthorized
            case .notFound: .notFound
            case .methodNotAllowed: .methodNotAllowed
            case .internalError: .internalServerError
            }
        }
    }

    /// The kind.
    public var code: Code
    /// What happened and what to do.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }

    /// 401 without a (valid) token.
    public static func unauthorized(_ message: String) -> AdminError { AdminError(.unauthorized, message) }
    /// 404.
    public static func notFound(_ message: String) -> AdminError { AdminError(.notFound, message) }
    /// 400.
    public static func badRequest(_ message: String) -> AdminError { AdminError(.badRequest, message) }
    /// The same 404 for an unknown tenant and for a tenant the token may not see.
    public static func noTenant(_ tenantID: String) -> AdminError {
        .notFound("no tenant '\(tenantID)'; GET /api/v1/tenants lists the tenants your token can see")
    }
}

/// The JSON error body of the admin API.
public struct AdminErrorBody: Sendable, Codable, Equatable {
    /// The error.
    public struct Detail: Sendable, Codable, Equatable {
        /// Machine-readable kind: `bad_request`, `unauthorized`, `not_found`, `method_not_allowed`, `internal_error`.
        public var code: String
        /// What happened and what to do.
        public var message: String
    }

    /// The error.
    public var error: Detail
}

extension AdminError: HTTPResponseError {
    /// The HTTP status of the code.
    public var status: HTTPResponse.Status { code.status }

    /// The JSON error body; 401 also says `WWW-Authenticate: Bearer`.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try JSONBody(AdminErrorBody(error: .init(code: code.rawValue, message: message)), status: status)
            .response(from: request, context: context)
        if code == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
        return response
    }
}

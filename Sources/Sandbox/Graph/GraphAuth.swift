import Foundation
import Hummingbird
import SwitchyardJSON

/// The Microsoft identity platform's client-credentials grant, as served at
/// `POST https://login.microsoftonline.com/{tenantId}/oauth2/v2.0/token`, and the bearer check
/// of Graph routes.
///
/// The form carries `grant_type=client_credentials`, `scope=https://graph.microsoft.com/.default`
/// and the client id and secret (in the form, or HTTP Basic). Errors are the `AADSTS…` JSON
/// of Microsoft Entra (`error`, `error_description`, `error_codes`, `trace_id`, `correlation_id`).
struct GraphAuth: Sendable {
    let store: GraphStore
    let configuration: GraphSimulatorConfiguration

    private struct TokenForm: Decodable {
        var grantType: String?
        var clientId: String?
        var clientSecret: String?
        var scope: String?

        enum CodingKeys: String, CodingKey {
            case grantType = "grant_type"
            case clientId = "client_id"
            case clientSecret = "client_secret"
            case scope
        }
    }

    /// Answers a token request for `tenantID` (the path segment).
    func issueToken(_ request: Request, tenantID: String, context: some RequestContext) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let form = (try? URLEncodedFormDecoder().decode(TokenForm.self, from: String(buffer: body))) ?? TokenForm()
        let basic = ZoomAuth.basicCredentials(request.headers[.authorization])
        let clientID = form.clientId ?? basic?.0
        let clientSecret = form.clientSecret ?? basic?.1
        guard let tenant = store.tenants.first(where: { $0.credentials.tenantID == tenantID }) else {
            return entraError(
                .badRequest, "invalid_request", 90002,
                "Tenant '\(tenantID)' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.")
        }
        guard let grantType = form.grantType, !grantType.isEmpty else {
            return entraError(
                .badRequest, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.")
        }
        guard grantType == "client_credentials" else {
            return entraError(
                .badRequest, "unsupported_grant_type", 70003, "The app requested an unsupported grant type '\(grantType)'.")
        }
        guard let clientID, !clientID.isEmpty else {
            return entraError(
                .badRequest, "invalid_request", 900144, "The request body must contain the following parameter: 'client_id'.")
        }
        guard clientID == tenant.credentials.clientID else {
            return entraError(
                .badRequest, "unauthorized_client", 700016,
                "Application with identifier '\(clientID)' was not found in the directory '\(tenantID)'.")
        }
        guard let scope = form.scope, !scope.isEmpty else {
            return entraError(
                .badRequest, "invalid_request", 90014, "The required field 'scope' is missing from the credential.")
        }
        guard scope.split(separator: " ").allSatisfy({ $0.hasSuffix("/.default") }) else {
            return entraError(
                .badRequest, "invalid_scope", 1_002_012,
                "The provided value for scope \(scope) is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI)."
            )
        }
        guard let clientSecret, clientSecret == tenant.credentials.clientSecret else {
            return entraError(
                .unauthorized, "invalid_client", 7_000_215,
                "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '\(clientID)'."
            )
        }
        let token = Self.newToken()
        let expiresAt = configuration.now().addingTimeInterval(TimeInterval(configuration.tokenLifetimeSeconds))
        store.withState { $0.tokens[token] = GraphStore.IssuedToken(tenantID: tenantID, expiresAt: expiresAt) }
        let lifetime = JSONValue.integer(Int64(configuration.tokenLifetimeSeconds))
        return GraphResponses.json(
            ["token_type": "Bearer", "expires_in": lifetime, "ext_expires_in": lifetime, "access_token": .string(token)])
    }

    /// The tenant whose unexpired bearer token authorizes the request.
    func authenticate(_ request: Request) throws(GraphError) -> String {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            throw .missingToken
        }
        let token = header.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty else { throw .missingToken }
        guard let issued = store.issuedToken(token) else { throw .invalidToken }
        guard issued.expiresAt > configuration.now() else { throw .expiredToken }
        return issued.tenantID
    }

    private func entraError(_ status: HTTPResponse.Status, _ error: String, _ code: Int, _ message: String) -> Response {
        let traceID = GraphResponses.requestID()
        let correlationID = GraphResponses.requestID()
        let timestamp = configuration.now().formatted(
            Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day().dateTimeSeparator(.space).time(
                includingFractionalSeconds: false))
        let description =
            "AADSTS\(code): \(message) Trace ID: \(traceID) Correlation ID: \(correlationID) Timestamp: \(timestamp)Z"
        let body: JSONValue = [
            "error": .string(error),
            "error_description": .string(description),
            "error_codes": [.integer(Int64(code))],
            "timestamp": .string(timestamp + "Z"),
            "trace_id": .string(traceID),
            "correlation_id": .string(correlationID),
            "error_uri": .string("https://login.microsoftonline.com/error?code=\(code)"),
        ]
        return GraphResponses.json(body, status: status)
    }

    /// A fresh opaque token shaped like a JWT (three base64url segments), not derived from the
    /// seed: tokens are secrets, not scenario data.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let segment = { (count: Int) in
            GraphIdentifiers.base64URL(Data((0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }))
        }
        return "eyJ0eXAiOiJKV1QiLCJzYW5kYm94Ijp0cnVlfQ.\(segment(48)).\(segment(32))"
    }
}

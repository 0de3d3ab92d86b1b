import ConnectorKit
import Foundation
import Logging

/// App-only access tokens (OAuth 2.0 client credentials) from the Microsoft identity platform,
/// cached until shortly before they expire; concurrent callers share one token request.
actor GraphTokens {
    private let tokenEndpoint: String
    private let clientID: String
    private let clientSecret: Secret
    private let scope: String
    private let http: any GraphHTTP
    private let now: @Sendable () -> Date
    private let logger: Logger
    /// A token is renewed this long before it expires.
    private let margin: TimeInterval = 300
    private var cached: (token: String, expiresAt: Date)?
    private var pending: Task<(String, Date), any Error>?

    init(
        tokenBase: String, tenantID: String, clientID: String, clientSecret: Secret, scope: String, http: any GraphHTTP,
        now: @escaping @Sendable () -> Date, logger: Logger
    ) {
        let tenant = tenantID.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? tenantID
        self.tokenEndpoint = "\(tokenBase)/\(tenant)/oauth2/v2.0/token"
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.scope = scope
        self.http = http
        self.now = now
        self.logger = logger
    }

    /// A valid access token.
    func token() async throws -> String {
        if let cached, cached.expiresAt.timeIntervalSince(now()) > margin { return cached.token }
        if let pending { return try await pending.value.0 }
        let task = Task { try await self.request() }
        pending = task
        defer { pending = nil }
        let (token, expiresAt) = try await task.value
        cached = (token, expiresAt)
        return token
    }

    /// Forgets `token` (Graph refused it), so the next call asks for a new one.
    func invalidate(_ token: String) {
        if cached?.token == token { cached = nil }
    }

    private func request() async throws -> (String, Date) {
        let fields = [
            ("client_id", clientID), ("client_secret", clientSecret.reveal()), ("scope", scope),
            ("grant_type", "client_credentials"),
        ]
        let body = Data(fields.map { "\($0.0)=\(Self.formEncoded($0.1))" }.joined(separator: "&").utf8)
        let response: GraphHTTPResponse
        do {
            response = try await http.send(
                GraphHTTPRequest(
                    method: "POST", url: tokenEndpoint,
                    headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")], body: body))
        } catch {
            throw ConnectorError(
                .unavailable, "Could not get an access token: the Microsoft identity platform did not answer (\(error)); try again later.")
        }
        struct Answer: Decodable {
            var access_token: String?
            var expires_in: Double?
            var error: String?
            var error_description: String?
        }
        let answer = try? JSONDecoder().decode(Answer.self, from: response.body)
        guard response.isSuccess, let token = answer?.access_token, !token.isEmpty else {
            let code = answer?.error ?? "HTTP \(response.status)"
            logger.warning("the identity platform refused the token request", metadata: ["error": .string(code)])
            let kind: ConnectorError.Kind = response.status >= 500 || response.status == 429 ? .unavailable : .unauthorized
            throw ConnectorError(
                kind,
                "The Microsoft identity platform refused the app's credentials (\(code)); check tenant_id, client_id and client_secret of the app registration.",
                httpStatus: response.status)
        }
        return (token, now().addingTimeInterval(answer?.expires_in ?? 3599))
    }

    /// `application/x-www-form-urlencoded` value encoding (only unreserved characters stay).
    static func formEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

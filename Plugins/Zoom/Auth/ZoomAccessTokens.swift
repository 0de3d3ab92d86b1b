import ConnectorKit
import Foundation
import Logging
import NIOHTTP1

/// Server-to-Server OAuth tokens of one Zoom account.
///
/// A token is fetched with `POST {oauth_base}/oauth/token?grant_type=account_credentials&account_id=…`
/// (HTTP Basic `client_id:client_secret`), cached, and renewed shortly before it expires or
/// when Zoom says it is invalid. However many requests need a token at once, at most one
/// token request is in flight: the others await the same task.
actor ZoomAccessTokens {
    private struct Token {
        var value: String
        var expiresAt: Date
    }

    private struct TokenAnswer: Decodable {
        var accessToken: String
        var expiresIn: Int?

        enum CodingKeys: String, CodingKey {
            case accessToken = "access_token"
            case expiresIn = "expires_in"
        }
    }

    private struct OAuthError: Decodable {
        var error: String?
        var reason: String?
    }

    private let tokenURL: String
    private let accountID: String
    private let basicCredentials: String
    private let transport: ZoomTransport
    private let options: ZoomClientOptions
    private let now: @Sendable () -> Date
    private let logger: Logger
    private var current: Token?
    private var refreshing: Task<Token, any Error>?

    /// Creates the token cache of one account.
    init(
        oauthBase: String, accountID: String, clientID: String, clientSecret: Secret,
        transport: ZoomTransport, options: ZoomClientOptions, now: @escaping @Sendable () -> Date,
        logger: Logger
    ) {
        self.tokenURL = ZoomPath.withQuery(
            oauthBase + "/oauth/token",
            [("grant_type", "account_credentials"), ("account_id", accountID)])
        self.accountID = accountID
        self.basicCredentials = Data("\(clientID):\(clientSecret.reveal())".utf8).base64EncodedString()
        self.transport = transport
        self.options = options
        self.now = now
        self.logger = logger
    }

    /// A valid access token: the cached one, or a new one when it is missing or about to expire.
    func token() async throws -> String {
        if let current, now() < current.expiresAt {
            return current.value
        }
        if let refreshing {
            return try await refreshing.value.value
        }
        let task = Task { try await self.requestToken() }
        refreshing = task
        defer { refreshing = nil }
        let token = try await task.value
        current = token
        return token.value
    }

    /// Forgets `value` when it is the cached token (Zoom answered 401 with code 124), so the
    /// next ``token()`` fetches a new one. A token already renewed by another caller stays.
    func invalidate(_ value: String) {
        if current?.value == value { current = nil }
    }

    private func requestToken() async throws -> Token {
        var attempt = 0
        while true {
            attempt += 1
            let response: ZoomHTTPResponse
            do {
                response = try await transport.send(
                    method: .POST, url: tokenURL,
                    headers: [("Authorization", "Basic \(basicCredentials)")])
            } catch let error as CancellationError {
                throw error
            } catch let error where ZoomTransport.isRetryable(error) && attempt < options.maxAttempts {
                try await options.clock.sleep(options.backoff(forRetry: attempt))
                continue
            } catch {
                throw ConnectorError(
                    .unavailable,
                    "Could not reach Zoom's OAuth endpoint for account \(accountID) (\(error)); try again later."
                )
            }
            if response.status >= 500, attempt < options.maxAttempts {
                try await options.clock.sleep(options.backoff(forRetry: attempt))
                continue
            }
            if response.status == 429, attempt <= options.maxRateLimitWaits {
                let wait = ZoomRateLimitHeaders(response, now: now()).retryAfter ?? .seconds(1)
                if wait <= options.maxRateLimitWait {
                    try await options.clock.sleep(wait)
                    continue
                }
            }
            return try token(from: response)
        }
    }

    private func token(from response: ZoomHTTPResponse) throws -> Token {
        guard response.isSuccess else {
            let oauth = try? JSONDecoder().decode(OAuthError.self, from: response.body)
            let detail = [oauth?.error, oauth?.reason].compactMap { $0 }.joined(separator: ": ")
            let kind: ConnectorError.Kind =
                switch response.status {
                case 429: .rateLimited
                case 500...: .unavailable
                default: .unauthorized
                }
            throw ConnectorError(
                kind,
                "Zoom refused a Server-to-Server OAuth token for account \(accountID)"
                    + (detail.isEmpty ? " (HTTP \(response.status))" : " (\(detail))")
                    + (kind == .unauthorized
                        ? ". Check account_id, client_id and client_secret of the Zoom app."
                        : "; try again later."),
                httpStatus: response.status)
        }
        guard let answer = try? JSONDecoder().decode(TokenAnswer.self, from: response.body),
            !answer.accessToken.isEmpty
        else {
            throw ConnectorError(
                .malformedData, "Zoom's OAuth endpoint answered without an access token.")
        }
        let lifetime = TimeInterval(max(answer.expiresIn ?? 3600, 1))
        // Renew ahead of expiry: five minutes early, or halfway for short-lived tokens.
        let margin = min(300, lifetime / 2)
        logger.debug("Zoom access token issued", metadata: ["zoom.account": "\(accountID)"])
        return Token(value: answer.accessToken, expiresAt: now().addingTimeInterval(lifetime - margin))
    }
}

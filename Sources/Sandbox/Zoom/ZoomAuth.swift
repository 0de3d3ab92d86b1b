import Foundation
import Hummingbird

/// Server-to-Server OAuth as Zoom runs it at `POST https://zoom.us/oauth/token`.
///
/// `grant_type=account_credentials` and `account_id` come in the query string or in an
/// `application/x-www-form-urlencoded` body; the client id and secret in HTTP Basic.
/// Tokens are opaque and live `tokenLifetimeSeconds` (3600).
struct ZoomAuth: Sendable {
  let store: ZoomStore
  let configuration: ZoomSimulatorConfiguration

  /// The scopes every simulated S2S app is granted.
  static let grantedScopes =
    "user:read:admin webinar:read:admin webinar:write:admin report:read:admin recording:read:admin"

  private struct TokenResponse: Encodable {
    var accessToken: String
    var tokenType: String
    var expiresIn: Int
    var scope: String
    var apiUrl: String
  }

  private struct OAuthError: Encodable {
    var reason: String
    var error: String
  }

  private struct TokenForm: Decodable {
    var grantType: String?
    var accountId: String?

    enum CodingKeys: String, CodingKey {
      case grantType = "grant_type"
      case accountId = "account_id"
    }
  }

  /// Answers a token request.
  func issueToken(_ request: Request, context: some RequestContext) async throws -> Response {
    var request = request
    let body = try await request.collectBody(upTo: context.maxUploadSize)
    let formText = String(buffer: body)
    let form = (try? URLEncodedFormDecoder().decode(TokenForm.self, from: formText)) ?? TokenForm()
    let query = request.uri.queryParameters
    let grantType = form.grantType ?? query["grant_type"].map(String.init)
    let accountID = form.accountId ?? query["account_id"].map(String.init)

    guard let credentials = Self.basicCredentials(request.headers[.authorization]) else {
      return oauthError(.badRequest, "invalid_client", "Invalid client_id or client_secret")
    }
    let (clientID, clientSecret) = credentials
    guard let grantType else {
      return oauthError(.badRequest, "invalid_request", "Missing grant type")
    }
    guard grantType == "account_credentials" else {
      return oauthError(.badRequest, "unsupported_grant_type", "unsupported grant type")
    }
    let accounts = store.accounts
    guard
      let app = accounts.first(where: {
        $0.credentials.clientID == clientID && $0.credentials.clientSecret == clientSecret
      })
    else {
      return oauthError(.badRequest, "invalid_client", "Invalid client_id or client_secret")
    }
    guard let accountID, accountID == app.credentials.accountID else {
      return oauthError(.badRequest, "invalid_request", "Invalid account_id")
    }
    let token = Self.newToken()
    let expiresAt = configuration.now().addingTimeInterval(
      TimeInterval(configuration.tokenLifetimeSeconds))
    store.withState {
      $0.tokens[token] = ZoomStore.IssuedToken(accountID: accountID, expiresAt: expiresAt)
    }
    return zoomJSONResponse(
      TokenResponse(
        accessToken: token,
        tokenType: "bearer",
        expiresIn: configuration.tokenLifetimeSeconds,
        scope: Self.grantedScopes,
        apiUrl: "https://api.zoom.us"
      )
    )
  }

  /// The account whose unexpired bearer token (header, or `access_token` query where allowed)
  /// authorizes the request.
  func authenticate(_ request: Request, allowQueryToken: Bool = false) throws(ZoomAPIError)
    -> String
  {
    var token: String?
    if let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") {
      token = String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
    } else if allowQueryToken, let queryToken = request.uri.queryParameters["access_token"] {
      token = String(queryToken)
    }
    guard let token, !token.isEmpty else { throw .invalidToken }
    let issued = store.withState { $0.tokens[token] }
    guard let issued else { throw .invalidToken }
    guard issued.expiresAt > configuration.now() else { throw .expiredToken }
    return issued.accountID
  }

  private func oauthError(_ status: HTTPResponse.Status, _ error: String, _ reason: String)
    -> Response
  {
    zoomJSONResponse(OAuthError(reason: reason, error: error), status: status)
  }

  /// Decodes `Basic base64(id:secret)`.
  static func basicCredentials(_ header: String?) -> (String, String)? {
    guard let header, header.lowercased().hasPrefix("basic ") else { return nil }
    let encoded = header.dropFirst("basic ".count).trimmingCharacters(in: .whitespaces)
    guard let data = Data(base64Encoded: encoded), let text = String(data: data, encoding: .utf8),
      let colon = text.firstIndex(of: ":")
    else { return nil }
    return (String(text[..<colon]), String(text[text.index(after: colon)...]))
  }

  /// A fresh opaque token (not derived from the seed: tokens are secrets, not scenario data).
  static func newToken() -> String {
    var generator = SystemRandomNumberGenerator()
    let bytes = (0..<48).map { _ in UInt8.random(in: 0...255, using: &generator) }
    return "eyJzYW5kYm94Ijp0cnVlfQ."
      + Data(bytes).base64EncodedString()
      .replacingOccurrences(of: "+", with: "-")
      .replacingOccurrences(of: "/", with: "_")
      .replacingOccurrences(of: "=", with: "")
  }
}

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization

/// A small scripted Zoom for mechanics the simulator does not make easy to force (token
/// lifetimes, 401s, 429s, 5xx): `/oauth/token` plus whatever routes a test adds. It records
/// every request.
final class ScriptedZoom: Sendable {
  /// One received request.
  struct Received: Sendable {
    var method: String
    var path: String
    var query: [String: String]
    var authorization: String?
    var body: String
  }

  private struct State {
    var received: [Received] = []
    var tokensIssued = 0
  }

  private let state = Mutex(State())
  /// Lifetime of issued tokens in seconds.
  let tokenLifetime: Int
  /// Credentials accepted by `/oauth/token` (client id → secret).
  let credentials: [String: String]

  init(
    tokenLifetime: Int = 3600, credentials: [String: String] = ["client-1": "client-secret-value"]
  ) {
    self.tokenLifetime = tokenLifetime
    self.credentials = credentials
  }

  var received: [Received] { state.withLock { $0.received } }
  var tokensIssued: Int { state.withLock { $0.tokensIssued } }
  /// API requests (everything but the token endpoint).
  var apiRequests: [Received] { received.filter { $0.path != "/oauth/token" } }

  func record(_ request: Request, body: String = "") {
    var query: [String: String] = [:]
    for (key, value) in request.uri.queryParameters {
      query[String(key)] = String(value)
    }
    let received = Received(
      method: request.method.rawValue, path: request.uri.path, query: query,
      authorization: request.headers[.authorization], body: body)
    state.withLock { $0.received.append(received) }
  }

  /// A router with `/oauth/token` (tokens `token-1`, `token-2`, … for known credentials;
  /// client id in the Basic header must match the account's secret).
  func router(delayTokens: Duration = .milliseconds(30)) -> Router<BasicRequestContext> {
    let router = Router()
    router.post("/oauth/token") { request, _ -> Response in
      self.record(request)
      try await Task.sleep(for: delayTokens)
      guard let header = request.headers[.authorization], header.hasPrefix("Basic "),
        let decoded = Data(base64Encoded: String(header.dropFirst(6))),
        let text = String(data: decoded, encoding: .utf8),
        let colon = text.firstIndex(of: ":"),
        self.credentials[String(text[..<colon])] == String(text[text.index(after: colon)...]),
        request.uri.queryParameters["grant_type"] == "account_credentials"
      else {
        return Self.json(
          #"{"reason":"Invalid client_id or client_secret","error":"invalid_client"}"#,
          status: .badRequest)
      }
      let number = self.state.withLock { state -> Int in
        state.tokensIssued += 1
        return state.tokensIssued
      }
      return Self.json(
        #"{"access_token":"token-\#(number)","token_type":"bearer","expires_in":\#(self.tokenLifetime),"scope":"webinar:read:admin"}"#
      )
    }
    return router
  }

  /// Runs `router` on an ephemeral loopback port for the duration of `body`.
  static func serve<Value: Sendable>(
    _ router: Router<BasicRequestContext>, _ body: @Sendable (Int) async throws -> Value
  ) async throws -> Value {
    let app = Application(
      router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    return try await app.test(.live) { client in
      guard let port = client.port else { throw ScriptError.noPort }
      return try await body(port)
    }
  }

  enum ScriptError: Error { case noPort }

  /// A JSON response.
  static func json(_ text: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:])
    -> Response
  {
    var fields = headers
    fields[.contentType] = "application/json"
    return Response(
      status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: text)))
  }

  /// Header fields by name (names that are not valid tokens are skipped).
  static func headers(_ pairs: [String: String]) -> HTTPFields {
    var fields = HTTPFields()
    for (name, value) in pairs {
      if let fieldName = HTTPField.Name(name) { fields[fieldName] = value }
    }
    return fields
  }

  /// Zoom's error body.
  static func zoomError(_ code: Int, _ message: String, status: HTTPResponse.Status) -> Response {
    json(#"{"code":\#(code),"message":"\#(message)"}"#, status: status)
  }
}
